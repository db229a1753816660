/// Bernoulli naive Bayes (scikit-learn's `BernoulliNB`): features are present or absent.
///
/// `p_cj = (N_cj + alpha) / (N_c + 2 alpha)`, with `N_cj` the number of class-`c` examples with
/// feature `j` present, and
/// `jll(x)_c = log P(c) + sum_j [x_j ln p_cj + (1 - x_j) ln(1 - p_cj)]`
/// `        = log P(c) + sum_j ln(1 - p_cj) + sum_j x_j (ln p_cj - ln(1 - p_cj))`,
/// which is linear in the binarised `x`: absent features count too, through the bias.
public struct BernoulliNaiveBayes: NaiveBayesClassifier {
    public static let kind = NaiveBayesKind.bernoulli
    public let options: NaiveBayesOptions
    public let counts: NaiveBayesCounts
    private let cache = ScorerCache()

    /// The weights and bias, derived from `counts` on first use (see `ScorerCache`), as
    /// exceptions to a base row when that is cheaper (`preferredScorer`).
    public var scorer: LinearScorer {
        cache.value { Self.preferredScorer(counts, options: options, exceptions: { Self.exceptionScorer($0, options: $1, exceptionsPerFeature: &$2) }) }
    }

    public init(counts: NaiveBayesCounts, options: NaiveBayesOptions = .init()) throws(ClassifierError) {
        try options.validate(classCount: counts.classes.count)
        self.options = options
        self.counts = counts
    }

    /// The weights per class; the values for a zero count are computed once per class.
    public static func weights(_ counts: NaiveBayesCounts, options: NaiveBayesOptions, _ row: (Int, [Double]) -> Void)
        -> [Double]
    {
        let alpha = options.effectiveAlpha
        let prior = counts.classLogPrior(options)
        var bias: [Double] = []
        var weights = [Double](repeating: 0, count: counts.featureCount)
        counts.forEachRow { c, classCounts in
            let logTotal = log(counts.classCounts[c] + 2 * alpha)
            let zeroLogP = log(alpha) - logTotal
            let zeroLogNotP = log1p(-exp(zeroLogP))
            var negativeSum = 0.0
            for (j, n) in zip(0..., classCounts) {
                let logP = n == 0 ? zeroLogP : log(n + alpha) - logTotal
                let logNotP = n == 0 ? zeroLogNotP : log1p(-exp(logP))
                negativeSum += logNotP
                weights[j] = logP - logNotP
            }
            bias.append(prior[c] + negativeSum)
            row(c, weights)
        }
        return bias
    }

    /// The weights of `weights` as exceptions (`WeightExceptions`): every zero count of class
    /// `c` has the base weight `ln p0_c - ln(1 - p0_c)` with `p0_c = alpha / (N_c + 2 alpha)`,
    /// and each non-zero count is an exception `ln p_cj - ln(1 - p_cj)`. The bias still adds
    /// `ln(1 - p_cj)` for every feature, zero counts included, one at a time in feature order as
    /// `weights` does, so it is bitwise the same (a sum in another order could differ in the
    /// last bit); that is an addition per cell, but no logarithm.
    static func exceptionScorer(
        _ counts: NaiveBayesCounts, options: NaiveBayesOptions, exceptionsPerFeature: inout [Int32]
    ) -> LinearScorer {
        let alpha = options.effectiveAlpha
        let prior = counts.classLogPrior(options)
        let logTotals = counts.classCounts.map { log($0 + 2 * alpha) }
        let zeroLogPs = logTotals.map { log(alpha) - $0 }
        let zeroLogNotPs = zeroLogPs.map { log1p(-exp($0)) }
        var builder = WeightExceptions.Builder(
            base: zip(zeroLogPs, zeroLogNotPs).map { $0 - $1 },
            exceptionsPerFeature: &exceptionsPerFeature)
        // Each class's bias sums its features in ascending order, as `weights` does; the
        // exceptions come a block of features at a time (`forEachNonzeroByFeatureBlock`), so
        // each class keeps its running sum and next feature between blocks.
        var negativeSums = [Double](repeating: 0, count: counts.classes.count)
        var nexts = [Int](repeating: 0, count: counts.classes.count)
        counts.forEachNonzeroByFeatureBlock { j, c, n in
            var negativeSum = negativeSums[c], next = nexts[c]
            let zeroLogNotP = zeroLogNotPs[c]
            while next < j {
                negativeSum += zeroLogNotP
                next += 1
            }
            let logP = log(n + alpha) - logTotals[c]
            let logNotP = log1p(-exp(logP))
            negativeSums[c] = negativeSum + logNotP
            nexts[c] = j + 1
            builder.append(feature: j, class: c, weight: logP - logNotP)
        }
        var bias: [Double] = []
        for c in 0 ..< counts.classes.count {
            var negativeSum = negativeSums[c]
            for _ in nexts[c] ..< counts.featureCount { negativeSum += zeroLogNotPs[c] }
            bias.append(prior[c] + negativeSum)
        }
        return builder.finish(bias: bias)
    }

    /// `ln p_cj` (scikit-learn's `feature_log_prob_`), class-major.
    public var featureLogProbabilities: [[Double]] {
        let alpha = options.effectiveAlpha
        return (0 ..< counts.classes.count).map { c in
            let logTotal = log(counts.classCounts[c] + 2 * alpha)
            return counts.featureCounts(ofClass: c).map { log($0 + alpha) - logTotal }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
