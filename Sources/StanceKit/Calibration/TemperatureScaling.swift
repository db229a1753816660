#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A fitted temperature and the log-loss it was fitted on.
public struct TemperatureFit: Sendable, Equatable {
    /// `T`: probabilities are `softmax(scores / T)`.
    public let temperature: Double
    /// The mean log-loss of the fitting scores at `T = 1` (uncalibrated).
    public let logLossBefore: Double
    /// The mean log-loss of the fitting scores at `temperature`; never above `logLossBefore`.
    public let logLossAfter: Double
}

/// Temperature scaling (Guo, Pleiss, Sun & Weinberger 2017, "On Calibration of Modern Neural
/// Networks"): one scalar `T > 0` divides every score before the softmax,
/// `P(c | x) = exp(s_c / T) / sum_k exp(s_k / T)`. The predicted class does not change; `T > 1`
/// softens over-confident probabilities (naive Bayes' usual problem), `T < 1` sharpens them.
///
/// `T` minimises the mean log-loss of held-out scores `s_i` with labels `y_i`,
/// `L(T) = (1/n) sum_i [ln sum_c exp(s_ic / T) - s_iy_i / T]`.
/// `L` is convex in `beta = 1/T` (a log-sum-exp of a linear function of `beta` minus a linear
/// one), so it is unimodal in `u = ln T`, and golden-section search on `u` over `searchRange`
/// finds the minimum to `|delta u| < 1e-9`. If the search's `T` were worse than `T = 1` on the
/// fitting scores (only possible when the minimum lies outside the range), `T = 1` is kept, so
/// fitting never increases the fitting log-loss.
public enum TemperatureScaling {
    /// The temperatures searched.
    public static let searchRange: ClosedRange<Double> = 1e-2 ... 1e4

    /// `L(T)` for row-major `scores` (`labels.count x classCount`) and class indices `labels`.
    public static func logLoss(scores: [Double], labels: [Int], classCount: Int, temperature: Double) -> Double {
        precondition(scores.count == labels.count * classCount, "scores \(scores.count) != \(labels.count) x \(classCount)")
        precondition(!labels.isEmpty, "logLoss needs at least one example")
        var total = 0.0
        scores.withUnsafeBufferPointer { s in
            for (row, label) in labels.enumerated() {
                let base = row * classCount
                var maximum = -Double.infinity
                for c in 0 ..< classCount { maximum = max(maximum, s[base + c] / temperature) }
                var sum = 0.0
                for c in 0 ..< classCount { sum += exp(s[base + c] / temperature - maximum) }
                total += maximum + log(sum) - s[base + label] / temperature
            }
        }
        return total / Double(labels.count)
    }

    /// The temperature minimising `logLoss` on `scores` (see the type's documentation).
    public static func fit(scores: [Double], labels: [Int], classCount: Int) -> TemperatureFit {
        func loss(_ u: Double) -> Double {
            logLoss(scores: scores, labels: labels, classCount: classCount, temperature: exp(u))
        }
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = log(searchRange.lowerBound), b = log(searchRange.upperBound)
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = loss(c), fd = loss(d)
        while b - a > 1e-9 {
            if fc <= fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = loss(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = loss(d)
            }
        }
        let before = loss(0)
        let temperature = exp((a + b) / 2)
        let after = logLoss(scores: scores, labels: labels, classCount: classCount, temperature: temperature)
        guard after <= before else { return TemperatureFit(temperature: 1, logLossBefore: before, logLossAfter: before) }
        return TemperatureFit(temperature: temperature, logLossBefore: before, logLossAfter: after)
    }

    /// `ln softmax(scores / T)` by log-sum-exp with the maximum subtracted first.
    public static func logProbabilities(_ scores: ArraySlice<Double>, temperature: Double) -> [Double] {
        LogSumExp.normalize(scores.map { $0 / temperature }[...])
    }
}
