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
    /// The calibration temperature `T` (probabilities are `softmax(jll / T)`), nil when
    /// uncalibrated; see `TemperatureScaling`.
    public let temperature: Double?
    /// The latent semantic space for nearest training sentences, if the model was trained with
    /// one (`addingSemanticSpace`, `stance train --lsa-rank R`).
    public let semanticSpace: SemanticSpace?

    /// A model from its parts.
    public init(
        vectorizer: Vectorizer, classifier: any NaiveBayesClassifier, options: TrainingOptions,
        temperature: Double? = nil, semanticSpace: SemanticSpace? = nil
    ) {
        precondition(vectorizer.featureCount == classifier.counts.featureCount,
                     "vectorizer has \(vectorizer.featureCount) features, classifier \(classifier.counts.featureCount)")
        precondition(temperature.map { $0 > 0 && $0.isFinite } ?? true, "temperature must be finite and > 0")
        if let semanticSpace {
            precondition(semanticSpace.featureCount == vectorizer.featureCount,
                         "semantic space has \(semanticSpace.featureCount) features, vectorizer \(vectorizer.featureCount)")
            let known = Set(classifier.classes)
            precondition(semanticSpace.labels.allSatisfy(known.contains), "semantic space labels outside the classes")
        }
        self.vectorizer = vectorizer
        self.classifier = classifier
        self.options = options
        self.temperature = temperature
        self.semanticSpace = semanticSpace
    }

    /// Class labels, sorted.
    public var classes: [String] { classifier.classes }

    /// Fits the vectorizer and the classifier on `texts` with their `labels` (with
    /// `CorpusTrainer`, in chunks; the result does not depend on `threads`), within `limits`
    /// (a vocabulary or a `classes x features` table past them throws before it is allocated).
    public static func train(
        texts: TextBatch, labels: [String], options: TrainingOptions = .init(), limits: TrainingLimits = .init(),
        threads: Int? = nil
    ) throws -> TextClassifier {
        precondition(texts.count == labels.count, "texts \(texts.count) != labels \(labels.count)")
        let corpus = LabeledCorpus(texts: texts, labels: labels, lines: (0 ..< labels.count).map { $0 + 1 })
        return try CorpusTrainer(options: options, limits: limits, threads: threads).train(corpus).model
    }

    /// The most likely label of each text.
    public func predict(_ texts: TextBatch) -> [String] {
        classifier.predict(vectorizer.transform(texts))
    }

    /// `P(c | text)` per text, in the order of `classes`: `softmax(jll / T)` when calibrated.
    public func predictProbabilities(_ texts: TextBatch) -> [[Double]] {
        guard let temperature else { return classifier.predictProbabilities(vectorizer.transform(texts)) }
        let jll = classifier.jointLogLikelihood(vectorizer.transform(texts))
        return Self.probabilities(jointLogLikelihood: jll, classCount: classes.count, temperature: temperature)
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

    /// A prediction made elsewhere (another model, a stored run), for ``ArticleReport``.
    public init(label: String, probabilities: [Double]) {
        self.label = label
        self.probabilities = probabilities
    }
}
