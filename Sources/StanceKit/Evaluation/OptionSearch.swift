/// Cross-validated search over training options (scikit-learn's `GridSearchCV` over a
/// `TfidfVectorizer` + naive Bayes pipeline, scored by macro-F1).
///
/// Every candidate is scored by stratified K-fold cross-validation with the same folds
/// (`StratifiedKFold(folds:seed:)`), exactly as `CrossValidation.run` scores it: per fold the
/// vectorizer is fitted on the training part only. Candidates that share a feature setting
/// share one vectorization per fold, and classifiers that accumulate the same counts share them
/// (`PreparedFolds`), which changes no result. The ranking is by mean macro-F1 over the folds,
/// then mean accuracy, then grid order, so it is deterministic.
public enum OptionSearch {
    /// One scored candidate.
    public struct Result: Sendable, Equatable {
        /// 1 for the best.
        public let rank: Int
        /// The candidate's position in the grid's `candidates` order.
        public let gridIndex: Int
        /// The candidate.
        public let options: TrainingOptions
        /// Its cross-validation scores.
        public let summary: CrossValidationSummary
    }

    /// Scores every candidate of `grid` (built on `base`) with `folds`-fold cross-validation
    /// seeded by `seed`, and returns them ranked, best first. `progress` is called after each
    /// candidate with the number done and the total.
    public static func run(
        corpus: LabeledCorpus, grid: Grid, folds: Int, seed: UInt64 = 0, base: TrainingOptions = .init(),
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> [Result] {
        var base = base
        base.seed = seed
        let candidates = grid.candidates(base: base)
        precondition(!candidates.isEmpty, "the search grid is empty")
        for candidate in candidates { try candidate.classifier.validate(classCount: corpus.classes.count) }
        var settings: [VectorizerOptions] = []
        var members: [VectorizerOptions: [Int]] = [:]
        for (i, candidate) in candidates.enumerated() {
            if members[candidate.vectorizer] == nil { settings.append(candidate.vectorizer) }
            members[candidate.vectorizer, default: []].append(i)
        }
        var summaries = [CrossValidationSummary?](repeating: nil, count: candidates.count)
        var done = 0
        for setting in settings {
            let prepared = try PreparedFolds(corpus: corpus, vectorizer: setting, folds: folds, seed: seed)
            var counts: [Float?: [NaiveBayesCounts]] = [:]
            for i in members[setting] ?? [] {
                let candidate = candidates[i]
                let threshold = candidate.model == .bernoulli ? candidate.classifier.binarizeThreshold : nil
                if counts[threshold] == nil { counts[threshold] = try prepared.counts(binarizeAbove: threshold) }
                summaries[i] = try prepared.evaluate(
                    model: candidate.model, classifier: candidate.classifier, counts: counts[threshold] ?? [])
                done += 1
                progress?(done, candidates.count)
            }
        }
        let scored = candidates.indices.compactMap { i in summaries[i].map { (i, $0) } }
        let ranked = scored.sorted { a, b in
            if a.1.meanMacroF1 != b.1.meanMacroF1 { return a.1.meanMacroF1 > b.1.meanMacroF1 }
            if a.1.meanAccuracy != b.1.meanAccuracy { return a.1.meanAccuracy > b.1.meanAccuracy }
            return a.0 < b.0
        }
        return ranked.enumerated().map { rank, entry in
            Result(rank: rank + 1, gridIndex: entry.0, options: candidates[entry.0], summary: entry.1)
        }
    }
}
