/// A trained text classifier: a fitted `Vectorizer` followed by a naive Bayes classifier.
///
/// ```swift
/// let model = try TextClassifier.train(texts: TextBatch(sentences), labels: labels)
/// let labels = model.predict(TextBatch(["Seoul condemned the pact."]))
/// ```
public struct TextClassifier: Sendable {
    /// The fitted vectorizer.
    public let vectorizer: Vectorizer
    /// The fitted classifier.
    public let classifier: any NaiveBayesClassifier
    /// The options the model was trained with.
    public let options: TrainingOptions

    /// A model from its parts.
    public init(vectorizer: Vectorizer, classifier: any NaiveBayesClassifier, options: TrainingOptions) {
        precondition(vectorizer.featureCount == classifier.counts.featureCount,
                     "vectorizer has \(vectorizer.featureCount) features, classifier \(classifier.counts.featureCount)")
        self.vectorizer = vectorizer
        self.classifier = classifier
        self.options = options
    }

    /// Class labels, sorted.
    public var classes: [String] { classifier.classes }

    /// Fits the vectorizer and the classifier on `texts` with their `labels`, within `limits`
    /// (a vocabulary or a `classes x features` table past them throws before it is allocated).
    public static func train(
        texts: TextBatch, labels: [String], options: TrainingOptions = .init(), limits: TrainingLimits = .init()
    ) throws -> TextClassifier {
        precondition(texts.count == labels.count, "texts \(texts.count) != labels \(labels.count)")
        guard !labels.isEmpty else { throw ClassifierError.noExamples }
        let distinct = Set(labels)
        if distinct.count == 1, let only = distinct.first { throw ClassifierError.singleClass(only) }
        try options.classifier.validate(classCount: distinct.count)
        try limits.validate()
        let (vectorizer, matrix) = try Vectorizer.fit(texts, options: options.vectorizer, maxVocabulary: limits.maxVocabulary)
        try limits.checkWeights(classes: distinct.count, features: vectorizer.featureCount)
        let classifier = try options.model.fit(matrix, labels: labels, options: options.classifier)
        guard classifier.scorer.isBounded else { throw ClassifierError.unboundedWeights(alpha: options.classifier.alpha) }
        return TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options)
    }

    /// The most likely label of each text.
    public func predict(_ texts: TextBatch) -> [String] {
        classifier.predict(vectorizer.transform(texts))
    }

    /// `P(c | text)` per text, in the order of `classes`.
    public func predictProbabilities(_ texts: TextBatch) -> [[Double]] {
        classifier.predictProbabilities(vectorizer.transform(texts))
    }

    /// Label and class probabilities of each text.
    public func classify(_ texts: TextBatch) -> [Prediction] {
        let probabilities = predictProbabilities(texts)
        return probabilities.map { row in
            var best = 0
            for c in 1 ..< row.count where row[c] > row[best] { best = c }
            return Prediction(label: classes[best], probabilities: row)
        }
    }
}

/// One text's predicted label and its class probabilities.
public struct Prediction: Sendable, Equatable {
    /// The most likely class.
    public let label: String
    /// `P(c | text)` in the order of the model's classes.
    public let probabilities: [Double]
}
