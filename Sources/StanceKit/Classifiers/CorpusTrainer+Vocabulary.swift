/// The vocabulary step between `CorpusTrainer`'s two passes: the partitions' terms pruned, sorted
/// and merged into the vectorizer, with the token ranks and the word numbering they allow.
extension CorpusTrainer {
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
