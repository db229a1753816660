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

    /// The vectorizer from the partitions' statistics, and per partition the map from its row
    /// entries to columns. Each partition's terms are filtered by document frequency and sorted
    /// on its own thread (`SortedTerms`), then the sorted lists are merged
    /// (`VocabularyPruning.vectorizer(merging:...)`). Where the tokens allow it (`tokenRanks`),
    /// the terms are sorted by integer keys of their tokens' ranks and only the kept ones are
    /// spelled, in order (`PartitionCounter.rankedTerms`); otherwise every term is spelled out
    /// and sorted on its bytes (`terms(tokenTables:)`). Measured on 20 Newsgroups bigrams: this
    /// step 0.196 -> 0.082 s on one thread, 0.143 -> 0.087 s on two (medians of 9 alternating
    /// runs; the merge's copy of every term keeps two threads from gaining; ranked lists are
    /// now spelled by the merge itself, see `SortedTerms.init(rankKeys:...)`). Empties `counters`,
    /// frees each partition's gram table once its grams are read, and drops each partition's
    /// unsorted term list once it is sorted, so the first pass's tables are freed before this
    /// step allocates its lists and before the second pass allocates the class counts.
    ///
    /// With token ranks and word n-grams longer than one word, the vectorizer also carries its
    /// vocabulary's word numbering (`wordIDs`, the model file's `WIDX` payload) derived from
    /// the ranks: on 20 Newsgroups bigrams 12 ms of this step on two threads (traced), where looking
    /// the words up when saving took 0.043 -> 0.105 s (the same bytes).
    static func prune(_ counters: inout [PartitionCounter], documents: Int, options: VectorizerOptions)
        throws(VectorizerError) -> (vectorizer: Vectorizer, columns: [PartitionTerms])
    {
        let minDF = options.minDF, maxDocumentCount = options.maxDF * Double(documents)
        let keepTotals = options.maxFeatures != nil
        let threads = counters.count
        let tables = counters.map(\.tokens)
        let order = min(options.tokenizer.wordNGrams.upperBound, PartitionCounter.longestGram)
        var parts: [(terms: PartitionTerms, sorted: SortedTerms, size: Int)]
        let ranks = CorpusTrainer.tokenRanks(counters, order: order)
        if let ranks {
            parts = ChunkPipeline.map(counters, threads: threads) { counter in
                counter.rankedTerms(
                    ranks: ranks, order: order, minDF: minDF, maxDocumentCount: maxDocumentCount, keepTotals: keepTotals,
                    releasingGrams: true)
            }
        } else {
            parts = ChunkPipeline.map(counters, threads: threads) { counter in
                var terms = counter.terms(tokenTables: tables)
                counter.grams.releaseSlots()  // spelled out: the list is sorted without them
                let sorted = SortedTerms(terms, minDF: minDF, maxDocumentCount: maxDocumentCount, keepTotals: keepTotals)
                let size = terms.df.count
                terms.vocabulary = Vocabulary.unindexed(capacity: 0, arenaCapacity: 0)
                terms.df = []
                terms.totals = []
                return (terms, sorted, size)
            }
        }
        counters = []
        var lists = parts.map(\.terms)
        var sorted = parts.map(\.sorted)
        let sizes = parts.map(\.size)
        parts = []
        var (vectorizer, columns) = try VocabularyPruning.vectorizer(
            merging: sorted, sizes: sizes, documents: documents, options: options, threads: threads)
        // The vectorizer holds the merged terms (spelled from ranked lists' keys, a copy of the
        // lists' bytes, or the one list's vocabulary itself): the lists' spelled terms (byte-sorted
        // lists only), document frequencies and totals are freed
        // before the word numbering allocates. On 20 Newsgroups bigrams, two threads, the step's
        // resident memory at its end (traced): the ×10 file 132-136 -> 123 MiB, the 20NG file
        // 124-131 -> 122 MiB; the longer corpus's heap reused fewer of the freed pages.
        for p in sorted.indices {
            sorted[p].vocabulary = Vocabulary.unindexed(capacity: 0, arenaCapacity: 0)
            sorted[p].df = []
            sorted[p].totals = []
        }
        if let ranks, NGramIndex.serves(options.tokenizer) {
            vectorizer = vectorizer.with(
                wordIDs: wordIDs(
                    lists: sorted, columns: columns, ranks: ranks, order: order,
                    lengths: options.tokenizer.wordNGrams, featureCount: vectorizer.featureCount, threads: threads))
        }
        for p in lists.indices { lists[p].columns = columns[p] }
        return (vectorizer, lists)
    }

    /// The `WIDX` payload (`WordIDSection`) of the vocabulary merged from `lists`, built from
    /// token ranks (`ranks`, keys of `order` tokens), on up to `threads` threads: each kept
    /// term's rank key is put at its column (the lists' positions map to columns through
    /// `columns`, -1 for pruned; each list on its own thread, as their columns are distinct),
    /// then the words are numbered from the keys, with no lookup.
    static func wordIDs(
        lists: [SortedTerms], columns: [[Int32]], ranks: TokenRanks, order: Int, lengths: ClosedRange<Int>,
        featureCount: Int, threads: Int
    ) -> [UInt8] {
        var keys = [UInt64](repeating: 0, count: featureCount)
        keys.withUnsafeMutableBufferPointer { keys in
            nonisolated(unsafe) let keys = keys
            ChunkPipeline.perform(lists.count, threads: threads) { p in
                let list = lists[p]
                list.keys.withUnsafeBufferPointer { rankKeys in
                    list.positions.withUnsafeBufferPointer { positions in
                        columns[p].withUnsafeBufferPointer { columns in
                            for i in 0 ..< rankKeys.count {
                                let column = columns[Int(positions[i])]
                                if column >= 0 { keys[Int(column)] = rankKeys[i] }
                            }
                        }
                    }
                }
            }
        }
        return keys.withUnsafeBufferPointer {
            WordIDSection.encode(rankKeys: $0, ranks: ranks, order: order, lengths: lengths, threads: threads)
        }
    }

    /// The ranks of every partition's tokens (`TokenRanks`), when the terms can be ordered by
    /// them: only tokens and word n-grams of at most `order` tokens (no long or character
    /// n-grams), every token's bytes above 0x20, and keys of `order` ranks within 64 bits.
    /// Otherwise nil, and the terms are spelled out and sorted on their bytes. Each partition
    /// checks and sorts its own tokens on its own thread.
    static func tokenRanks(_ counters: [PartitionCounter], order: Int) -> TokenRanks? {
        guard let first = counters.first, order >= 1, counters.allSatisfy({ $0.others.count == 0 }),
              TokenRanks.fits(order: order, count: counters.reduce(0) { $0 + $1.tokens.count })
        else { return nil }
        let sorted = ChunkPipeline.map(counters.map(\.tokens), threads: counters.count) { tokens -> [Int32]? in
            TokenRanks.separable(tokens) ? tokens.idsSortedByTerm() : nil
        }
        let lists = sorted.compactMap { $0 }
        guard lists.count == counters.count,
              let ranks = TokenRanks(tables: counters.map(\.tokens), sorted: lists, tagBits: first.tagBits, threads: counters.count)
        else { return nil }
        return ranks
    }

    /// The 0-based document of the chunk at which the partitions' vocabularies together first
    /// hold more than `limit` terms, or nil.
    static func firstDocumentOverLimit(_ counters: [PartitionCounter], documents: Int, limit: Int) -> Int? {
        let last = counters.reduce(0) { $0 + Int($1.sizes.last ?? 0) }
        let lastTokens = counters.reduce(0) { $0 + Int($1.tokenSizes.last ?? 0) }
        guard last > limit || lastTokens > limit || counters.contains(where: \.full) else { return nil }
        for document in 0 ..< documents {
            var total = 0, tokens = 0
            for counter in counters {
                total += document < counter.sizes.count ? Int(counter.sizes[document]) : limit + 1
                tokens += document < counter.tokenSizes.count ? Int(counter.tokenSizes[document]) : limit + 1
            }
            if total > limit || tokens > limit { return document }
        }
        return documents - 1
    }
}

import Dispatch
import Foundation
