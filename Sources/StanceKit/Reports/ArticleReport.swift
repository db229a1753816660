/// A self-contained HTML page that shows classified articles: every sentence highlighted in its
/// stance's colour, a legend, the stance shares as a stacked bar, the per-article summary line,
/// and each sentence's probabilities when the pointer rests on it.
///
/// ```swift
/// var report = ArticleReport(classes: model.classes, threshold: 0.5)
/// report.append(.init(name: "article.txt", text: text, sentences: sentences, predictions: predictions))
/// try AtomicFile.write(Array(report.html().utf8), to: "report.html")
/// ```
///
/// The page needs nothing else: one inline style sheet, no script, no external file, no font
/// download, so it can be mailed or archived as it is. Sentences are `<span>`s with an `id`
/// (`a1-s3`: article 1, sentence index 3) and their probabilities in a `data-p` attribute that
/// CSS shows on `:hover`, and also on `:target`, so `report.html#a1-s3` opens with that
/// sentence's probabilities shown (useful for screenshots and links). A paragraph break is
/// placed wherever the article has a line break between two sentences. Colours are fixed for
/// `condemnation` (red), `support` (green) and `analysis` (blue), `uncertain` (amber) and
/// non-content lines (grey, italic); other classes take a palette in class order. Each label
/// also has its own underline style, so the page reads without colour vision.
public struct ArticleReport: Sendable {
    /// One classified article.
    public struct Article: Sendable {
        /// Where the article came from (a path, or `-` for standard input).
        public let name: String
        /// The page's title for HTML input, else nil.
        public let title: String?
        /// The text the sentences were split from (their offsets count into it).
        public let text: String
        /// The units shown, in order: sentences, and non-content lines when kept.
        public let sentences: [Sentence]
        /// Each unit's prediction, or nil for a unit that was not classified (non-content).
        public let predictions: [Prediction?]

        /// An article; `predictions` must have one entry per sentence.
        public init(name: String, title: String? = nil, text: String, sentences: [Sentence], predictions: [Prediction?]) {
            precondition(sentences.count == predictions.count,
                         "\(sentences.count) sentences but \(predictions.count) predictions")
            self.name = name
            self.title = title
            self.text = text
            self.sentences = sentences
            self.predictions = predictions
        }
    }

    /// The model's classes, in the order of the probabilities.
    public let classes: [String]
    /// Top probability below which a sentence is ``ArticleSummary/uncertain`` (0: never).
    public let threshold: Double
    /// The articles, in the order they were added.
    public private(set) var articles: [Article] = []

    /// An empty report for a model with `classes`.
    public init(classes: [String], threshold: Double = 0) {
        self.classes = classes
        self.threshold = threshold
    }

    /// Adds an article.
    public mutating func append(_ article: Article) {
        articles.append(article)
    }

    /// The label shown for unit `index` of `article`: its class, `uncertain`, or its content kind.
    public func label(_ article: Article, _ index: Int) -> String {
        guard let prediction = article.predictions[index] else { return article.sentences[index].kind.rawValue }
        return ArticleSummary.label(for: prediction, threshold: threshold)
    }

    /// The tally of `article`'s classified sentences.
    public func summary(_ article: Article) -> ArticleSummary {
        ArticleSummary(classes: classes, labels: article.sentences.indices.compactMap {
            article.predictions[$0] == nil ? nil : label(article, $0)
        })
    }

    /// The whole page.
    public func html() -> String {
        let heading = articles.count == 1 ? articles[0].name : "\(articles.count) articles"
        let threshold = threshold > 0 ? "threshold \(self.threshold)" : "no threshold"
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="stance classify --format html">
            <title>Stance: \(HTMLEscaping.escape(heading))</title>
            <style>
            \(styleSheet())</style>
            </head>
            <body>
            <main>
            <h1>Stance report</h1>
            <p class="lede">Classes: \(HTMLEscaping.escape(classes.joined(separator: ", "))); \(threshold). \
            Rest the pointer on a sentence to see its probabilities.</p>

            """
        for (number, article) in articles.enumerated() {
            page += section(article, id: "a\(number + 1)")
        }
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// The CSS class of a label: `c0`, `c1`, ... for the model's classes, `cu` for uncertain,
    /// `cn` for non-content.
    func cssClass(_ label: String) -> String {
        if let index = classes.firstIndex(of: label) { return "c\(index)" }
        return label == ArticleSummary.uncertain ? "cu" : "cn"
    }

    /// One article: heading, bar, legend, summary line and text.
    private func section(_ article: Article, id: String) -> String {
        let summary = summary(article)
        var html = "<article class=\"report\" id=\"\(id)\">\n<h2>\(HTMLEscaping.escape(article.name))</h2>\n"
        if let title = article.title { html += "<p class=\"page-title\">\(HTMLEscaping.escape(title))</p>\n" }
        html += "<div class=\"bar\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(summary.line))\">"
        for index in summary.labels.indices where summary.counts[index] > 0 {
            let share = summary.share(at: index)
            let label = summary.labels[index]
            let text = share >= 0.08 ? "\(HTMLEscaping.escape(label)) \(summary.percentages[index])%" : ""
            html += "<div class=\"seg \(cssClass(label))\" style=\"width:\(Self.percent(share))%\" "
                + "title=\"\(HTMLEscaping.escape(label)): \(summary.counts[index]) of \(summary.total) "
                + "(\(summary.percentages[index])%)\">\(text)</div>"
        }
        html += "</div>\n<ul class=\"legend\">\n"
        for index in summary.labels.indices {
            html += "<li><span class=\"swatch \(cssClass(summary.labels[index]))\"></span>"
                + "\(HTMLEscaping.escape(summary.labels[index])) <b>\(summary.counts[index])</b> (\(summary.percentages[index])%)</li>\n"
        }
        let furniture = article.predictions.filter { $0 == nil }.count
        if furniture > 0 {
            html += "<li><span class=\"swatch cn\"></span>non-content <b>\(furniture)</b> (not classified)</li>\n"
        }
        html += "</ul>\n<p class=\"summary\">\(HTMLEscaping.escape(summary.line))</p>\n"
        html += body(article, id: id)
        return html + "</article>\n"
    }

    /// The article's text: one `<p>` per run of sentences without a line break between them.
    private func body(_ article: Article, id: String) -> String {
        let scalars = Array(article.text.unicodeScalars)
        var html = "<div class=\"text\">\n<p>"
        var previousEnd: Int?
        for (index, sentence) in article.sentences.enumerated() {
            if let end = previousEnd {
                let gap = scalars[min(end, scalars.count) ..< min(max(end, sentence.start), scalars.count)]
                html += gap.contains("\n") || gap.contains("\r") ? "</p>\n<p>" : " "
            }
            previousEnd = sentence.end
            let label = label(article, index)
            html += "<span class=\"s \(cssClass(label))\" id=\"\(id)-s\(index)\" data-p=\""
                + HTMLEscaping.escape(tooltip(article, index, label: label), lineBreaks: true) + "\">"
                + HTMLEscaping.escape(sentence.text) + "</span>"
        }
        return html + "</p>\n</div>\n"
    }

    /// `#3 analysis (offsets 160-260)` and one line per class: `analysis  0.9132`.
    private func tooltip(_ article: Article, _ index: Int, label: String) -> String {
        let sentence = article.sentences[index]
        var lines = ["#\(index) \(label) (offsets \(sentence.start)-\(sentence.end))"]
        if let prediction = article.predictions[index] {
            let width = classes.map(\.count).max() ?? 0
            for (name, probability) in zip(classes, prediction.probabilities) {
                lines.append(name + String(repeating: " ", count: width - name.count + 2) + Self.fixed(probability, digits: 4))
            }
        } else {
            lines.append("not classified (\(sentence.kind.rawValue))")
        }
        return lines.joined(separator: "\n")
    }

    /// `share` (a fraction) in percent with 4 decimals, for a CSS width.
    static func percent(_ share: Double) -> String {
        fixed(share * 100, digits: 4)
    }

    /// `value` (not negative) with `digits` decimals, the same on every platform.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1
        for _ in 0 ..< digits { scale *= 10 }
        let scaled = Int((max(0, value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        return "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}
