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
    /// Each term's first 8 bytes, big-endian and zero-padded: of two terms, the one with the
    /// smaller key sorts first; equal keys leave the bytes after the eighth, then the lengths.
    var keys: [UInt64] = []
    /// Each term's position in its partition's list (`PartitionTerms`).
    var positions: [Int32] = []
    /// Each term's document frequency.
    var df: [Int32] = []
    /// Each term's total count (empty unless asked for).
    var totals: [Double] = []

    /// The number of terms.
    var count: Int { positions.count }

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
        keys.reserveCapacity(n)
        positions.reserveCapacity(n)
        df.reserveCapacity(n)
        if keepTotals { totals.reserveCapacity(n) }
        let target = vocabulary.storage
        let far = 16, near = 8
        terms.df.withUnsafeBufferPointer { frequencies in
            order.withUnsafeBufferPointer { order in
                for i in 0 ..< n {
                    if i + far < n {
                        let ahead = Int(order[i + far])
                        Prefetch.read(UnsafeRawPointer(source.starts + ahead))
                        Prefetch.read(UnsafeRawPointer(frequencies.baseAddress! + ahead))
                    }
                    if i + near < n { Prefetch.read(UnsafeRawPointer(source.arena + source.starts[Int(order[i + near])])) }
                    let id = Int(order[i])
                    let d = frequencies[id]
                    guard d >= minDF && Double(d) <= maxDocumentCount else { continue }
                    let start = source.starts[id], length = source.starts[id + 1] - start
                    target.appendUnindexed(source.arena + start, length, hash: 0)
                    keys.append(SortedTerms.key(source.arena + start, length))
                    positions.append(Int32(id))
                    df.append(d)
                    if keepTotals { totals.append(terms.totals[id]) }
                }
            }
        }
    }

    /// The first 8 bytes of a term, big-endian, zero-padded (`keys`).
    @inline(__always)
    static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var key: UInt64 = 0
        for i in 0 ..< 8 { key = key << 8 | UInt64(i < length ? bytes[i] : 0) }
        return key
    }

    /// Whether term `i` of `a` sorts before term `j` of `b` (byte order, a prefix first).
    @inline(__always)
    static func precedes(_ a: SortedTerms, _ i: Int, _ b: SortedTerms, _ j: Int) -> Bool {
        let ka = a.keys[i], kb = b.keys[j]
        if ka != kb { return ka < kb }
        // Equal keys: the first min(8, la, lb) bytes agree, and past the shorter term's end the
        // longer one has zeros there, so only bytes 8 ..< min(la, lb) and then the lengths decide.
        let sa = a.vocabulary.storage, sb = b.vocabulary.storage
        let startA = sa.starts[i], la = sa.starts[i + 1] - startA
        let startB = sb.starts[j], lb = sb.starts[j + 1] - startB
        var k = 8
        while k < min(la, lb) {
            let x = sa.arena[startA + k], y = sb.arena[startB + k]
            if x != y { return x < y }
            k += 1
        }
        return la < lb
    }

    /// The merged order of `lists`, each sorted: one entry per term, `list << 32 | index`,
    /// ascending by term. A term in two lists (never, in training) comes from the earlier list
    /// first, as a stable sort of the concatenation would order it.
    static func merge(_ lists: [SortedTerms]) -> [UInt64] {
        let total = lists.reduce(0) { $0 + $1.count }
        var merged: [UInt64] = []
        merged.reserveCapacity(total)
        if lists.count == 1 {
            for i in 0 ..< lists[0].count { merged.append(UInt64(i)) }
            return merged
        }
        var heads = [Int](repeating: 0, count: lists.count)
        while merged.count < total {
            var best = -1
            for p in lists.indices where heads[p] < lists[p].count {
                if best < 0 || precedes(lists[p], heads[p], lists[best], heads[best]) { best = p }
            }
            merged.append(UInt64(best) << 32 | UInt64(heads[best]))
            heads[best] += 1
        }
        return merged
    }
}
