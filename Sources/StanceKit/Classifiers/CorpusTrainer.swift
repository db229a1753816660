/// Trains a `TextClassifier` from a `CorpusSource` in two passes over its chunks, so memory is
/// bounded by the model (vocabulary and counts) and a few chunks, not by the corpus:
///
/// 1. tokenize each chunk into a local vocabulary with document frequencies and total counts,
///    and merge them (the ids of the final vocabulary come from sorting, so the merge order
///    cannot change them); prune and compute idf (`VocabularyPruning`);
/// 2. vectorize each chunk with the fitted vectorizer and add its rows to the naive Bayes counts.
///
/// Chunks are processed on `threads` threads and merged in chunk order, so the model file is
/// byte-identical for any thread count, and identical to `Vectorizer.fit` followed by `fit`.
public struct CorpusTrainer: Sendable {
    /// What to train.
    public var options: TrainingOptions
    /// Caps on the vocabulary and the weights (checked before allocating).
    public var limits: TrainingLimits
    /// Threads for tokenizing and counting. Default: the active processor count, at most 8.
    public var threads: Int

    /// A trainer for `options` within `limits` on `threads` threads.
    public init(options: TrainingOptions = .init(), limits: TrainingLimits = .init(), threads: Int? = nil) {
        self.options = options
        self.limits = limits
        self.threads = max(1, threads ?? min(8, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// What training saw.
    public struct Summary: Sendable {
        /// Documents per class label.
        public var classCounts: [String: Int] = [:]
        /// Documents read.
        public var documents = 0
        /// Bytes of text read.
        public var bytes = 0
        /// Invalid lines skipped (with `skipInvalid`).
        public var skipped = 0

        /// Nothing seen yet.
        public init() {}

        /// What an in-memory corpus holds.
        public init(corpus: LabeledCorpus) {
            for label in corpus.labels { classCounts[label, default: 0] += 1 }
            documents = corpus.count
            bytes = corpus.texts.bytes.count
            skipped = corpus.skipped
        }
    }

    /// The trained model and what it was trained on. `progress` is called on the calling thread
    /// after each chunk with the pass (1 or 2) and the bytes of text done in that pass.
    public func train(_ source: some CorpusSource, progress: ((Int, Int) -> Void)? = nil) throws
        -> (model: TextClassifier, summary: Summary)
    {
        try options.vectorizer.validate()
        try limits.validate()
        let maxVocabulary = limits.maxVocabulary
        let analyzer = Analyzer(options: options.vectorizer.tokenizer)

        // Pass 1: vocabulary, document frequencies, total counts, classes.
        var vocabulary = Vocabulary(capacity: 1 << 16)
        var df: [Int32] = []
        var totals: [Double] = []
        var summary = Summary()
        try ChunkPipeline.run(source, threads: threads, work: { (chunk: LabeledCorpus) -> ChunkTerms in
            var counter = TermCounter(vocabulary: Vocabulary(capacity: 1 << 14), growing: true)
            do {
                try counter.count(chunk.texts, analyzer: analyzer, statisticsOnly: true, maxVocabulary: maxVocabulary)
            } catch let error as VectorizerError {
                return ChunkTerms(vocabulary: Vocabulary(), df: [], totals: [], failure: error)
            } catch {
                preconditionFailure("TermCounter.count throws only VectorizerError")
            }
            let (chunkDF, chunkTotals) = counter.documentFrequencies()
            return ChunkTerms(vocabulary: counter.vocabulary, df: chunkDF, totals: chunkTotals, failure: nil)
        }, merge: { chunk, terms in
            if let failure = terms.failure {
                throw VectorizerError.vocabularyTooLarge(limit: maxVocabulary, document: summary.documents + failure.document)
            }
            let local = terms.vocabulary
            for id in 0 ..< local.count {
                if id + 16 < local.count { vocabulary.prefetch(hash: local.hash(ofTerm: id + 16)) }
                let global = Int(local.withTermBytes(id) { vocabulary.insert($0, hash: local.hash(ofTerm: id)) })
                if global == df.count {
                    df.append(0)
                    totals.append(0)
                }
                df[global] += terms.df[id]
                totals[global] += terms.totals[id]
            }
            if vocabulary.count > maxVocabulary {
                throw VectorizerError.vocabularyTooLarge(limit: maxVocabulary, document: summary.documents + chunk.count)
            }
            for label in chunk.labels { summary.classCounts[label, default: 0] += 1 }
            summary.documents += chunk.count
            summary.bytes += chunk.texts.bytes.count
            summary.skipped += chunk.skipped
            progress?(1, summary.bytes)
        })
        guard summary.documents > 0 else { throw ClassifierError.noExamples }
        let classes = summary.classCounts.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        if classes.count == 1 { throw ClassifierError.singleClass(classes[0]) }
        try options.classifier.validate(classCount: classes.count)
        let (vectorizer, _) = try VocabularyPruning.vectorizer(
            vocabulary: vocabulary, documentFrequencies: df, totals: totals, documents: summary.documents,
            options: options.vectorizer)
        vocabulary = Vocabulary()
        df = []
        totals = []

        try limits.checkWeights(classes: classes.count, features: vectorizer.featureCount)
        guard NaiveBayesCounts.fits(classes: classes.count, features: vectorizer.featureCount) else {
            throw ClassifierError.tooLarge(classes: classes.count, features: vectorizer.featureCount)
        }

        // Pass 2: feature values, added to the class counts in chunk order.
        var counts = NaiveBayesCounts(classes: classes, featureCount: vectorizer.featureCount)
        var classIndex: [String: Int] = [:]
        for (i, label) in classes.enumerated() { classIndex[label] = i }
        let binarize: Float? = options.model == .bernoulli ? options.classifier.binarizeThreshold : nil
        var done = 0
        try ChunkPipeline.run(source, threads: threads, work: { chunk in
            vectorizer.transform(chunk.texts)
        }, merge: { chunk, matrix in
            counts.add(matrix, labels: chunk.labels.map { classIndex[$0] ?? 0 }, binarizeAbove: binarize)
            done += chunk.texts.bytes.count
            progress?(2, done)
        })
        let classifier = try options.model.make(counts: counts, options: options.classifier)
        guard classifier.scorer.isBounded else { throw ClassifierError.unboundedWeights(alpha: options.classifier.alpha) }
        return (TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options), summary)
    }
}

/// Pass-1 statistics of one chunk.
struct ChunkTerms: Sendable {
    let vocabulary: Vocabulary
    let df: [Int32]
    let totals: [Double]
    /// Set when the chunk alone went past the vocabulary cap.
    let failure: VectorizerError?
}

extension VectorizerError {
    /// The 1-based document a `vocabularyTooLarge` error names (0 for other errors).
    var document: Int {
        if case .vocabularyTooLarge(_, let document) = self { return document }
        return 0
    }
}

import Foundation
