import Dispatch
import Foundation

/// Trains a `TextClassifier` from a `CorpusSource` in two passes, so memory is bounded by the
/// model (vocabulary and counts) and a chunk or two, not by the corpus:
///
/// 1. each chunk is counted on `threads` hash partitions at once (`PartitionCounter`: each
///    thread counts its own features into its own tables, so nothing is merged), and every
///    document's (feature, count) pairs go to an unlinked temporary file (`TermSpill`);
/// 2. each partition's terms are sorted and filtered on its own thread, then the sorted lists
///    are merged, pruned and given their idf (`SortedTerms`, `VocabularyPruning`);
/// 3. the spilled rows are read back, mapped to columns, weighed and added to the naive Bayes
///    counts, chunk by chunk in order (no second tokenization).
///
/// The final ids come from sorting the terms, and each row is weighed in sorted column order, so
/// the model file is byte-identical for any thread count, and identical to `Vectorizer.fit`
/// followed by `fit`.
public struct CorpusTrainer: Sendable {
    /// What to train.
    public var options: TrainingOptions
    /// Caps on the vocabulary and the weights (checked before allocating).
    public var limits: TrainingLimits
    /// Threads for both passes and the vocabulary step. Default: `defaultThreads`.
    public var threads: Int
    /// The largest class-count table, in bytes, kept dense in the second pass
    /// (`ClassCountAccumulator.prefersDense`; tests lower it to check the sparse table).
    var denseCountsLimit = ClassCountAccumulator.denseLimit

    /// The threads a trainer uses when not told: the active processor count, at most 8.
    public static var defaultThreads: Int { min(8, ProcessInfo.processInfo.activeProcessorCount) }

    /// A trainer for `options` within `limits` on `threads` threads.
    public init(options: TrainingOptions = .init(), limits: TrainingLimits = .init(), threads: Int? = nil) {
        self.options = options
        self.limits = limits
        self.threads = max(1, threads ?? CorpusTrainer.defaultThreads)
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
        /// Seconds spent in each phase of a streamed training run: reading and counting (pass 1),
        /// the vocabulary (pruning, sorting, idf), and weighing the rows into the class counts
        /// (pass 2); zero for in-memory training.
        public var countSeconds = 0.0, vocabularySeconds = 0.0, weighSeconds = 0.0

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
    /// after each chunk of each pass and as each step begins (`Progress`).
    public func train(_ source: some CorpusSource, progress: ((Progress) -> Void)? = nil) throws
        -> (model: TextClassifier, summary: Summary)
    {
        try options.vectorizer.validate()
        try limits.validate()
        let maxVocabulary = limits.maxVocabulary
        let analyzer = Analyzer(options: options.vectorizer.tokenizer)

        // Pass 1: vocabulary, document frequencies, classes; the rows go to the spill.
        let partitions = threads
        let keepTotals = options.vectorizer.maxFeatures != nil
        let sizes = PartitionCounter.TableSizes.expected(
            bytes: source.expectedBytes ?? 0, partitions: partitions, longestGram: options.vectorizer.tokenizer.wordNGrams.upperBound)
        var counters = (0 ..< partitions).map {
            PartitionCounter(partition: $0, of: partitions, keepTotals: keepTotals, expected: sizes)
        }
        var tokens = ChunkTokens()
        let spill = try TermSpill()
        var labelIDs: [String: UInt32] = [:]
        var labelNames: [String] = []
        var chunkBytes: [Int] = []
        var summary = Summary()
        var clock = BenchmarkClock.now()
        func lap() -> Double {
            let now = BenchmarkClock.now()
            defer { clock = now }
            return Double(now - clock) / 1e9
        }
        try source.forEachChunk { chunk in
            let first = summary.documents
            // The previous chunk's rows were being written while this chunk was read.
            try spill.finishAppend()
            PartitionCounter.count(&counters, tokens: &tokens, texts: chunk.texts, firstDocument: first,
                                   analyzer: analyzer, maxVocabulary: maxVocabulary)
            if let document = CorpusTrainer.firstDocumentOverLimit(counters, documents: chunk.count, limit: maxVocabulary) {
                throw VectorizerError.vocabularyTooLarge(limit: maxVocabulary, document: first + document + 1)
            }
            let labels = chunk.labels.map { label -> UInt32 in
                if let id = labelIDs[label] { return id }
                let id = UInt32(labelNames.count)
                labelIDs[label] = id
                labelNames.append(label)
                return id
            }
            // On two threads or more the rows are written while the next chunk is read (one
            // thread keeps to one core).
            if threads > 1 {
                spill.startAppend(labels: labels, partitions: counters)
            } else {
                try spill.append(labels: labels, partitions: counters)
            }
            for label in chunk.labels { summary.classCounts[label, default: 0] += 1 }
            summary.documents += chunk.count
            summary.bytes += chunk.texts.bytes.count
            summary.skipped += chunk.skipped
            chunkBytes.append(chunk.texts.bytes.count)
            progress?(Progress(.counting, bytes: summary.bytes))
        }
        try spill.finishAppend()
        tokens = ChunkTokens()  // free the slices before the vocabulary and the counts are built
        guard summary.documents > 0 else { throw ClassifierError.noExamples }
        let classes = summary.classCounts.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        if classes.count == 1 { throw ClassifierError.singleClass(classes[0]) }
        try options.classifier.validate(classCount: classes.count)
        summary.countSeconds = lap()
        progress?(Progress(.vocabulary, bytes: 0))
        var (vectorizer, columns) = try CorpusTrainer.prune(&counters, documents: summary.documents, options: options.vectorizer)
        summary.vocabularySeconds = lap()

        try limits.checkWeights(classes: classes.count, features: vectorizer.featureCount)
        guard NaiveBayesCounts.fits(classes: classes.count, features: vectorizer.featureCount) else {
            throw ClassifierError.tooLarge(classes: classes.count, features: vectorizer.featureCount)
        }

        // Pass 2: the spilled rows, weighed and added to the class counts in document order
        // (`weigh`).
        var classIndex: [String: Int] = [:]
        for (i, label) in classes.enumerated() { classIndex[label] = i }
        let binarize: Float? = options.model == .bernoulli ? options.classifier.binarizeThreshold : nil
        var done = 0
        progress?(Progress(.weighing, bytes: 0))
        // The idf and the partitions' columns go into the column maps, and the idf comes back
        // out of them once the counts are summed: neither is held through the pass (`weigh`).
        let idf = vectorizer.options.weighting == .tfidf ? vectorizer.idf : []
        vectorizer = vectorizer.with(idf: [])
        let (counts, weights) = try CorpusTrainer.weigh(
            spill, columns: consume columns, idf: consume idf, vectorizer: vectorizer, classes: classes,
            classOfLabel: labelNames.map { classIndex[$0] ?? 0 }, binarizeAbove: binarize, threads: threads,
            denseLimit: denseCountsLimit
        ) { chunk in
            done += chunkBytes[chunk]
            progress?(Progress(.weighing, bytes: done))
        }
        vectorizer = vectorizer.with(idf: weights)
        summary.weighSeconds = lap()
        let classifier = try options.model.make(counts: counts, options: options.classifier)
        guard counts.isFinite else { throw ClassifierError.unboundedWeights(alpha: options.classifier.alpha) }
        return (TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options), summary)
    }
}
