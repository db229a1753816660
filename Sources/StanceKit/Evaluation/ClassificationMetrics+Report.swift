extension ClassificationMetrics {
    /// A plain-text report laid out exactly like scikit-learn's `classification_report(digits:)`
    /// (a header, one row per class, then `accuracy`, `macro avg` and `weighted avg`), followed by
    /// the confusion matrix with true labels down the side and predicted labels across the top.
    ///
    /// ```
    ///               precision    recall  f1-score   support
    ///
    ///          neg       0.80      0.67      0.73         6
    ///          pos       0.60      0.75      0.67         4
    ///
    ///     accuracy                           0.70        10
    ///    macro avg       0.70      0.71      0.70        10
    /// weighted avg       0.72      0.70      0.70        10
    ///
    /// confusion matrix (rows: true label, columns: predicted label)
    ///      neg  pos
    /// neg    4    2
    /// pos    1    3
    /// ```
    /// Numbers are rounded half to even on their exact binary value, as Python's `format` does.
    public func table(digits: Int = 2) -> String {
        classificationReport(digits: digits) + "\n" + confusionTable()
    }

    /// The scikit-learn-shaped part of `table(digits:)`, ending with a newline.
    func classificationReport(digits: Int) -> String {
        let width = max(perClass.map(\.label.count).max() ?? 0, "weighted avg".count, digits)
        func number(_ value: Double) -> String { " " + ReportText.right(ReportText.fixed(value, digits: digits), 9) }
        func row(_ name: String, _ p: Double, _ r: Double, _ f: Double, _ support: Int) -> String {
            ReportText.right(name, width) + " " + number(p) + number(r) + number(f)
                + " " + ReportText.right(String(support), 9) + "\n"
        }
        var report = ReportText.right("", width) + " "
        for header in ["precision", "recall", "f1-score", "support"] {
            report += " " + ReportText.right(header, 9)
        }
        report += "\n\n"
        for metrics in perClass {
            report += row(metrics.label, metrics.precision, metrics.recall, metrics.f1, metrics.support)
        }
        let total = confusion.total
        report += "\n" + ReportText.right("accuracy", width) + " " + String(repeating: " ", count: 20)
            + number(accuracy) + " " + ReportText.right(String(total), 9) + "\n"
        report += row("macro avg", macroPrecision, macroRecall, macroF1, total)
        report += row("weighted avg", weightedPrecision, weightedRecall, weightedF1, total)
        return report
    }

    /// The confusion matrix as an aligned grid, under a title line, ending with a newline.
    func confusionTable() -> String {
        let labels = confusion.labels
        let side = labels.map(\.count).max() ?? 0
        let cell = max(labels.map(\.count).max() ?? 0, confusion.counts.joined().map { String($0).count }.max() ?? 1)
        var text = "confusion matrix (rows: true label, columns: predicted label)\n"
        text += ReportText.right("", side) + labels.map { "  " + ReportText.right($0, cell) }.joined() + "\n"
        for (label, row) in zip(labels, confusion.counts) {
            text += ReportText.right(label, side) + row.map { "  " + ReportText.right(String($0), cell) }.joined() + "\n"
        }
        return text
    }

    /// One compact JSON object with exactly these keys, in this order:
    /// `accuracy`, `macro_f1`, `weighted_f1` (fractions in 0...1), `per_class` (label →
    /// `{"precision","recall","f1","support"}`, in label order) and `confusion`
    /// (`{"labels": [...], "matrix": [[...]]}`, rows = true labels). Numbers use `Double.description`.
    /// `extra` members follow these, in their order.
    public func json(appending extra: [(String, JSONText)] = []) -> String {
        JSONText.object([
            ("accuracy", .number(accuracy)),
            ("macro_f1", .number(macroF1)),
            ("weighted_f1", .number(weightedF1)),
            ("per_class", perClassJSON),
            ("confusion", confusionJSON),
        ] + extra).text
    }

    /// `per_class`: label → precision, recall, f1, support.
    var perClassJSON: JSONText {
        .object(perClass.map { metrics in
            (metrics.label, .object([
                ("precision", .number(metrics.precision)),
                ("recall", .number(metrics.recall)),
                ("f1", .number(metrics.f1)),
                ("support", .integer(metrics.support)),
            ]))
        })
    }

    /// `confusion`: the labels and the matrix rows.
    var confusionJSON: JSONText {
        .object([
            ("labels", .array(confusion.labels.map(JSONText.string))),
            ("matrix", .array(confusion.counts.map(JSONText.integers))),
        ])
    }
}
