/// One partition's terms that pass the document-frequency bounds, in term order (UTF-8 byte
/// order, as `Vocabulary.idsSortedByTerm`), their bytes laid back to back in that order, so a
/// merge of several partitions' lists reads each list front to back.
///
/// Training sorts and filters each partition's list on that partition's thread, then merges the
/// sorted lists (`merge`): the partitions hold distinct terms, so the merged order is the order
/// of sorting all the lists concatenated, without sorting the concatenation on one thread.
struct SortedTerms: Sendable {
    /// The terms in order, unindexed (their hashes are not set).
    var vocabulary = Vocabulary.unindexed(capacity: 0, arenaCapacity: 0)
    /// Each term's merge key: of two terms, the one with the smaller key sorts first; equal keys
    /// leave the bytes after the eighth, then the lengths. A list sorted on its bytes (`init`)
    /// has the terms' first 8 bytes, big-endian and zero-padded; one built from token ranks
    /// (`init(rankKeys:...)`) its rank keys, which never tie. The lists merged together are all
    /// of one kind.
    var keys: [UInt64] = []
    /// Each term's position in its partition's list (`PartitionTerms`).
    var positions: [Int32] = []
    /// Each term's document frequency.
    var df: [Int32] = []
    /// Each term's total count (empty unless asked for).
    var totals: [Double] = []
    /// For a list built from token ranks: how its terms are spelled from their keys. Such a
    /// list holds no bytes (`vocabulary` is empty); the merge spells its terms.
    var spelling: TermSpelling?
    /// The bytes of the terms spelled out, all together.
    var byteCount = 0

    /// The number of terms.
    var count: Int { positions.count }

    /// The terms, spelled, in order (tests and diagnostics).
    var terms: [String] {
        guard let spelling else { return vocabulary.terms }
        return keys.map { spelling.term($0) }
    }

    /// An empty list.
    init() {}

    /// The terms of `terms` with `minDF <= df <= maxDocumentCount`, sorted; their totals too
    /// when `keepTotals`.
    ///
    /// The sorted ids visit the partition's list in random order, so each term's offset and
    /// document frequency are prefetched 16 terms ahead, and its bytes 8 ahead (their offset
    /// has arrived by then): the copy's cache misses overlap instead of queueing.
    init(_ terms: PartitionTerms, minDF: Int, maxDocumentCount: Double, keepTotals: Bool) {
        let source = terms.vocabulary.storage
        let order = terms.vocabulary.idsSortedByTerm()
        let n = order.count
        vocabulary = Vocabulary.unindexed(capacity: n, arenaCapacity: source.arenaCount)
        let target = vocabulary.storage
        keys = [UInt64].pageBacked(repeating: 0, count: n)
        positions = [Int32].pageBacked(repeating: 0, count: n)
        df = [Int32].pageBacked(repeating: 0, count: n)
        totals = [Double].pageBacked(repeating: 0, count: keepTotals ? n : 0)
        let far = 16, near = 8
        var kept = 0
        // Written through pointers into arrays sized for every term, then cut to the kept ones.
        keys.withUnsafeMutableBufferPointer { keys in
            positions.withUnsafeMutableBufferPointer { positions in
                df.withUnsafeMutableBufferPointer { df in
                    totals.withUnsafeMutableBufferPointer { totals in
                        terms.df.withUnsafeBufferPointer { frequencies in
                            terms.totals.withUnsafeBufferPointer { sourceTotals in
                                order.withUnsafeBufferPointer { order in
                                    let arena = UnsafePointer(source.arena), starts = UnsafePointer(source.starts)
                                    for i in 0 ..< n {
                                        if i + far < n {
                                            let ahead = Int(order[i + far])
                                            Prefetch.read(UnsafeRawPointer(starts + ahead))
                                            Prefetch.read(UnsafeRawPointer(frequencies.baseAddress! + ahead))
                                        }
                                        if i + near < n { Prefetch.read(UnsafeRawPointer(arena + starts[Int(order[i + near])])) }
                                        let id = Int(order[i])
                                        let d = frequencies[id]
                                        guard d >= minDF && Double(d) <= maxDocumentCount else { continue }
                                        let start = starts[id], length = starts[id + 1] - start
                                        target.appendUnindexed(length: length) { VocabularyStorage.copy(arena + start, to: $0, length) }
                                        keys[kept] = SortedTerms.key(arena + start, length)
                                        positions[kept] = Int32(id)
                                        df[kept] = d
                                        if keepTotals { totals[kept] = sourceTotals[id] }
                                        kept += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        withExtendedLifetime(source) {}
        byteCount = target.arenaCount
        keys.removeLast(n - kept)
        positions.removeLast(n - kept)
        df.removeLast(n - kept)
        if keepTotals { totals.removeLast(n - kept) }
    }

    /// The first 8 bytes of a term, big-endian, zero-padded (`keys`): the sort's first digit.
    @inline(__always)
    static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 { TermSorter.digit(bytes, length) }

    /// A list's arrays as buffer pointers, for the merge's inner loops: reading them costs no
    /// reference counting, where reading a `SortedTerms` out of an array retains its arrays
    /// (and two threads retaining the same arrays contend for their counts).
    struct View {
        let keys: UnsafeBufferPointer<UInt64>
        let positions: UnsafeBufferPointer<Int32>
        let df: UnsafeBufferPointer<Int32>
        let totals: UnsafeBufferPointer<Double>
        let arena: UnsafePointer<UInt8>
        let starts: UnsafePointer<Int>
        /// The spelling of a list built from token ranks (whose `arena` is empty).
        let spelling: TermSpelling.View?
        let byteCount: Int

        var count: Int { positions.count }
        /// The bytes of term `i` of a list that holds them (one with no `spelling`).
        func term(_ i: Int) -> (start: UnsafePointer<UInt8>, length: Int) { (arena + starts[i], starts[i + 1] - starts[i]) }
        /// The spelled length of term `i`.
        @inline(__always)
        func length(_ i: Int) -> Int { spelling.map { $0.length(keys[i]) } ?? starts[i + 1] - starts[i] }
    }

    /// Calls `body` with a view of each of `lists` (valid only inside `body`).
    static func withViews<R>(_ lists: [SortedTerms], _ body: ([View]) -> R) -> R {
        guard let spelling = lists.lazy.compactMap(\.spelling).first else { return withViews(lists, spelling: nil, body) }
        return spelling.withView { withViews(lists, spelling: $0, body) }
    }

    /// `withViews`, every list built from ranks spelled through `spelling` (the lists merged
    /// together share their ranks).
    private static func withViews<R>(_ lists: [SortedTerms], spelling: TermSpelling.View?, _ body: ([View]) -> R) -> R {
        func nest(_ index: Int, _ views: [View]) -> R {
            guard index < lists.count else { return body(views) }
            let list = lists[index]
            return list.keys.withUnsafeBufferPointer { keys in
                list.positions.withUnsafeBufferPointer { positions in
                    list.df.withUnsafeBufferPointer { df in
                        list.totals.withUnsafeBufferPointer { totals in
                            let storage = list.vocabulary.storage
                            let view = View(keys: keys, positions: positions, df: df, totals: totals,
                                            arena: UnsafePointer(storage.arena), starts: UnsafePointer(storage.starts),
                                            spelling: list.spelling == nil ? nil : spelling, byteCount: list.byteCount)
                            return withExtendedLifetime(storage) { nest(index + 1, views + [view]) }
                        }
                    }
                }
            }
        }
        return nest(0, [])
    }

    /// Whether term `i` of `a` sorts before term `j` of `b` (byte order, a prefix first).
    @inline(__always)
    static func precedes(_ a: View, _ i: Int, _ b: View, _ j: Int) -> Bool {
        let ka = a.keys[i], kb = b.keys[j]
        if ka != kb { return ka < kb }
        // Rank keys are the terms: equal keys, equal terms (never, in training).
        if a.spelling != nil || b.spelling != nil { return false }
        // Equal keys: the first min(8, la, lb) bytes agree, and past the shorter term's end the
        // longer one has zeros there, so only bytes 8 ..< min(la, lb) and then the lengths decide.
        let (ta, la) = a.term(i), (tb, lb) = b.term(j)
        return ByteOrder.precedes(ta, la, tb, lb, from: 8)
    }

    /// The merged order of the lists `views`, each sorted: one entry per term,
    /// `list << 32 | index`, ascending by term. A term in two lists (never, in training) comes
    /// from the earlier list first, as a stable sort of the concatenation would order it.
    static func merge(_ views: [View]) -> [UInt64] {
        let total = views.reduce(0) { $0 + $1.count }
        var merged = [UInt64].pageBacked(repeating: 0, count: total)
        merged.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            merge(views, from: views.map { _ in 0 }, to: views.map(\.count), into: base)
        }
        return merged
    }

    /// Where each of `parts` consecutive parts of the merged order starts in each list: row `c`
    /// (of `parts + 1`) holds, per list, the index of its first term in part `c`; the last row
    /// holds the counts. Part `c` starts at term `count * c / parts` of the longest list, and
    /// each other list at the number of its terms that merge before that term (a binary
    /// search), so the parts can be merged at once and laid end to end.
    static func splits(_ views: [View], parts: Int) -> [[Int]] {
        let longest = views.indices.max { views[$0].count < views[$1].count } ?? 0
        var rows: [[Int]] = [views.map { _ in 0 }]
        for c in 1 ..< max(1, parts) {
            let pivot = views[longest].count * c / parts
            rows.append(views.indices.map { p in
                if p == longest { return pivot }
                // Merges before the pivot: a smaller term, or an equal one (never, in training)
                // from an earlier list.
                var low = 0, high = views[p].count
                while low < high {
                    let mid = (low + high) / 2
                    let before = precedes(views[p], mid, views[longest], pivot)
                        || (p < longest && !precedes(views[longest], pivot, views[p], mid))
                    if before { low = mid + 1 } else { high = mid }
                }
                return low
            })
        }
        rows.append(views.map(\.count))
        return rows
    }

    /// Merges terms `lower[p] ..< upper[p]` of each list `p` into `out`, as `merge` orders them.
    static func merge(_ views: [View], from lower: [Int], to upper: [Int], into out: UnsafeMutablePointer<UInt64>) {
        if views.count == 1 {
            for (k, i) in (lower[0] ..< upper[0]).enumerated() { out[k] = UInt64(i) }
            return
        }
        var k = 0
        if views.count == 2 {
            let a = views[0], b = views[1]
            var i = lower[0], j = lower[1]
            let endA = upper[0], endB = upper[1]
            while i < endA && j < endB {
                if precedes(b, j, a, i) {
                    out[k] = 1 << 32 | UInt64(j)
                    j += 1
                } else {
                    out[k] = UInt64(i)
                    i += 1
                }
                k += 1
            }
            while i < endA { out[k] = UInt64(i); i += 1; k += 1 }
            while j < endB { out[k] = 1 << 32 | UInt64(j); j += 1; k += 1 }
            return
        }
        var heads = lower
        let total = zip(lower, upper).reduce(0) { $0 + $1.1 - $1.0 }
        while k < total {
            var best = -1
            for p in views.indices where heads[p] < upper[p] {
                if best < 0 || precedes(views[p], heads[p], views[best], heads[best]) { best = p }
            }
            out[k] = UInt64(best) << 32 | UInt64(heads[best])
            heads[best] += 1
            k += 1
        }
    }
}
