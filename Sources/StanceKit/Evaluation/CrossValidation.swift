/// Stratified K-fold cross-validation of a `TextClassifier`: for each fold the vectorizer and the
/// classifier are fitted on the other folds only (so idf and vocabulary never see the test fold),
/// and the fold's confusion matrix is kept.
public enum CrossValidation {
    /// Runs `folds`-fold cross-validation with the fold shuffle seeded by `options.seed`; every
    /// fold trains within `limits`.
    public static func run(
        corpus: LabeledCorpus, options: TrainingOptions, folds: Int, limits: TrainingLimits = .init()
    ) throws -> CrossValidationSummary {
        try options.classifier.validate(classCount: corpus.classes.count)
        try limits.validate()
        let prepared = try PreparedFolds(
            corpus: corpus, vectorizer: options.vectorizer, folds: folds, seed: options.seed,
            maxVocabulary: limits.maxVocabulary)
        for fold in prepared.folds {
            try limits.checkWeights(classes: Set(fold.trainingLabels).count, features: fold.training.columnCount)
        }
        return try prepared.evaluate(model: options.model, classifier: options.classifier)
    }
}

/// The folds of a cross-validation with each fold's vectorizer fitted on its training part and
/// both parts transformed, ready for any classifier: `OptionSearch` vectorizes once per feature
/// setting and reuses the folds for every classifier option, with the same results as
/// `CrossValidation.run` for each.
public struct PreparedFolds: Sendable {
    /// One fold's vectorizer and matrices.
    public struct Fold: Sendable {
        /// The vectorizer fitted on the training part.
        public let vectorizer: Vectorizer
        /// The training part, transformed.
        public let training: SparseMatrix
        /// The training part's labels.
        public let trainingLabels: [String]
        /// The test part, transformed by `vectorizer`.
        public let test: SparseMatrix
        /// The test part's labels.
        public let testLabels: [String]
    }

    /// The corpus's classes (sorted by UTF-8 bytes): the confusion matrices' labels.
    public let classes: [String]
    /// The folds, in `StratifiedKFold` order.
    public let folds: [Fold]

    /// Splits `corpus` with `StratifiedKFold(folds:seed:)` and vectorizes every fold with `vectorizer`.
    public init(
        corpus: LabeledCorpus, vectorizer options: VectorizerOptions, folds: Int, seed: UInt64,
        maxVocabulary: Int = TrainingLimits().maxVocabulary
    ) throws {
        let splitter = StratifiedKFold(folds: folds, seed: seed)
        try splitter.validate(labels: corpus.labels)
        classes = corpus.classes
        self.folds = try splitter.splits(labels: corpus.labels).map { train, test in
            let training = corpus.subset(train)
            let testing = corpus.subset(test)
            let (vectorizer, matrix) = try Vectorizer.fit(training.texts, options: options, maxVocabulary: maxVocabulary)
            return Fold(vectorizer: vectorizer, training: matrix, trainingLabels: training.labels,
                        test: vectorizer.transform(testing.texts), testLabels: testing.labels)
        }
    }

    /// Fits a `model` classifier with `classifier` options on each fold and scores its test part.
    public func evaluate(model: NaiveBayesKind, classifier: NaiveBayesOptions) throws -> CrossValidationSummary {
        try summary { fold, _ in try model.fit(fold.training, labels: fold.trainingLabels, options: classifier) }
    }

    /// Each fold's training counts, binarised above `threshold` when given (what
    /// `NaiveBayesClassifier.fit` accumulates): multinomial and complement NB share them, and
    /// every alpha reuses them.
    public func counts(binarizeAbove threshold: Float?) throws(ClassifierError) -> [NaiveBayesCounts] {
        var result: [NaiveBayesCounts] = []
        for fold in folds {
            let labels = fold.trainingLabels
            let foldClasses = Array(Set(labels)).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
            guard let first = foldClasses.first else { throw .noExamples }
            guard foldClasses.count > 1 else { throw .singleClass(first) }
            var index: [String: Int] = [:]
            for (i, label) in foldClasses.enumerated() { index[label] = i }
            var counts = NaiveBayesCounts(classes: foldClasses, featureCount: fold.training.columnCount)
            counts.add(fold.training, labels: labels.compactMap { index[$0] }, binarizeAbove: threshold)
            result.append(counts)
        }
        return result
    }

    /// Like `evaluate(model:classifier:)`, from each fold's precomputed `counts`.
    public func evaluate(model: NaiveBayesKind, classifier: NaiveBayesOptions, counts: [NaiveBayesCounts]) throws
        -> CrossValidationSummary
    {
        precondition(counts.count == folds.count, "\(counts.count) counts for \(folds.count) folds")
        return try summary { _, k in try model.make(counts: counts[k], options: classifier) }
    }

    private func summary(_ classifier: (Fold, Int) throws -> any NaiveBayesClassifier) throws -> CrossValidationSummary {
        var matrices: [ConfusionMatrix] = []
        for (k, fold) in folds.enumerated() {
            let predicted = try classifier(fold, k).predict(fold.test)
            matrices.append(try ConfusionMatrix(truth: fold.testLabels, predicted: predicted, labels: classes))
        }
        return CrossValidationSummary(folds: matrices)
    }
}
