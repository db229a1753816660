/// The scores of a k-fold cross-validation: each fold's accuracy and macro-F1, their mean and
/// spread, and the metrics of the pooled confusion matrix (the sum of the folds' matrices).
///
/// The spread is the population standard deviation, `sqrt(Σ (x - mean)² / k)` over the `k` folds:
/// numpy's `np.std` default (`ddof=0`), so it is 0 for a single fold. (scikit-learn's
/// `cross_val_score(...).std()` reports the same.)
public struct CrossValidationSummary: Sendable, Equatable {
    /// The metrics of each fold's test set, in fold order.
    public let folds: [ClassificationMetrics]
    /// The metrics of all test predictions together (the folds' confusion matrices summed).
    public let pooled: ClassificationMetrics

    /// Summarises the folds' confusion matrices, which must be non-empty and over the same labels.
    public init(folds matrices: [ConfusionMatrix]) {
        precondition(!matrices.isEmpty, "CrossValidationSummary needs at least one fold")
        var pooledMatrix = ConfusionMatrix(labels: matrices[0].labels)
        for matrix in matrices { pooledMatrix += matrix }
        folds = matrices.map(ClassificationMetrics.init)
        pooled = ClassificationMetrics(pooledMatrix)
    }

    /// Each fold's accuracy, in fold order.
    public var foldAccuracy: [Double] { folds.map(\.accuracy) }

    /// Each fold's macro-averaged F1, in fold order.
    public var foldMacroF1: [Double] { folds.map(\.macroF1) }

    /// The mean of the folds' accuracies.
    public var meanAccuracy: Double { Self.mean(foldAccuracy) }

    /// The population standard deviation (ddof = 0) of the folds' accuracies.
    public var accuracyStandardDeviation: Double { Self.standardDeviation(foldAccuracy) }

    /// The mean of the folds' macro-F1 scores.
    public var meanMacroF1: Double { Self.mean(foldMacroF1) }

    /// The population standard deviation (ddof = 0) of the folds' macro-F1 scores.
    public var macroF1StandardDeviation: Double { Self.standardDeviation(foldMacroF1) }

    /// `Σ x / n`, as `np.mean` (the folds are never empty).
    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// `sqrt(Σ (x - mean)² / n)`, as `np.std(x)` with its default `ddof=0`.
    static func standardDeviation(_ values: [Double]) -> Double {
        let center = mean(values)
        let squares = values.reduce(0.0) { $0 + ($1 - center) * ($1 - center) }
        return (squares / Double(values.count)).squareRoot()
    }
}
