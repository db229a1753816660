/// Everything that decides a trained model: features, classifier and seed. Stored in the model
/// file, so a model says how it was made.
public struct TrainingOptions: Sendable, Equatable, Hashable {
    /// Tokenization, n-grams, weighting and pruning.
    public var vectorizer: VectorizerOptions
    /// The naive Bayes variant. Default multinomial.
    public var model: NaiveBayesKind
    /// Smoothing, priors and variant-specific options.
    public var classifier: NaiveBayesOptions
    /// Seed for everything random around training (fold shuffles, sampling). Default 0.
    public var seed: UInt64

    /// Options with the documented defaults.
    public init(
        vectorizer: VectorizerOptions = .init(), model: NaiveBayesKind = .multinomial,
        classifier: NaiveBayesOptions = .init(), seed: UInt64 = 0
    ) {
        self.vectorizer = vectorizer
        self.model = model
        self.classifier = classifier
        self.seed = seed
    }
}

extension NaiveBayesKind {
    /// The classifier of this kind for `counts`.
    public func make(counts: NaiveBayesCounts, options: NaiveBayesOptions) throws(ClassifierError)
        -> any NaiveBayesClassifier
    {
        switch self {
        case .multinomial: return try MultinomialNaiveBayes(counts: counts, options: options)
        case .complement: return try ComplementNaiveBayes(counts: counts, options: options)
        case .bernoulli: return try BernoulliNaiveBayes(counts: counts, options: options)
        }
    }

    /// Fits a classifier of this kind.
    public func fit(_ matrix: SparseMatrix, labels: [String], options: NaiveBayesOptions) throws(ClassifierError)
        -> any NaiveBayesClassifier
    {
        switch self {
        case .multinomial: return try MultinomialNaiveBayes.fit(matrix, labels: labels, options: options)
        case .complement: return try ComplementNaiveBayes.fit(matrix, labels: labels, options: options)
        case .bernoulli: return try BernoulliNaiveBayes.fit(matrix, labels: labels, options: options)
        }
    }
}
