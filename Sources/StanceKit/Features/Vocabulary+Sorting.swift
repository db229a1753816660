extension Vocabulary {
    /// The ids ordered by their terms' bytes (the order of Python's `sorted` on str, which is
    /// code-point order, equal to UTF-8 byte order). scikit-learn numbers features this way.
    ///
    /// A most-significant-digit radix sort with 8-byte digits: the ids are radix-sorted by their
    /// terms' first 8 bytes (big-endian, zero-padded), then each run sharing those bytes by the
    /// next 8, and so on; a run whose terms all end within the digit is ordered by length (the
    /// shorter is a prefix of the longer). Small runs use an insertion sort. The terms are read
    /// through plain pointers: reading the storage's properties inside the comparisons cost a
    /// dynamic exclusivity check and a retain each.
    public func idsSortedByTerm() -> [Int32] {
        var ids = (0 ..< count).map { Int32($0) }
        guard count > 1 else { return ids }
        let arena = UnsafePointer(storage.arena), starts = UnsafePointer(storage.starts)
        // Every term's second digit, read in one sequential pass: the runs sorted at depth 1
        // then read one word per term, not its offset and then its bytes (two cache misses).
        var second = [UInt64].pageBacked(repeating: 0, count: count)
        for id in 0 ..< count { second[id] = TermSorter.digit(arena + starts[id] + 8, starts[id + 1] - starts[id] - 8) }
        withExtendedLifetime(storage) {
            second.withUnsafeBufferPointer { second in
                guard let second = second.baseAddress else { return }
                let sorter = TermSorter(arena: arena, starts: starts, second: second)
                ids.withUnsafeMutableBufferPointer { sorter.sort($0, depth: 0) }
            }
        }
        return ids
    }
}

/// The MSD radix sort of `Vocabulary.idsSortedByTerm` over a vocabulary's arena and offsets.
struct TermSorter {
    let arena: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int>
    /// Per id, its term's bytes 8 ..< 16 as a digit.
    let second: UnsafePointer<UInt64>

    /// Runs of at most this many ids are insertion-sorted.
    static let insertionLimit = 24

    /// The digit of the `length` bytes at `bytes` (up to 8 of them; none when `length` <= 0):
    /// big-endian, zero-padded, so digits order as their bytes do.
    @inline(__always)
    static func digit(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        if length >= 8 { return UInt64(bigEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)) }
        var key: UInt64 = 0
        for i in 0 ..< 8 { key = key << 8 | UInt64(i < length ? bytes[i] : 0) }
        return key
    }

    /// The whole byte length of term `id`.
    @inline(__always)
    func length(_ id: Int32) -> Int { starts[Int(id) + 1] - starts[Int(id)] }

    /// Whether term `a` sorts before term `b`, both agreeing on their first `offset` bytes
    /// (zero-padded): their bytes from `offset` on, then their whole lengths (two terms that
    /// both end before `offset`, such as "a" and "a\0" in a run with a longer term, tie on the
    /// bytes).
    @inline(__always)
    func precedes(_ a: Int32, _ b: Int32, offset: Int) -> Bool {
        ByteOrder.precedes(arena + starts[Int(a)], length(a), arena + starts[Int(b)], length(b), from: offset)
    }

    /// Orders `ids`, whose terms agree on their first `8 * depth` bytes.
    func sort(_ ids: UnsafeMutableBufferPointer<Int32>, depth: Int) {
        let n = ids.count
        let offset = 8 * depth
        if n <= TermSorter.insertionLimit {
            if depth == 1 {
                // The second digits decide most pairs; equal ones leave the bytes from 16 on.
                insertionSort(ids) { a, b in
                    let x = second[Int(a)], y = second[Int(b)]
                    return x != y ? x < y : precedes(a, b, offset: 16)
                }
            } else {
                insertionSort(ids) { precedes($0, $1, offset: offset) }
            }
            return
        }
        var keys = [UInt64].pageBacked(repeating: 0, count: n)
        var run = Array(ids)
        var allEnd = true
        if depth == 1 {
            // Terms that all end within this digit are rare here (they would differ only by
            // trailing zero bytes); not checking sends such a run one level deeper, where it is.
            allEnd = false
            for k in 0 ..< n { keys[k] = second[Int(run[k])] }
        } else {
            for k in 0 ..< n {
                let start = starts[Int(run[k])] + offset, length = starts[Int(run[k]) + 1] - start
                if length > 8 { allEnd = false }
                keys[k] = TermSorter.digit(arena + start, length)
            }
        }
        RadixSort.sort(keys: &keys, values: &run)
        for k in 0 ..< n { ids[k] = run[k] }
        var first = 0
        while first < n {
            var end = first + 1
            while end < n && keys[end] == keys[first] { end += 1 }
            if end - first > 1 {
                let sub = UnsafeMutableBufferPointer(rebasing: ids[first ..< end])
                if allEnd {
                    insertionSort(sub) { length($0) < length($1) }
                } else {
                    sort(sub, depth: depth + 1)
                }
            }
            first = end
        }
    }

    /// A stable insertion sort of `ids` by `less`.
    @inline(__always)
    private func insertionSort(_ ids: UnsafeMutableBufferPointer<Int32>, by less: (Int32, Int32) -> Bool) {
        guard ids.count > 1 else { return }
        for i in 1 ..< ids.count {
            let id = ids[i]
            var j = i
            while j > 0 && less(id, ids[j - 1]) {
                ids[j] = ids[j - 1]
                j -= 1
            }
            ids[j] = id
        }
    }
}
