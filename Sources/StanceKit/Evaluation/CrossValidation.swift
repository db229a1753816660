/// Stratified K-fold cross-validation of a `TextClassifier`: for each fold the vectorizer and the
/// classifier are fitted on the other folds only (so idf and vocabulary never see the test fold),
/// and the fold's confusion matrix is kept.
public enum CrossValidation {
    /// Runs `folds`-fold cross-validation with the fold shuffle seeded by `options.seed`; every
    /// fold trains within `limits`.
    public static func run(
        corpus: LabeledCorpus, options: TrainingOptions, folds: Int, limits: TrainingLimits = .init()
    ) throws -> CrossValidationSummary {
        let splitter = StratifiedKFold(folds: folds, seed: options.seed)
        try splitter.validate(labels: corpus.labels)
        let classes = corpus.classes
        var matrices: [ConfusionMatrix] = []
        for (train, test) in splitter.splits(labels: corpus.labels) {
            let training = corpus.subset(train)
            let testing = corpus.subset(test)
            let model = try TextClassifier.train(
                texts: training.texts, labels: training.labels, options: options, limits: limits)
            let predicted = model.predict(testing.texts)
            matrices.append(try ConfusionMatrix(truth: testing.labels, predicted: predicted, labels: classes))
        }
        return CrossValidationSummary(folds: matrices)
    }
}
