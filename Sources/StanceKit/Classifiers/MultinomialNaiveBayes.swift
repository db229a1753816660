/// Multinomial naive Bayes (McCallum & Nigam 1998; scikit-learn's `MultinomialNB`).
///
/// `log P(w_j | c) = ln((N_cj + alpha) / (N_c + alpha |V|))` with `N_c = sum_j N_cj`, and
/// `jll(x)_c = log P(c) + sum_j x_j log P(w_j | c)`.
public struct MultinomialNaiveBayes: NaiveBayesClassifier {
    public static let kind = NaiveBayesKind.multinomial
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
        let weights = (0 ..< counts.classes.count).map { c in
            let row = counts.featureCounts(ofClass: c)
            let logTotal = log(row.reduce(0, +) + alpha * Double(counts.featureCount))
            return row.map { log($0 + alpha) - logTotal }
        }
        return (weights, counts.classLogPrior(options))
    }

    /// `log P(w_j | c)`, class-major (scikit-learn's `feature_log_prob_`).
    public var featureLogProbabilities: [[Double]] { Self.parameters(counts, options: options).classWeights }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
