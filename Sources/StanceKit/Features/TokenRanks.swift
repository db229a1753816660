/// Every token of the partitions' token tables, ranked by its bytes across all partitions, so
/// that training can order word n-grams by their tokens' ranks instead of their bytes
/// (`PartitionCounter.rankedTerms`).
///
/// The rule: a word n-gram is spelled as its tokens joined by one space (0x20). When every
/// token's bytes are above 0x20, the byte order of two such terms (tokens `a1 ... an` and
/// `b1 ... bm`) is the lexicographic order of their rank tuples, a tuple that is a prefix of
/// the other first. At the first position `k` where the tokens differ, either they differ at a
/// byte inside both (that byte decides both orders), or `ak` is a proper prefix of `bk`: then
/// `ak` ranks first, and in the bytes the shorter term ends, or has 0x20, where `bk` has a byte
/// above 0x20. With no such `k`, one tuple is a prefix of the other and so are the bytes. So
/// "a" < "a b" < "a b c" < "ab". A token with a byte at or below 0x20 breaks the argument
/// ("a!" against "a b": 0x21 > 0x20, yet "a!" ranks after "a"), and then `separable` is false.
///
/// Ranks are 0-based; a term's sort key (`key`) packs `rank + 1` of each of its tokens into
/// `bits` bits, the first token highest and 0 for a missing one, so integer order is tuple
/// order.
struct TokenRanks: Sendable {
    /// Each token's rank and byte length, `rank << 32 | length`, by its tagged id
    /// (`PartitionCounter.tagged`; all ones where no token has that id): one load gives a
    /// term's key digit and its share of the spelled bytes.
    let byTaggedID: [UInt64]
    /// The tokens' bytes back to back in rank order: token `r` is `bytes[starts[r] ..< starts[r + 1]]`,
    /// followed by `padding` zero bytes, so any token can be read 16 bytes at a time (`copy`).
    let bytes: [UInt8]
    let starts: [Int32]
    /// Bits per token in a key: enough for `count` (the largest `rank + 1`).
    let bits: Int

    /// The number of tokens.
    var count: Int { starts.count - 1 }

    /// The rank of the token with tagged id `tagged`.
    func rank(ofTagged tagged: UInt32) -> Int { Int(byTaggedID[Int(tagged)] >> 32) }

    /// The ranks of the tokens of `tables` (partition `p`'s table is `tables[p]`, whose ids are
    /// tagged with `tagBits` bits), given each table's ids sorted by term (`sorted[p]`, from
    /// `Vocabulary.idsSortedByTerm`). Each partition's tokens are ranked on its own thread:
    /// token `i` of partition `p`'s sorted list ranks `i` plus, in every other partition `q`, the
    /// number of its tokens whose bytes sort before (one walk along each other sorted list, as a
    /// merge would). Nil when the tokens' bytes pass `Int32` offsets.
    init?(tables: [Vocabulary], sorted: [[Int32]], tagBits: Int, threads: Int) {
        precondition(tables.count == sorted.count, "\(tables.count) tables, \(sorted.count) sorted lists")
        let partitions = tables.count
        let total = tables.reduce(0) { $0 + $1.count }
        let byteCount = tables.reduce(0) { $0 + $1.storage.arenaCount }
        guard byteCount < Int(Int32.max) else { return nil }
        let largest = tables.reduce(0) { max($0, $1.count) }
        var ranks = [UInt64].pageBacked(repeating: .max, count: largest << tagBits)
        var lengths = [Int32](repeating: 0, count: total)
        ranks.withUnsafeMutableBufferPointer { ranks in
            lengths.withUnsafeMutableBufferPointer { lengths in
                nonisolated(unsafe) let out = (ranks, lengths)
                let work: @Sendable (Int) -> Void = { p in
                    withExtendedLifetime(tables) {
                        let own = sorted[p]
                        let arena = UnsafePointer(tables[p].storage.arena), starts = UnsafePointer(tables[p].storage.starts)
                        var rank = Array(0 ..< own.count)
                        // Per other partition, one walk along both sorted lists.
                        for q in 0 ..< partitions where q != p {
                            let order = sorted[q]
                            let otherArena = UnsafePointer(tables[q].storage.arena), otherStarts = UnsafePointer(tables[q].storage.starts)
                            var j = 0
                            for (i, id) in own.enumerated() {
                                let start = starts[Int(id)], length = starts[Int(id) + 1] - start
                                while j < order.count {
                                    let o = Int(order[j]), oStart = otherStarts[o]
                                    guard ByteOrder.precedes(otherArena + oStart, otherStarts[o + 1] - oStart, arena + start, length)
                                    else { break }
                                    j += 1
                                }
                                rank[i] += j
                            }
                        }
                        for (i, id) in own.enumerated() {
                            let length = starts[Int(id) + 1] - starts[Int(id)]
                            out.0[Int(PartitionCounter.tagged(id, partition: p, bits: tagBits))] = UInt64(rank[i]) << 32 | UInt64(length)
                            out.1[rank[i]] = Int32(length)
                        }
                    }
                }
                if threads > 1 && partitions > 1 {
                    DispatchQueue.concurrentPerform(iterations: partitions, execute: work)
                } else {
                    for p in 0 ..< partitions { work(p) }
                }
            }
        }
        var starts = [Int32](repeating: 0, count: total + 1)
        for r in 0 ..< total { starts[r + 1] = starts[r] + lengths[r] }
        var bytes = [UInt8](repeating: 0, count: byteCount + TokenRanks.padding)
        bytes.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return }
            for (p, table) in tables.enumerated() {
                let storage = table.storage
                withExtendedLifetime(storage) {
                    for id in 0 ..< table.count {
                        let rank = Int(ranks[Int(PartitionCounter.tagged(Int32(id), partition: p, bits: tagBits))] >> 32)
                        let start = storage.starts[id]
                        VocabularyStorage.copy(storage.arena + start, to: target + Int(starts[rank]), storage.starts[id + 1] - start)
                    }
                }
            }
        }
        byTaggedID = ranks
        self.bytes = bytes
        self.starts = starts
        bits = TokenRanks.bits(count: total)
    }

    /// Whether `length` bytes at `bytes` are all above 0x20, the space that joins a word
    /// n-gram's tokens (see the type's rule).
    static func separable(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        // The smallest byte, without a branch per byte.
        var smallest: UInt8 = 0xFF
        for i in 0 ..< length { smallest = min(smallest, bytes[i]) }
        return smallest > 0x20
    }

    /// Whether every token of `table` is `separable`.
    static func separable(_ table: Vocabulary) -> Bool {
        withExtendedLifetime(table.storage) { separable(table.storage.arena, table.storage.arenaCount) }
    }

    /// Zero bytes after the last token (see `bytes`).
    static let padding = 16

    /// Copies a token of `length` bytes from `source` (in `bytes`) to `target`: a token of up
    /// to 16 bytes (nearly all) as one unaligned 16-byte load and store, which may write up to
    /// 16 bytes past its end (the next token or `padding` overwrites them); a byte loop for
    /// these short copies was a fifth of spelling the ranked terms.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, _ length: Int) {
        if length <= 16 {
            UnsafeMutableRawPointer(target).storeBytes(of: UnsafeRawPointer(source).loadUnaligned(as: SIMD16<UInt8>.self),
                                                       as: SIMD16<UInt8>.self)
        } else {
            target.update(from: source, count: length)
        }
    }

    /// Whether keys of terms of up to `order` tokens fit in 64 bits.
    func fits(order: Int) -> Bool { TokenRanks.fits(order: order, count: count) }

    /// Reads the digits of keys of `order` tokens of these ranks.
    func digits(order: Int) -> Digits { Digits(bits: UInt64(bits), order: order) }

    /// The digits of keys of `order` tokens of `bits` bits each: digit `k` (`k` = 0 the first
    /// token) is `rank + 1` of the term's `k`-th token, or 0 past its last, `bits * (order - 1 -
    /// k)` bits up.
    struct Digits: Sendable {
        let bits: UInt64, mask: UInt64
        let order: Int

        init(bits: UInt64, order: Int) {
            self.bits = bits
            mask = (UInt64(1) << bits) - 1
            self.order = order
        }

        /// Digit `k` of `key`.
        @inline(__always)
        func callAsFunction(_ key: UInt64, _ k: Int) -> Int { Int((key >> (bits * UInt64(order - 1 - k))) & mask) }
    }

    /// Bits per token in the keys of `count` tokens: enough for `count`, the largest `rank + 1`.
    static func bits(count: Int) -> Int { Int.bitWidth - count.leadingZeroBitCount }

    /// Whether keys of terms of up to `order` of `count` tokens fit in 64 bits (known before
    /// the tokens are ranked, so a corpus whose keys do not fit costs no ranking).
    static func fits(order: Int, count: Int) -> Bool { order * bits(count: count) <= UInt64.bitWidth }
}

import Dispatch
