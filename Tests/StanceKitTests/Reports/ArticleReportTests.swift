import Foundation
import StanceKit
import Testing

/// The HTML report's structure: escaping, each sentence once, legend, bar, paragraphs, no
/// external assets.
@Suite struct ArticleReportTests {
    static let classes = ["analysis", "condemnation", "support"]

    /// A three-paragraph article: a sentence with markup characters, an ad line, two sentences.
    static func article(name: String = "news <1>.txt") -> ArticleReport.Article {
        let text = "He said <b>\"Stop\" & go</b> now.\nSubscribe now for just $1\nTalks ended. Both sides left.\n"
        let sentences = SentenceSplitter().split(text)
        let predictions: [Prediction?] = sentences.map { sentence in
            switch sentence.text {
            case "Talks ended.": return Prediction(label: "analysis", probabilities: [0.5, 0.3, 0.2])
            case "Both sides left.": return Prediction(label: "support", probabilities: [0.1, 0.1, 0.8])
            default: return sentence.isContent ? Prediction(label: "condemnation", probabilities: [0.05, 0.9, 0.05]) : nil
            }
        }
        return .init(name: name, title: "Page & \"title\"", text: text, sentences: sentences, predictions: predictions)
    }

    func render(threshold: Double = 0) -> (html: String, article: ArticleReport.Article) {
        var report = ArticleReport(classes: Self.classes, threshold: threshold)
        let article = Self.article()
        report.append(article)
        return (report.html(), article)
    }

    /// The occurrences of `needle` in `text`.
    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The numbers captured by the first group of `pattern`.
    func numbers(_ pattern: String, in text: String) throws -> [Double] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).flatMap { Double(text[$0]) }
        }
    }

    @Test("the fixture splits as the tests assume")
    func fixture() {
        let article = Self.article()
        #expect(article.sentences.map(\.text) == [
            "He said <b>\"Stop\" & go</b> now.", "Subscribe now for just $1", "Talks ended.", "Both sides left.",
        ])
        #expect(article.sentences.map(\.kind) == [.content, .advertising, .content, .content])
    }

    @Test("< > & \" in sentences, names and titles are escaped")
    func escaping() {
        let (html, _) = render()
        #expect(html.contains("He said &lt;b&gt;&quot;Stop&quot; &amp; go&lt;/b&gt; now."))
        #expect(!html.contains("<b>\"Stop\""))
        #expect(html.contains("<h2>news &lt;1&gt;.txt</h2>"))
        #expect(html.contains("<title>Stance: news &lt;1&gt;.txt</title>"))
        #expect(html.contains("Page &amp; &quot;title&quot;"))
        #expect(HTMLEscaping.escape("a<b>&\"'\n", lineBreaks: true) == "a&lt;b&gt;&amp;&quot;&#39;&#10;")
    }

    @Test("every sentence appears exactly once, with its label's class and probabilities")
    func everySentenceOnce() {
        let (html, article) = render()
        #expect(count("<span class=\"s ", in: html) == article.sentences.count)
        for index in article.sentences.indices {
            #expect(count("id=\"a1-s\(index)\"", in: html) == 1)
        }
        #expect(count(">Talks ended.</span>", in: html) == 1)
        #expect(html.contains("<span class=\"s c0\" id=\"a1-s2\" data-p=\"#2 analysis (offsets 58-70)&#10;analysis      0.5000&#10;condemnation  0.3000&#10;support       0.2000\">"))
        // Offsets counted by hand: the first line is 31 scalars and its LF, the ad line 25 and its LF.
        #expect(html.contains("<span class=\"s cn\" id=\"a1-s1\" data-p=\"#1 advertising (offsets 32-57)&#10;not classified (advertising)\">"))
    }

    @Test("the legend names every class, uncertain when a sentence is, and non-content when shown")
    func legend() {
        let (plain, _) = render()
        for name in Self.classes {
            #expect(plain.contains("<li><span class=\"swatch c\(Self.classes.firstIndex(of: name) ?? 0)\"></span>\(name) <b>"))
        }
        #expect(plain.contains("non-content <b>1</b> (not classified)"))
        #expect(!plain.contains("uncertain <b>"))
        let (strict, _) = render(threshold: 0.6)
        #expect(strict.contains("<li><span class=\"swatch cu\"></span>uncertain <b>1</b> (33%)</li>"))
        #expect(strict.contains("class=\"s cu\" id=\"a1-s2\""))
    }

    @Test("the bar's widths sum to 100% and its percentages to 100")
    func bar() throws {
        for threshold in [0, 0.6, 0.95] {
            let (html, _) = render(threshold: threshold)
            let widths = try numbers("class=\"seg [a-z0-9]+\" style=\"width:([0-9.]+)%\"", in: html)
            #expect(!widths.isEmpty)
            #expect(abs(widths.reduce(0, +) - 100) < 0.001, "\(widths)")
            let percentages = try numbers("title=\"[a-z]+: [0-9]+ of [0-9]+ \\(([0-9]+)%\\)\"", in: html)
            #expect(percentages.count == widths.count)
            #expect(percentages.reduce(0, +) == 100)
        }
    }

    @Test("the summary line is the one the text format prints")
    func summary() {
        let (html, article) = render()
        var report = ArticleReport(classes: Self.classes)
        report.append(article)
        let line = report.summary(article).line
        // Three sentences, one each: 33.3% each, the first remainder tie gets the missing point.
        #expect(line == "3 sentences: analysis 1 (34%), condemnation 1 (33%), support 1 (33%); dominant: analysis; uncertain: 0")
        #expect(html.contains("<p class=\"summary\">\(line)</p>"))
    }

    @Test("a line break between sentences starts a paragraph")
    func paragraphs() {
        let (html, _) = render()
        #expect(count("<p><span", in: html) == 3)
        #expect(html.contains("</span> <span class=\"s c2\" id=\"a1-s3\""))
    }

    @Test("the page is self-contained: no script, no external file")
    func selfContained() {
        let (html, _) = render()
        for needle in ["<script", "src=", "<link", "url(", "@import", "http://", "https://"] {
            #expect(!html.contains(needle), "\(needle)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test("several articles share one page, each with its own ids")
    func severalArticles() {
        var report = ArticleReport(classes: Self.classes)
        report.append(Self.article(name: "a.txt"))
        report.append(Self.article(name: "b.txt"))
        let html = report.html()
        #expect(count("<article class=\"report\"", in: html) == 2)
        #expect(html.contains("id=\"a2-s3\""))
        #expect(html.contains("<title>Stance: 2 articles</title>"))
    }
}
