/// A map from terms (UTF-8 byte strings) to dense ids `0..<count`, by open addressing.
///
/// Terms live back to back in one byte arena; the table holds term ids and probes linearly,
/// comparing a cached 64-bit hash before the bytes. No `String` is created per lookup, which is
/// what keeps the vectorizer's hot loop at hundreds of MB/s.
public struct Vocabulary: Sendable, Equatable {
    /// All terms' bytes, back to back.
    @usableFromInline var arena: [UInt8] = []
    /// `count + 1` offsets into `arena`.
    @usableFromInline var starts: [Int] = [0]
    /// Each term's hash, by id.
    @usableFromInline var hashes: [UInt64] = []
    /// Open-addressing slots holding `id + 1` (0 = empty); the capacity is a power of two.
    @usableFromInline var slots: [Int32]
    @usableFromInline var mask: Int

    /// An empty vocabulary with room for about `capacity` terms before it grows.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// A vocabulary holding `terms` with ids in their order.
    public init<S: Sequence>(terms: S) where S.Element: StringProtocol {
        self.init()
        for term in terms {
            var copy = String(term)
            copy.withUTF8 { _ = insert($0) }
        }
    }

    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        lhs.arena == rhs.arena && lhs.starts == rhs.starts
    }

    /// The number of terms.
    public var count: Int { starts.count - 1 }

    /// The term with id `id`, as a string.
    public func term(_ id: Int) -> String {
        String(decoding: arena[starts[id] ..< starts[id + 1]], as: UTF8.self)
    }

    /// The term with id `id`, as bytes.
    public func termBytes(_ id: Int) -> ArraySlice<UInt8> {
        arena[starts[id] ..< starts[id + 1]]
    }

    /// All terms, by id.
    public var terms: [String] { (0 ..< count).map(term) }

    /// The id of `bytes`, or nil when absent.
    @inlinable
    public func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteHash.hash(bytes)
        let slot = find(bytes, hash: h)
        let entry = slots[slot]
        return entry == 0 ? nil : entry - 1
    }

    /// The id of `term`, or nil when absent.
    public func id(of term: String) -> Int32? {
        var copy = term
        return copy.withUTF8 { id(of: $0) }
    }

    /// The id of `bytes`, inserting it with the next id when absent.
    @inlinable
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = ByteHash.hash(bytes)
        let slot = find(bytes, hash: h)
        let entry = slots[slot]
        if entry != 0 { return entry - 1 }
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(h)
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        return id
    }

    /// The slot holding `bytes`, or the empty slot where it would go.
    @inlinable
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { table in
            hashes.withUnsafeBufferPointer { termHashes in
                arena.withUnsafeBufferPointer { bytesOfTerms in
                    starts.withUnsafeBufferPointer { termStarts in
                        while true {
                            let entry = table[slot]
                            if entry == 0 { return slot }
                            let id = Int(entry - 1)
                            if termHashes[id] == hash {
                                let start = termStarts[id], length = termStarts[id + 1] - start
                                if length == bytes.count
                                    && (length == 0
                                        || memcmp(bytesOfTerms.baseAddress! + start, bytes.baseAddress!, length) == 0)
                                {
                                    return slot
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    @usableFromInline
    mutating func grow() {
        let size = slots.count * 2
        var table = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for id in 0 ..< count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & newMask
            while table[slot] != 0 { slot = (slot + 1) & newMask }
            table[slot] = Int32(id + 1)
        }
        slots = table
        mask = newMask
    }

    /// The ids ordered by their terms' bytes (the order of Python's `sorted` on str, which is
    /// code-point order, equal to UTF-8 byte order). scikit-learn numbers features this way.
    public func idsSortedByTerm() -> [Int32] {
        var ids = (0 ..< Int32(count)).map { $0 }
        arena.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { termStarts in
                ids.sort { a, b in
                    let sa = termStarts[Int(a)], la = termStarts[Int(a) + 1] - sa
                    let sb = termStarts[Int(b)], lb = termStarts[Int(b) + 1] - sb
                    let common = min(la, lb)
                    if common > 0 {
                        let order = memcmp(bytes.baseAddress! + sa, bytes.baseAddress! + sb, common)
                        if order != 0 { return order < 0 }
                    }
                    return la < lb
                }
            }
        }
        return ids
    }

    /// A new vocabulary holding the terms `ids`, renumbered `0..<ids.count` in that order.
    public func selecting(_ ids: [Int32]) -> Vocabulary {
        var result = Vocabulary(capacity: ids.count)
        result.arena.reserveCapacity(ids.reduce(0) { $0 + starts[Int($1) + 1] - starts[Int($1)] })
        arena.withUnsafeBufferPointer { bytes in
            for id in ids {
                let range = starts[Int(id)] ..< starts[Int(id) + 1]
                result.insert(UnsafeBufferPointer(rebasing: bytes[range]))
            }
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
