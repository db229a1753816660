extension CrossValidationSummary {
    /// A plain-text report: one line per fold with its accuracy and macro-F1, their mean and
    /// population standard deviation, then `ClassificationMetrics.table(digits:)` of the pooled
    /// predictions.
    ///
    /// ```
    /// fold  accuracy  macro-f1   support
    ///    1      0.80      0.80        10
    ///    2      0.70      0.70        10
    /// mean      0.75      0.75
    /// std       0.05      0.05
    ///
    /// pooled over 2 folds:
    ///               precision    recall  f1-score   support
    /// ...
    /// ```
    public func table(digits: Int = 2) -> String {
        func number(_ value: Double) -> String { "  " + ReportText.right(ReportText.fixed(value, digits: digits), 8) }
        var text = "fold" + "  " + ReportText.right("accuracy", 8) + "  " + ReportText.right("macro-f1", 8)
            + "  " + ReportText.right("support", 8) + "\n"
        for (k, fold) in folds.enumerated() {
            text += ReportText.right(String(k + 1), 4) + number(fold.accuracy) + number(fold.macroF1)
                + "  " + ReportText.right(String(fold.confusion.total), 8) + "\n"
        }
        text += ReportText.left("mean", 4) + number(meanAccuracy) + number(meanMacroF1) + "\n"
        text += ReportText.left("std", 4) + number(accuracyStandardDeviation) + number(macroF1StandardDeviation) + "\n"
        text += "\npooled over \(folds.count) fold\(folds.count == 1 ? "" : "s"):\n"
        return text + pooled.table(digits: digits)
    }

    /// One compact JSON object with these keys, in this order: `folds` (the number of folds),
    /// `accuracy` and `accuracy_std` (mean and population std over folds), `macro_f1` and
    /// `macro_f1_std` (likewise), `weighted_f1` (of the pooled matrix), `fold_accuracy` and
    /// `fold_macro_f1` (one number per fold), `per_class` and `confusion` (of the pooled matrix, as
    /// in `ClassificationMetrics.json()`).
    public func json() -> String {
        JSONText.object([
            ("folds", .integer(folds.count)),
            ("accuracy", .number(meanAccuracy)),
            ("accuracy_std", .number(accuracyStandardDeviation)),
            ("macro_f1", .number(meanMacroF1)),
            ("macro_f1_std", .number(macroF1StandardDeviation)),
            ("weighted_f1", .number(pooled.weightedF1)),
            ("fold_accuracy", .numbers(foldAccuracy)),
            ("fold_macro_f1", .numbers(foldMacroF1)),
            ("per_class", pooled.perClassJSON),
            ("confusion", pooled.confusionJSON),
        ]).text
    }
}
