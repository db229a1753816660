/// Precision, recall, F1 and support of one class.
public struct ClassMetrics: Sendable, Equatable {
    /// The class label.
    public let label: String
    /// `tp / (tp + fp)`: the share of predictions of this class that were right; 0 when the class
    /// was never predicted (scikit-learn's `zero_division` default).
    public let precision: Double
    /// `tp / (tp + fn)`: the share of this class's examples that were found; 0 when it has none.
    public let recall: Double
    /// `2 tp / (2 tp + fp + fn)`, the harmonic mean of precision and recall, written on counts as
    /// scikit-learn does; 0 when `tp + fp + fn = 0`, and 0 whenever `tp = 0` (so when p + r = 0).
    public let f1: Double
    /// The number of examples whose true label is this class.
    public let support: Int

    /// Metrics with the given values (normally computed by `ClassificationMetrics`).
    public init(label: String, precision: Double, recall: Double, f1: Double, support: Int) {
        self.label = label
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.support = support
    }
}

/// The numbers of scikit-learn's `classification_report`, computed from a confusion matrix.
///
/// For class `c` with `tp` true positives, `fp = predicted(c) - tp` and `fn = support(c) - tp`:
/// precision `tp / (tp + fp)`, recall `tp / (tp + fn)`, F1 `2 tp / (2 tp + fp + fn)`; a zero
/// denominator gives 0, as scikit-learn's default `zero_division="warn"` does. Every label of the
/// matrix is reported, including labels with no support (as `classification_report(labels=...)`).
///
/// - accuracy: correct / total (0 for an empty matrix);
/// - macro averages: the unweighted mean over the labels;
/// - weighted averages: the mean weighted by support, `Σ support_c · m_c / Σ support_c`
///   (0 when there is no support at all).
public struct ClassificationMetrics: Sendable, Equatable {
    /// The matrix the metrics were computed from.
    public let confusion: ConfusionMatrix
    /// One entry per label, in the matrix's label order.
    public let perClass: [ClassMetrics]
    /// The fraction of examples predicted correctly, in 0...1.
    public let accuracy: Double
    /// The unweighted mean of per-class precision.
    public let macroPrecision: Double
    /// The unweighted mean of per-class recall.
    public let macroRecall: Double
    /// The unweighted mean of per-class F1.
    public let macroF1: Double
    /// Per-class precision averaged with support as weights.
    public let weightedPrecision: Double
    /// Per-class recall averaged with support as weights.
    public let weightedRecall: Double
    /// Per-class F1 averaged with support as weights.
    public let weightedF1: Double

    /// Computes every metric of `confusion`.
    public init(_ confusion: ConfusionMatrix) {
        self.confusion = confusion
        let support = confusion.support
        let predicted = confusion.predictedCounts
        var perClass: [ClassMetrics] = []
        perClass.reserveCapacity(confusion.labels.count)
        for (c, label) in confusion.labels.enumerated() {
            let tp = Double(confusion.counts[c][c])
            perClass.append(ClassMetrics(
                label: label,
                precision: Self.divide(tp, Double(predicted[c])),
                recall: Self.divide(tp, Double(support[c])),
                // scikit-learn: (1 + β²) tp / (β² true_sum + pred_sum) with β = 1.
                f1: Self.divide(2 * tp, Double(support[c]) + Double(predicted[c])),
                support: support[c]))
        }
        self.perClass = perClass
        let total = confusion.total
        accuracy = Self.divide(Double(confusion.correct), Double(total))
        macroPrecision = Self.mean(perClass.map(\.precision))
        macroRecall = Self.mean(perClass.map(\.recall))
        macroF1 = Self.mean(perClass.map(\.f1))
        weightedPrecision = Self.weightedMean(perClass.map(\.precision), weights: support)
        weightedRecall = Self.weightedMean(perClass.map(\.recall), weights: support)
        weightedF1 = Self.weightedMean(perClass.map(\.f1), weights: support)
    }

    /// Scores predictions against true labels; see `ConfusionMatrix.init(truth:predicted:labels:path:lines:)`
    /// for the arguments and errors.
    public init(
        truth: [String], predicted: [String], labels: [String],
        path: String = "<labels>", lines: [Int]? = nil
    ) throws(EvaluationError) {
        self.init(try ConfusionMatrix(truth: truth, predicted: predicted, labels: labels, path: path, lines: lines))
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (scikit-learn's zero-division value).
    static func divide(_ numerator: Double, _ denominator: Double) -> Double {
        denominator == 0 ? 0 : numerator / denominator
    }

    /// The arithmetic mean, `Σ x / n` (0 for no values).
    static func mean(_ values: [Double]) -> Double {
        divide(values.reduce(0, +), Double(values.count))
    }

    /// `Σ w·x / Σ w` as `numpy.average(x, weights=w)` (0 when the weights sum to 0).
    static func weightedMean(_ values: [Double], weights: [Int]) -> Double {
        let weightedSum = zip(values, weights).reduce(0.0) { $0 + $1.0 * Double($1.1) }
        return divide(weightedSum, Double(weights.reduce(0, +)))
    }
}
