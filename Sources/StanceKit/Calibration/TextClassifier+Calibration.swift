#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension TextClassifier {
    /// The same model with probabilities `softmax(jll / temperature)`; nil removes calibration.
    public func withTemperature(_ temperature: Double?) -> TextClassifier {
        TextClassifier(
            vectorizer: vectorizer, classifier: classifier, options: options, temperature: temperature,
            semanticSpace: semanticSpace)
    }

    /// The joint log-likelihood of each text, row-major `texts.count x classes.count`.
    public func jointLogLikelihood(_ texts: TextBatch) -> [Double] {
        classifier.jointLogLikelihood(vectorizer.transform(texts))
    }

    /// `ln P(c | text)` from row-major joint log-likelihoods: `ln softmax(jll / T)`, or the
    /// classifier's own normalisation when `temperature` is nil.
    public static func logProbabilities(jointLogLikelihood jll: [Double], classCount: Int, temperature: Double?)
        -> [[Double]]
    {
        precondition(classCount > 0 && jll.count % classCount == 0, "jll \(jll.count) is not rows x \(classCount)")
        return (0 ..< jll.count / classCount).map { row in
            let slice = jll[row * classCount ..< (row + 1) * classCount]
            guard let temperature else { return LogSumExp.normalize(slice) }
            return TemperatureScaling.logProbabilities(slice, temperature: temperature)
        }
    }

    /// `P(c | text)` from row-major joint log-likelihoods (see `logProbabilities`).
    public static func probabilities(jointLogLikelihood jll: [Double], classCount: Int, temperature: Double?)
        -> [[Double]]
    {
        logProbabilities(jointLogLikelihood: jll, classCount: classCount, temperature: temperature)
            .map { $0.map { exp($0) } }
    }

    /// Out-of-fold joint log-likelihoods: each example is scored by a model (vectorizer and
    /// classifier) trained on the other `folds - 1` stratified folds (`StratifiedKFold` seeded
    /// with `options.seed`). Returns the scores row-major in the order of `texts`, each label's
    /// index in `classes`, and the classes (sorted by UTF-8 bytes, as every model's).
    public static func outOfFoldJointLogLikelihood(
        texts: TextBatch, labels: [String], options: TrainingOptions, folds: Int
    ) throws -> (scores: [Double], labels: [Int], classes: [String]) {
        precondition(texts.count == labels.count, "texts \(texts.count) != labels \(labels.count)")
        let splitter = StratifiedKFold(folds: folds, seed: options.seed)
        do {
            try splitter.validate(labels: labels)
        } catch {
            switch error {
            case .tooFewFolds(let k): throw CalibrationError.tooFewFolds(k)
            case let .tooFewExamples(label, count, k): throw CalibrationError.tooFewExamples(label: label, count: count, folds: k)
            default: throw error
            }
        }
        let classes = Array(Set(labels)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var index: [String: Int] = [:]
        for (i, label) in classes.enumerated() { index[label] = i }
        let k = classes.count
        var scores = [Double](repeating: 0, count: labels.count * k)
        for (train, test) in splitter.splits(labels: labels) {
            let model = try TextClassifier.train(
                texts: texts.subset(train), labels: train.map { labels[$0] }, options: options)
            precondition(model.classes == classes, "a training fold lacks a class despite validation")
            let jll = model.jointLogLikelihood(texts.subset(test))
            for (position, example) in test.enumerated() {
                for c in 0 ..< k { scores[example * k + c] = jll[position * k + c] }
            }
        }
        return (scores, labels.compactMap { index[$0] }, classes)
    }

    /// Trains on all of `texts` and calibrates the probabilities with a temperature fitted on
    /// out-of-fold joint log-likelihoods (`outOfFoldJointLogLikelihood`, then
    /// `TemperatureScaling.fit`). Predictions are those of `train`; only probabilities change.
    public static func trainCalibrated(
        texts: TextBatch, labels: [String], options: TrainingOptions = .init(), folds: Int = 5,
        limits: TrainingLimits = .init()
    ) throws -> (model: TextClassifier, fit: TemperatureFit) {
        let heldOut = try outOfFoldJointLogLikelihood(texts: texts, labels: labels, options: options, folds: folds)
        let fit = TemperatureScaling.fit(scores: heldOut.scores, labels: heldOut.labels, classCount: heldOut.classes.count)
        let model = try train(texts: texts, labels: labels, options: options, limits: limits)
        return (model.withTemperature(fit.temperature), fit)
    }
}
