#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One bin of a reliability diagram: the examples whose top probability is in `lower < p <= upper`.
public struct ReliabilityBin: Sendable, Equatable {
    /// The bin's lower edge (exclusive).
    public let lower: Double
    /// The bin's upper edge (inclusive).
    public let upper: Double
    /// The number of examples in the bin.
    public let count: Int
    /// Their mean top probability (0 for an empty bin).
    public let confidence: Double
    /// The share of them whose top class is the true one (0 for an empty bin).
    public let accuracy: Double
}

/// How good predicted probabilities are, for `n` examples with true class indices `y_i`:
///
/// - log-loss `-(1/n) sum_i ln P(y_i | x_i)`, computed from the log-probabilities, so an
///   over-confident wrong answer costs its true size (scikit-learn's `log_loss` clips
///   probabilities to machine epsilon first, which caps a single loss at about 36);
/// - Brier score `(1/n) sum_i sum_c (p_ic - [c = y_i])^2`, the multi-class score of Brier (1950)
///   and scikit-learn's `brier_score_loss(..., scale_by_half=False)`, in 0...2;
/// - expected calibration error (Naeini et al. 2015; Guo et al. 2017) over `binCount`
///   equal-width bins of the top probability `conf_i = max_c p_ic`: example `i` goes to bin
///   `b = min(M - 1, max(0, ceil(M conf_i) - 1))`, i.e. `(b/M, (b+1)/M]`, and
///   `ECE = sum_b (n_b / n) |acc_b - conf_b|` with `acc_b` the share of the bin whose top class
///   (the first maximum) is right and `conf_b` its mean top probability.
public struct ProbabilityMetrics: Sendable, Equatable {
    /// The number of examples.
    public let count: Int
    /// Mean negative log-probability of the true class.
    public let logLoss: Double
    /// Mean squared distance between the probabilities and the one-hot truth.
    public let brierScore: Double
    /// Weighted mean gap between accuracy and confidence over the bins.
    public let expectedCalibrationError: Double
    /// The reliability diagram's bins, lowest first.
    public let bins: [ReliabilityBin]

    /// Scores `logProbabilities` (one row per example, `ln P(c | x)` per class) against class
    /// indices `labels`.
    public init(logProbabilities: [[Double]], labels: [Int], binCount: Int = 15) {
        precondition(logProbabilities.count == labels.count, "\(logProbabilities.count) rows for \(labels.count) labels")
        precondition(binCount >= 1, "binCount must be >= 1, got \(binCount)")
        let n = labels.count
        var logLoss = 0.0, brier = 0.0
        var binCounts = [Int](repeating: 0, count: binCount)
        var binConfidence = [Double](repeating: 0, count: binCount)
        var binCorrect = [Int](repeating: 0, count: binCount)
        for (row, label) in zip(logProbabilities, labels) {
            precondition(row.indices.contains(label), "label \(label) out of 0..<\(row.count)")
            logLoss -= row[label]
            var top = 0
            for (c, logP) in row.enumerated() {
                let p = exp(logP)
                let truth = c == label ? 1.0 : 0.0
                brier += (p - truth) * (p - truth)
                if logP > row[top] { top = c }
            }
            let confidence = exp(row[top])
            let bin = min(binCount - 1, max(0, Int((confidence * Double(binCount)).rounded(.up)) - 1))
            binCounts[bin] += 1
            binConfidence[bin] += confidence
            if top == label { binCorrect[bin] += 1 }
        }
        var ece = 0.0
        bins = (0 ..< binCount).map { b in
            let size = binCounts[b]
            let confidence = size == 0 ? 0 : binConfidence[b] / Double(size)
            let accuracy = size == 0 ? 0 : Double(binCorrect[b]) / Double(size)
            if size > 0 { ece += Double(size) / Double(n) * abs(accuracy - confidence) }
            return ReliabilityBin(lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount),
                                  count: size, confidence: confidence, accuracy: accuracy)
        }
        count = n
        self.logLoss = n == 0 ? 0 : logLoss / Double(n)
        brierScore = n == 0 ? 0 : brier / Double(n)
        expectedCalibrationError = ece
    }

    /// `logLoss`, `brier` and `ece`, in that order, as one JSON object.
    public var json: JSONText {
        .object([("log_loss", .number(logLoss)), ("brier", .number(brierScore)), ("ece", .number(expectedCalibrationError))])
    }
}
