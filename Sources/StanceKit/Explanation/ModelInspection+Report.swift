extension ModelInspection {
    /// A plain-text report: vocabulary size, calibration, training examples per class, the
    /// options, and each class's top features with their score and counts.
    public func table() -> String {
        let total = trainingCounts.reduce(0, +)
        let labelWidth = classes.map(\.count).max() ?? 0
        var text = "vocabulary: \(vocabularySize) features\n"
        text += "classifier: \(options.model.rawValue) naive Bayes, alpha \(options.classifier.alpha)\n"
        text += "calibration: " + (temperature.map { "temperature \(ReportText.fixed($0, digits: 4))" } ?? "none") + "\n"
        text += "training examples: \(ReportText.fixed(total, digits: 0))\n"
        for (label, n) in zip(classes, trainingCounts) {
            text += "  " + ReportText.left(label, labelWidth) + "  " + ReportText.right(ReportText.fixed(n, digits: 0), 7)
                + "  (" + ReportText.fixed(total == 0 ? 0 : n / total * 100, digits: 1) + "%)\n"
        }
        text += "options:\n"
        for (key, value) in optionPairs { text += "  \(key)=\(value)\n" }
        let formula = options.model == .bernoulli ? "ln p(j | c) - ln p(j | not c), document shares" : "ln P(w | c) - ln P(w | not c)"
        text += "\nmost indicative n-grams per class (score = \(formula); counts in class / elsewhere):\n"
        for (label, terms) in zip(classes, topTerms) {
            text += "\n\(label)\n"
            let width = terms.map(\.displayName.count).max() ?? 0
            for (rank, term) in terms.enumerated() {
                text += ReportText.right(String(rank + 1), 4) + "  " + ReportText.right(ReportText.fixed(term.score, digits: 3), 7)
                    + "  " + ReportText.left(term.displayName, width) + "  " + Self.count(term.countInClass)
                    + " / " + Self.count(term.countElsewhere) + "\n"
            }
        }
        return text
    }

    /// A count, as an integer when it is one (TF-IDF counts are fractional).
    static func count(_ value: Double) -> String {
        value == value.rounded() ? ReportText.fixed(value, digits: 0) : ReportText.fixed(value, digits: 2)
    }

    /// One JSON object: `vocabulary_size`, `model`, `alpha`, `temperature` (or null), `options`
    /// (key → value strings), `training_counts` (label → count), `top` (label → list of
    /// `{"feature","display","kind","score","count_in_class","count_elsewhere"}`).
    public var json: JSONText {
        .object([
            ("vocabulary_size", .integer(vocabularySize)),
            ("model", .string(options.model.rawValue)),
            ("alpha", .number(options.classifier.alpha)),
            ("temperature", temperature.map(JSONText.number) ?? .null),
            ("options", .object(optionPairs.map { ($0.key, .string($0.value)) })),
            ("training_counts", .object(zip(classes, trainingCounts).map { ($0, .number($1)) })),
            ("top", .object(zip(classes, topTerms).map { label, terms in
                (label, .array(terms.map { term in
                    .object([
                        ("feature", .string(term.term)),
                        ("display", .string(term.displayName)),
                        ("kind", .string(term.term.utf8.first == Analyzer.characterNGramMarker ? "char" : "word")),
                        ("score", .number(term.score)),
                        ("count_in_class", .number(term.countInClass)),
                        ("count_elsewhere", .number(term.countElsewhere)),
                    ])
                }))
            })),
        ])
    }
}
