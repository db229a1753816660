/// Complement naive Bayes (Rennie, Shih, Teevan & Karger 2003; scikit-learn's `ComplementNB`).
///
/// Each class is scored against the counts of all OTHER classes:
/// `theta~_cj = (alpha + sum_{k != c} N_kj) / (alpha |V| + sum_{k != c} sum_i N_ki)` and
/// `w_cj = ln theta~_cj`. With `normalizeWeights` (Rennie's step 4.2),
/// `w_cj = ln theta~_cj / sum_i ln theta~_ci`; otherwise `w_cj = -ln theta~_cj`. With a single
/// feature `ln theta~_c1 = 0` and the normalised weight is 0/0: it is taken as 0 (every class
/// scores alike), where scikit-learn gives NaN.
/// Rennie classifies by argmin of `x . ln theta~_c`; the sign flip to `-ln theta~` (and the
/// division by the negative sum when normalising) turns that into the usual argmax.
/// As in scikit-learn, the class prior is not used (it is added only when there is one class),
/// and Rennie's TF transform, idf and length normalisation (steps 1-3) are left to the
/// vectorizer's options (`sublinearTF`, TF-IDF, l2 norm).
public struct ComplementNaiveBayes: NaiveBayesClassifier {
    public static let kind = NaiveBayesKind.complement
    public let options: NaiveBayesOptions
    public let counts: NaiveBayesCounts
    private let cache = ScorerCache()

    /// The weights and bias, derived from `counts` on first use (see `ScorerCache`).
    public var scorer: LinearScorer { cache.value { Self.makeScorer(counts, options: options) } }

    public init(counts: NaiveBayesCounts, options: NaiveBayesOptions = .init()) throws(ClassifierError) {
        try options.validate(classCount: counts.classes.count)
        self.options = options
        self.counts = counts
    }

    /// The weights per class; `ln(alpha + sum_k N_kj)` is computed once per feature and reused
    /// for every class with `N_cj = 0`.
    public static func weights(_ counts: NaiveBayesCounts, options: NaiveBayesOptions, _ row: (Int, [Double]) -> Void)
        -> [Double]
    {
        let alpha = options.effectiveAlpha
        let features = counts.featureCount
        let classCount = counts.classes.count
        var all = [Double](repeating: 0, count: features)
        counts.forEachRow { _, classCounts in
            for (j, value) in zip(0..., classCounts) { all[j] += value }
        }
        let logAll = all.map { log($0 + alpha) }
        let grandTotal = all.reduce(0, +)
        var weights = [Double](repeating: 0, count: features)
        counts.forEachRow { c, classCounts in
            // sum_j (all_j + alpha - N_cj) = sum_j all_j + alpha |V| - N_c
            let logTotal = log(grandTotal + alpha * Double(features) - classCounts.reduce(0, +))
            var sum = 0.0
            for (j, n) in zip(0..., classCounts) {
                let logged = (n == 0 ? logAll[j] : log(all[j] + alpha - n)) - logTotal
                weights[j] = logged
                sum += logged
            }
            if options.normalizeWeights {
                // One feature, or all weights zero: sum is 0 and every weight is 0 (not NaN).
                for j in 0 ..< features { weights[j] = sum == 0 ? 0 : weights[j] / sum }
            } else {
                for j in 0 ..< features { weights[j] = -weights[j] }
            }
            row(c, weights)
        }
        return classCount == 1 ? counts.classLogPrior(options) : [Double](repeating: 0, count: classCount)
    }

    /// The weights (scikit-learn's `feature_log_prob_`), class-major.
    public var featureLogProbabilities: [[Double]] { classWeights }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
