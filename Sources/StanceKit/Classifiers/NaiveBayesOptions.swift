/// The naive Bayes variants.
public enum NaiveBayesKind: String, Sendable, CaseIterable {
    /// `MultinomialNaiveBayes`.
    case multinomial
    /// `ComplementNaiveBayes`.
    case complement
    /// `BernoulliNaiveBayes`.
    case bernoulli
}

/// Options shared by the naive Bayes classifiers, with scikit-learn's names and defaults.
public struct NaiveBayesOptions: Sendable, Equatable, Hashable {
    /// Additive (Laplace/Lidstone) smoothing `alpha`. Default 1.0. Values below 1e-10 are raised to
    /// 1e-10 (scikit-learn's behaviour with `force_alpha=False`), so no log of zero is taken.
    public var alpha: Double
    /// Learn class priors from class frequencies; otherwise uniform. Default true.
    public var fitPrior: Bool
    /// Explicit class priors, in the order of the sorted class labels; overrides `fitPrior`.
    public var classPriors: [Double]?
    /// Complement NB only: normalise the weights (Rennie et al.'s step 4.2, scikit-learn's
    /// `norm=True`). Default false, as scikit-learn.
    public var normalizeWeights: Bool
    /// Bernoulli NB only: a feature counts as present when its value is above this threshold
    /// (scikit-learn's `binarize=0.0`).
    public var binarizeThreshold: Float

    /// Options with the documented defaults.
    public init(
        alpha: Double = 1.0, fitPrior: Bool = true, classPriors: [Double]? = nil, normalizeWeights: Bool = false,
        binarizeThreshold: Float = 0
    ) {
        self.alpha = alpha
        self.fitPrior = fitPrior
        self.classPriors = classPriors
        self.normalizeWeights = normalizeWeights
        self.binarizeThreshold = binarizeThreshold
    }

    /// `alpha` as used in the formulas.
    public var effectiveAlpha: Double { max(alpha, 1e-10) }

    /// Checks the values against `classCount` classes.
    public func validate(classCount: Int) throws(ClassifierError) {
        guard alpha >= 0, alpha.isFinite else { throw .invalidOption("--alpha must be a finite number >= 0, got \(alpha)") }
        if let classPriors {
            guard classPriors.count == classCount else {
                throw .invalidOption("\(classPriors.count) class priors given for \(classCount) classes")
            }
            guard classPriors.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(classPriors.reduce(0, +) - 1) < 1e-6 else {
                throw .invalidOption("class priors must be non-negative and sum to 1")
            }
        }
    }
}

/// Problems fitting or applying a classifier.
public enum ClassifierError: Error, CustomStringConvertible, Equatable {
    /// An option value is out of range.
    case invalidOption(String)
    /// Training data with fewer than two classes.
    case singleClass(String)
    /// No training examples.
    case noExamples
    /// `partialFit` saw a label outside the classes given at the start.
    case unknownLabel(String, known: [String])
    /// Classes times features exceed `NaiveBayesCounts.maximumCells`.
    case tooLarge(classes: Int, features: Int)
    /// The matrix's column count differs from the model's feature count.
    case featureCountMismatch(expected: Int, found: Int)
    /// `classes x features` weights would exceed `TrainingLimits.maxWeights`.
    case tooManyWeights(classes: Int, features: Int, limit: Int)
    /// Training gave weights that are not finite or beyond `LinearScorer.maximumWeight`
    /// (possible with a tiny `alpha` and extreme counts); such a model could only predict NaN.
    case unboundedWeights(alpha: Double)

    public var description: String {
        switch self {
        case .invalidOption(let message):
            return "\(message); see --help for the allowed values"
        case .singleClass(let label):
            return "the training data has a single class (\"\(label)\"); a classifier needs at least two classes: "
                + "add examples of another class"
        case .noExamples:
            return "no training examples; give a corpus with at least one labeled line per class"
        case .unknownLabel(let label, let known):
            return "label \"\(label)\" is not one of the model's classes (\(known.joined(separator: ", "))); "
                + "fix the label or retrain with it"
        case .tooLarge(let classes, let features):
            return "\(classes) classes x \(features) features exceed the model size limit of "
                + "\(NaiveBayesCounts.maximumCells) cells; use --max-features or a higher --min-df, or fewer classes"
        case .featureCountMismatch(let expected, let found):
            return "the matrix has \(found) features but the model expects \(expected); "
                + "transform the text with the model's own vectorizer"
        case .tooManyWeights(let classes, let features, let limit):
            let (weights, overflow) = classes.multipliedReportingOverflow(by: features)
            return "\(classes) classes x \(features) features = \(overflow ? "more than \(Int.max)" : "\(weights)") weights, "
                + "more than --max-weights \(limit); "
                + "keep fewer features (--max-features, --min-df) or merge classes, or raise --max-weights if memory allows"
        case .unboundedWeights(let alpha):
            return "training gave weights that are not finite or beyond ±\(LinearScorer.maximumWeight) "
                + "(--alpha \(alpha) is too small for these counts); raise --alpha"
        }
    }
}
