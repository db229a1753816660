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
    /// copied in the merged order (one partition's list is used as it is when none of its terms
    /// was dropped), or, for lists built from token ranks, which hold no bytes, spelled from the
    /// terms' keys (`TermSpelling`), and its table is left to the first lookup (`VocabularyStorage.deferIndex`): a
    /// trained model that is only saved never needs it. The merge and the copy run on up to
    /// `threads` threads, each on its own part of the merged order.
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

    /// Terms of the merged order a thread merges at a time (without a `maxFeatures` cut).
    static let mergeBlock = 4096

    /// `vectorizer(merging:...)` past its checks, on the lists' views.
    ///
    /// The merged order is cut into parts (`SortedTerms.splits`), merged at once on up to
    /// `threads` threads. Without a `maxFeatures` cut, every merged term is kept: the order is
    /// cut into blocks of about `mergeBlock` terms, each thread merges its run of blocks one at a
    /// time into a buffer of its own and, block by block, copies or spells the terms' bytes (its
    /// first byte is the length of the terms before its run: from the lists' offsets, or summed
    /// from the spelled lengths of each run's terms, each run on its thread, before the merge),
    /// writes their columns and their idf. The whole
    /// order, 8 bytes per term, was kept until the end before (20 Newsgroups bigrams: 9.6 MB
    /// of huge pages at this step's peak). With a cut, the whole order is merged, the terms kept
    /// are chosen, and they are copied after.
    private static func merged(
        _ views: [SortedTerms.View], lists: [SortedTerms], sizes: [Int], documents n: Int, options: VectorizerOptions, threads: Int
    ) -> (vectorizer: Vectorizer, columns: [[Int32]]) {
        let total = views.reduce(0) { $0 + $1.count }
        let parts = threads > 1 && views.count > 1 && total >= 1 << 15 ? threads : 1
        let capped = options.maxFeatures.map { total > $0 } ?? false
        let idf = IDFTable(documents: n, options: options)
        let columns = sizes.map { UnsafeMutableBufferPointer<Int32>.allocate(capacity: $0) }
        defer { for list in columns { list.deallocate() } }
        for list in columns { list.initialize(repeating: -1) }
        nonisolated(unsafe) let shared = (views, columns)
        if capped {
            let bounds = SortedTerms.splits(views, parts: parts)
            let offsets = bounds.map { $0.reduce(0, +) }
            var order = [UInt64].pageBacked(repeating: 0, count: total)
            order.withUnsafeMutableBufferPointer { order in
                nonisolated(unsafe) let out = order
                DispatchQueue.concurrentPerform(iterations: parts) { c in
                    SortedTerms.merge(shared.0, from: bounds[c], to: bounds[c + 1], into: out.baseAddress! + offsets[c])
                }
            }
            let (vocabulary, weights) = selecting(order, limit: options.maxFeatures ?? total, views: views, idf: idf, columns: columns)
            vocabulary.storage.deferIndex()
            return (Vectorizer(options: options, vocabulary: vocabulary, idf: weights), columns.map { Array($0) })
        }
        // Blocks of the merged order, each thread a run of them: per term its bytes, its
        // column and its idf. One list with nothing filtered out is the vocabulary as it is;
        // otherwise a copy sized to the terms kept (not the list's capacity, sized for all terms).
        let blocks = max(parts, (total + mergeBlock - 1) / mergeBlock)
        let bounds = SortedTerms.splits(views, parts: blocks)
        let offsets = bounds.map { $0.reduce(0, +) }
        var weights = [Double].pageBacked(repeating: 0, count: options.weighting == .tfidf ? total : 0)
        var vocabulary = lists[0].vocabulary
        // Lists built from token ranks hold no bytes: their terms are spelled here.
        let spelled = views.contains { $0.spelling != nil }
        // Each thread's first byte: the bytes of the terms of its blocks, from each list's
        // offsets, or spelled from the keys, each thread summing its own.
        let partBytes: [Int] = spelled ? ChunkPipeline.map(Array(0 ..< parts), threads: parts) { c in
            let views = shared.0
            let first = blocks * c / parts, last = blocks * (c + 1) / parts
            return views.indices.reduce(0) { sum, p in
                (bounds[first][p] ..< bounds[last][p]).reduce(sum) { $0 + views[p].length($1) }
            }
        } : (0 ..< parts).map { c in
            let first = blocks * c / parts, last = blocks * (c + 1) / parts
            return views.indices.reduce(0) { $0 + views[$1].starts[bounds[last][$1]] - views[$1].starts[bounds[first][$1]] }
        }
        let partStarts = partBytes.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
        weights.withUnsafeMutableBufferPointer { weights in
            nonisolated(unsafe) let weights = weights
            let copy = spelled || views.count > 1 || total < sizes[0]
            let bytes = views.reduce(0) { $0 + $1.byteCount }
            precondition(partStarts[parts] == bytes, "the parts spell \(partStarts[parts]) of \(bytes) bytes")
            let storage = VocabularyStorage.filled(count: copy ? total : 0, byteCount: copy ? bytes : 0) { arena, ends in
                nonisolated(unsafe) let target = (arena, ends)
                DispatchQueue.concurrentPerform(iterations: parts) { c in
                    let (views, columns) = shared
                    let first = blocks * c / parts, last = blocks * (c + 1) / parts
                    let largest = (first ..< last).reduce(0) { max($0, offsets[$1 + 1] - offsets[$1]) }
                    let merged = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, largest))
                    defer { merged.deallocate() }
                    var at = partStarts[c]
                    // A spelled term's 16-byte stores stop short of the next thread's part.
                    let limit = target.0 + partStarts[c + 1]
                    for block in first ..< last {
                        SortedTerms.merge(views, from: bounds[block], to: bounds[block + 1], into: merged)
                        let start = offsets[block], end = offsets[block + 1]
                        for k in start ..< end {
                            let entry = merged[k - start], p = Int(entry >> 32), i = Int(entry & 0xFFFF_FFFF)
                            if let spelling = views[p].spelling {
                                // The ranks' bytes are at random: hinted ahead.
                                if k + 8 < end {
                                    let ahead = merged[k + 8 - start]
                                    let list = views[Int(ahead >> 32)]
                                    if let spelling = list.spelling { spelling.prefetch(list.keys[Int(ahead & 0xFFFF_FFFF)]) }
                                }
                                at += spelling.spell(views[p].keys[i], to: target.0 + at, limit: limit)
                                target.1[k] = at
                            } else if copy {
                                let (bytes, length) = views[p].term(i)
                                VocabularyStorage.copy(bytes, to: target.0 + at, length)
                                at += length
                                target.1[k] = at
                            }
                            columns[p][Int(views[p].positions[i])] = Int32(k)
                            if weights.count > 0 { weights[k] = idf(views[p].df[i]) }
                        }
                    }
                }
            }
            if copy { vocabulary = Vocabulary(storage: storage) }
        }
        vocabulary.storage.deferIndex()
        return (Vectorizer(options: options, vocabulary: vocabulary, idf: weights), columns.map { Array($0) })
    }

    /// The `limit` terms of the merged `order` with the highest totals (ties to the term that
    /// sorts first), as `keptIDs` chooses them: their vocabulary and idf; their columns are
    /// written into `columns`.
    private static func selecting(
        _ order: [UInt64], limit: Int, views: [SortedTerms.View], idf: IDFTable, columns: [UnsafeMutableBufferPointer<Int32>]
    ) -> (Vocabulary, [Double]) {
        let totals = order.map { views[Int($0 >> 32)].totals[Int($0 & 0xFFFF_FFFF)] }
        let ranked = order.indices.sorted { a, b in totals[a] != totals[b] ? totals[a] > totals[b] : a < b }
        let kept = ranked.prefix(limit).sorted().map { order[$0] }
        let bytes = kept.reduce(0) { $0 + views[Int($1 >> 32)].length(Int($1 & 0xFFFF_FFFF)) }
        var weights: [Double] = []
        let storage = VocabularyStorage.filled(count: kept.count, byteCount: bytes) { arena, ends in
            var at = 0
            for (k, entry) in kept.enumerated() {
                let p = Int(entry >> 32), i = Int(entry & 0xFFFF_FFFF)
                if let spelling = views[p].spelling {
                    at += spelling.spell(views[p].keys[i], to: arena + at, limit: arena + bytes)
                } else {
                    let (start, length) = views[p].term(i)
                    VocabularyStorage.copy(start, to: arena + at, length)
                    at += length
                }
                ends[k] = at
                columns[p][Int(views[p].positions[i])] = Int32(k)
                if idf.weighs { weights.append(idf(views[p].df[i])) }
            }
        }
        return (Vocabulary(storage: storage), weights)
    }

    /// `idf` of each of the document frequencies `df`, in order, with the same formula and the
    /// same values as `idf(kept:...)`; empty unless the weighting is TF-IDF.
    static func idf(documentFrequencies df: [Int32], documents n: Int, options: VectorizerOptions) -> [Double] {
        let table = IDFTable(documents: n, options: options)
        return table.weighs ? df.map { table($0) } : []
    }
}

/// `idf(t) = ln((1 + n) / (1 + df)) + 1` (smooth) or `ln(n / df) + 1`, the same expression and
/// values as `VocabularyPruning.idf(kept:...)`. Most terms share a few small document
/// frequencies, so the value for each frequency up to `min(n, 65536)` is computed once.
struct IDFTable: Sendable {
    /// Whether the weighting is TF-IDF (otherwise there is no idf).
    let weighs: Bool
    private let total: Double
    private let smooth: Bool
    private let table: [Double]

    init(documents n: Int, options: VectorizerOptions) {
        weighs = options.weighting == .tfidf
        total = Double(n)
        smooth = options.smoothIDF
        let (total, smooth) = (total, smooth)
        table = weighs ? (0 ... min(n, 1 << 16)).map { IDFTable.value(Double($0), total: total, smooth: smooth) } : []
    }

    private static func value(_ d: Double, total: Double, smooth: Bool) -> Double {
        smooth ? log((1 + total) / (1 + d)) + 1 : log(total / d) + 1
    }

    /// The idf of a term in `df` documents.
    @inline(__always)
    func callAsFunction(_ df: Int32) -> Double {
        df >= 0 && Int(df) < table.count ? table[Int(df)] : IDFTable.value(Double(df), total: total, smooth: smooth)
    }
}

#if canImport(Glibc)
import Glibc
#endif
