import Dispatch

/// The chunked trainer's pruning: the same vectorizer as `VocabularyPruning.vectorizer` on the
/// partitions' lists concatenated, from lists each already filtered by document frequency and
/// sorted on its own thread (`SortedTerms`).
extension VocabularyPruning {
    /// The fitted vectorizer for the sorted lists `lists` of partitions whose term lists hold
    /// `sizes[p]` terms before filtering, and per partition the column of each of its list
    /// positions (-1: pruned).
    ///
    /// The lists are merged in term order; `maxFeatures` then keeps the terms with the highest
    /// totals (ties to the term that sorts first), as `keptIDs` does. The vocabulary's bytes are
    /// copied in the merged order (one partition's list is used as it is when nothing was
    /// dropped), and its table is left to the first lookup (`VocabularyStorage.deferIndex`): a
    /// trained model that is only saved never needs it. With `threads` > 1 the bytes are copied
    /// while the idf and the columns are computed.
    static func vectorizer(
        merging lists: [SortedTerms], sizes: [Int], documents n: Int, options: VectorizerOptions, threads: Int
    ) throws(VectorizerError) -> (vectorizer: Vectorizer, columns: [[Int32]]) {
        precondition(lists.count == sizes.count, "\(lists.count) lists, \(sizes.count) sizes")
        guard sizes.reduce(0, +) > 0 else { throw .noTokens }
        guard lists.contains(where: { $0.count > 0 }) else {
            throw .emptyVocabularyAfterPruning(minDF: options.minDF, maxDF: options.maxDF, documents: n)
        }
        return SortedTerms.withViews(lists) { views in
            merged(views, lists: lists, sizes: sizes, documents: n, options: options, threads: threads)
        }
    }

    /// `vectorizer(merging:...)` past its checks, on the lists' views.
    private static func merged(
        _ views: [SortedTerms.View], lists: [SortedTerms], sizes: [Int], documents n: Int, options: VectorizerOptions, threads: Int
    ) -> (vectorizer: Vectorizer, columns: [[Int32]]) {
        let q0 = BenchmarkClock.now()
        var order = SortedTerms.merge(views)
        if getenv("VT") != nil { print("merge \(Double(BenchmarkClock.now() - q0) / 1e6)") }
        if let limit = options.maxFeatures, order.count > limit {
            let totals = order.map { views[Int($0 >> 32)].totals[Int($0 & 0xFFFF_FFFF)] }
            let ranked = order.indices.sorted { a, b in totals[a] != totals[b] ? totals[a] > totals[b] : a < b }
            order = ranked.prefix(limit).sorted().map { order[$0] }
        }
        nonisolated(unsafe) let views = views
        let kept = order
        let copyBytes: @Sendable () -> Vocabulary = {
            if lists.count == 1 && kept.count == lists[0].count { return lists[0].vocabulary }
            var bytes = 0
            for entry in kept { bytes += views[Int(entry >> 32)].term(Int(entry & 0xFFFF_FFFF)).length }
            let result = Vocabulary.unindexed(capacity: kept.count, arenaCapacity: bytes)
            let storage = result.storage
            for entry in kept {
                let (start, length) = views[Int(entry >> 32)].term(Int(entry & 0xFFFF_FFFF))
                storage.appendUnindexed(start, length, hash: 0)
            }
            return result
        }
        let weigh: @Sendable () -> (idf: [Double], columns: [[Int32]]) = {
            var columns = sizes.map { [Int32](repeating: -1, count: $0) }
            for (c, entry) in kept.enumerated() {
                let p = Int(entry >> 32)
                columns[p][Int(views[p].positions[Int(entry & 0xFFFF_FFFF)])] = Int32(c)
            }
            let frequencies = kept.map { views[Int($0 >> 32)].df[Int($0 & 0xFFFF_FFFF)] }
            return (idf(documentFrequencies: frequencies, documents: n, options: options), columns)
        }
        let vocabulary: Vocabulary
        let weights: (idf: [Double], columns: [[Int32]])
        if threads > 1 {
            nonisolated(unsafe) var copied: Vocabulary?
            nonisolated(unsafe) var weighed: (idf: [Double], columns: [[Int32]])?
            DispatchQueue.concurrentPerform(iterations: 2) { job in
                let q1 = BenchmarkClock.now()
                if job == 0 { copied = copyBytes() } else { weighed = weigh() }
                if getenv("VT") != nil { print("job \(job) \(Double(BenchmarkClock.now() - q1) / 1e6)") }
            }
            guard let copied, let weighed else { preconditionFailure("a pruning job did not finish") }
            (vocabulary, weights) = (copied, weighed)
        } else {
            let q1 = BenchmarkClock.now()
            let v = copyBytes()
            let q2 = BenchmarkClock.now()
            (vocabulary, weights) = (v, weigh())
            if getenv("VT") != nil { print("copy \(Double(q2 - q1) / 1e6) weigh \(Double(BenchmarkClock.now() - q2) / 1e6)") }
        }
        vocabulary.storage.deferIndex()
        return (Vectorizer(options: options, vocabulary: vocabulary, idf: weights.idf), weights.columns)
    }

    /// `idf` of each of the document frequencies `df`, in order, with the same formula and the
    /// same values as `idf(kept:...)`. Most terms share a few small frequencies, so the value
    /// for each frequency up to `min(n, 65536)` is computed once and looked up.
    static func idf(documentFrequencies df: [Int32], documents n: Int, options: VectorizerOptions) -> [Double] {
        guard options.weighting == .tfidf else { return [] }
        let total = Double(n)
        func value(_ d: Double) -> Double { options.smoothIDF ? log((1 + total) / (1 + d)) + 1 : log(total / d) + 1 }
        let table = (0 ... min(n, 1 << 16)).map { value(Double($0)) }
        return df.map { d in Int(d) >= 0 && Int(d) < table.count ? table[Int(d)] : value(Double(d)) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
