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
    public let scorer: LinearScorer

    public init(counts: NaiveBayesCounts, options: NaiveBayesOptions = .init()) throws(ClassifierError) {
        try options.validate(classCount: counts.classes.count)
        self.options = options
        self.counts = counts
        let (weights, bias) = Self.parameters(counts, options: options)
        scorer = LinearScorer(classWeights: weights, bias: bias)
    }

    public static func parameters(_ counts: NaiveBayesCounts, options: NaiveBayesOptions)
        -> (classWeights: [[Double]], bias: [Double])
    {
        let alpha = options.effectiveAlpha
        let features = counts.featureCount
        let classCount = counts.classes.count
        var all = [Double](repeating: 0, count: features)
        for c in 0 ..< classCount {
            for (j, value) in counts.featureCounts(ofClass: c).enumerated() { all[j] += value }
        }
        let weights = (0 ..< classCount).map { c -> [Double] in
            let row = counts.featureCounts(ofClass: c)
            let complement = (0 ..< features).map { j in all[j] + alpha - row[row.startIndex + j] }
            let logTotal = log(complement.reduce(0, +))
            let logged = complement.map { log($0) - logTotal }
            if options.normalizeWeights {
                let sum = logged.reduce(0, +)
                return sum == 0 ? logged.map { _ in 0 } : logged.map { $0 / sum }
            }
            return logged.map { -$0 }
        }
        let bias = classCount == 1 ? counts.classLogPrior(options) : [Double](repeating: 0, count: classCount)
        return (weights, bias)
    }

    /// The weights (scikit-learn's `feature_log_prob_`), class-major.
    public var featureLogProbabilities: [[Double]] { Self.parameters(counts, options: options).classWeights }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
