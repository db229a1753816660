/// Counts of (true label, predicted label) pairs: `counts[t][p]` is the number of examples whose
/// true label is `labels[t]` and whose predicted label is `labels[p]`.
///
/// Rows are true labels and columns predictions, as in scikit-learn's `confusion_matrix`. The label
/// order is the caller's (usually the model's class order) and is kept in every report. Matrices
/// over the same labels add up, which pools the test folds of a cross-validation.
public struct ConfusionMatrix: Sendable, Equatable {
    /// The class labels, in row and column order.
    public let labels: [String]
    /// `labels.count` rows of `labels.count` counts; rows are true labels, columns predictions.
    public private(set) var counts: [[Int]]

    /// An all-zero matrix over `labels` (which must be distinct).
    public init(labels: [String]) {
        precondition(Set(labels).count == labels.count, "ConfusionMatrix labels must be distinct: \(labels)")
        self.labels = labels
        counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    /// A matrix with the given counts; `counts` must be square with one row per label.
    public init(labels: [String], counts: [[Int]]) {
        self.init(labels: labels)
        precondition(
            counts.count == labels.count && counts.allSatisfy { $0.count == labels.count },
            "ConfusionMatrix counts must be \(labels.count)x\(labels.count), got rows of \(counts.map(\.count))")
        precondition(counts.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "ConfusionMatrix counts must be >= 0")
        self.counts = counts
    }

    /// Counts the pairs `(truth[i], predicted[i])`.
    ///
    /// - Parameters:
    ///   - truth: The true labels, one per example.
    ///   - predicted: The predicted labels, in the same order.
    ///   - labels: The classes, in the order rows and columns should take (the model's classes).
    ///   - path: Where the true labels came from, for error messages.
    ///   - lines: The line of each example in `path` (defaults to `index + 1`).
    /// - Throws: `EvaluationError.lengthMismatch` when the counts differ, `.duplicateLabel` when
    ///   `labels` repeats one, `.unknownLabel` (with the example's `path:line`) for a label outside
    ///   `labels`.
    public init(
        truth: [String], predicted: [String], labels: [String],
        path: String = "<labels>", lines: [Int]? = nil
    ) throws(EvaluationError) {
        guard truth.count == predicted.count else {
            throw .lengthMismatch(truth: truth.count, predicted: predicted.count)
        }
        if let lines {
            precondition(lines.count == truth.count, "lines has \(lines.count) entries for \(truth.count) labels")
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(labels.count)
        for (position, label) in labels.enumerated() {
            guard index.updateValue(position, forKey: label) == nil else { throw .duplicateLabel(label) }
        }
        self.init(labels: labels)
        for example in truth.indices {
            guard let t = index[truth[example]] else {
                throw .unknownLabel(label: truth[example], classes: labels, path: path,
                                    line: lines?[example] ?? example + 1)
            }
            guard let p = index[predicted[example]] else {
                throw .unknownLabel(label: predicted[example], classes: labels, path: path,
                                    line: lines?[example] ?? example + 1)
            }
            counts[t][p] += 1
        }
    }

    /// The number of examples counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The number of correct predictions (the diagonal).
    public var correct: Int { labels.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// Examples per true label (row sums), in label order: scikit-learn's "support".
    public var support: [Int] { counts.map { $0.reduce(0, +) } }

    /// Predictions per label (column sums), in label order.
    public var predictedCounts: [Int] {
        labels.indices.map { column in counts.reduce(0) { $0 + $1[column] } }
    }

    /// Adds the counts of `other`, which must be over the same labels in the same order.
    public mutating func add(_ other: ConfusionMatrix) {
        precondition(labels == other.labels,
                     "cannot add confusion matrices over different labels: \(labels) and \(other.labels)")
        for row in counts.indices {
            for column in counts[row].indices {
                counts[row][column] += other.counts[row][column]
            }
        }
    }

    /// The element-wise sum of two matrices over the same labels (pools cross-validation folds).
    public static func + (lhs: ConfusionMatrix, rhs: ConfusionMatrix) -> ConfusionMatrix {
        var sum = lhs
        sum.add(rhs)
        return sum
    }

    /// Adds `rhs` into `lhs`; both must be over the same labels.
    public static func += (lhs: inout ConfusionMatrix, rhs: ConfusionMatrix) {
        lhs.add(rhs)
    }
}
