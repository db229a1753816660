/// Multinomial naive Bayes (McCallum & Nigam 1998; scikit-learn's `MultinomialNB`).
///
/// `log P(w_j | c) = ln((N_cj + alpha) / (N_c + alpha |V|))` with `N_c = sum_j N_cj`, and
/// `jll(x)_c = log P(c) + sum_j x_j log P(w_j | c)`.
public struct MultinomialNaiveBayes: NaiveBayesClassifier {
    public static let kind = NaiveBayesKind.multinomial
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

    /// `w_cj = ln(N_cj + alpha) - ln(N_c + alpha |V|)`; `ln(alpha)` is computed once for all
    /// zero counts, which are most of them with n-grams.
    public static func weights(_ counts: NaiveBayesCounts, options: NaiveBayesOptions, _ row: (Int, [Double]) -> Void)
        -> [Double]
    {
        let alpha = options.effectiveAlpha
        let logAlpha = log(alpha)
        var weights = [Double](repeating: 0, count: counts.featureCount)
        counts.forEachRow { c, classCounts in
            let logTotal = log(classCounts.reduce(0, +) + alpha * Double(counts.featureCount))
            for (j, n) in zip(0..., classCounts) { weights[j] = (n == 0 ? logAlpha : log(n + alpha)) - logTotal }
            row(c, weights)
        }
        return counts.classLogPrior(options)
    }

    /// The weights of `weights` as exceptions (`WeightExceptions`): every zero count of class
    /// `c` has the base weight `ln(alpha) - ln(N_c + alpha |V|)` (the dense table's
    /// `logAlpha - logTotal`), and each non-zero count is an exception
    /// `ln(N_cj + alpha) - ln(N_c + alpha |V|)`, so only the non-zero counts' logs are taken.
    /// `N_c` sums the non-zero counts by ascending feature: the dense row's sum without its
    /// `+ 0` steps, which change nothing, so every weight is bitwise the dense one.
    ///
    /// The exceptions are filled a block of features at a time (`forEachNonzeroByFeatureBlock`),
    /// not class after class: loading 20 Newsgroups' bigram model (`stance evaluate`, the thread
    /// that derives the weights, medians of 10 alternating runs) took 62.7 -> 47.5 ms.
    static func exceptionScorer(
        _ counts: NaiveBayesCounts, options: NaiveBayesOptions, exceptionsPerFeature: inout [Int32]
    ) -> LinearScorer {
        let alpha = options.effectiveAlpha
        let logAlpha = log(alpha)
        let logTotals = (0 ..< counts.classes.count).map { c in
            var total = 0.0
            counts.forEachNonzero(ofClass: c) { _, n in total += n }
            return log(total + alpha * Double(counts.featureCount))
        }
        var builder = WeightExceptions.Builder(
            base: logTotals.map { logAlpha - $0 }, exceptionsPerFeature: &exceptionsPerFeature)
        counts.forEachNonzeroByFeatureBlock { j, c, n in builder.append(feature: j, class: c, weight: log(n + alpha) - logTotals[c]) }
        return builder.finish(bias: counts.classLogPrior(options))
    }

    /// `log P(w_j | c)`, class-major (scikit-learn's `feature_log_prob_`).
    public var featureLogProbabilities: [[Double]] { classWeights }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
