/// The order of terms by their UTF-8 bytes (unsigned; a term that is a prefix of another sorts
/// first), the order of a vocabulary's columns: one comparison for the byte sort
/// (`TermSorter`), the merge of sorted lists (`SortedTerms`) and the token ranks (`TokenRanks`).
enum ByteOrder {
    /// Whether the `la` bytes at `a` sort before the `lb` bytes at `b`, the two being known to
    /// agree on their first `start` bytes (zero-padded: when both end before `start`, only the
    /// lengths decide). Compares the bytes from `start` to the shorter one's end, then the
    /// lengths.
    @inline(__always)
    static func precedes(_ a: UnsafePointer<UInt8>, _ la: Int, _ b: UnsafePointer<UInt8>, _ lb: Int, from start: Int = 0) -> Bool {
        let n = min(la, lb)
        var i = start
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] }
            i += 1
        }
        return la < lb
    }
}
