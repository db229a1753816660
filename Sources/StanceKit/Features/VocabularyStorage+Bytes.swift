/// The byte-level helpers of `VocabularyStorage`: a term's slot key and meta word, and copying and
/// comparing term bytes a word at a time.
extension VocabularyStorage {
    /// The first 8 bytes of a term, zero-padded, as a little-endian word.
    @inline(__always)
    static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        if length >= 8 { return UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self) }
        var key: UInt64 = 0
        for i in 0 ..< length { key |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return key
    }

    /// `key(bytes, length)` for bytes followed by at least 8 more readable bytes (a token in a
    /// `TokenSlice`): one load, masked, instead of a loop over the bytes of a short term, whose
    /// varying trip count was a mispredicted branch per token.
    @inline(__always)
    static func key(padded bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let word = UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self)
        return word & ~(UInt64.max << UInt64(8 * min(length, 8)))
    }

    /// The meta word of a term without its id.
    @inline(__always)
    static func meta(hash: UInt64, length: Int) -> UInt64 {
        (hash >> 40) << 40 | UInt64(min(length, 255)) << 32
    }

    /// Copies a term's bytes: a plain loop for short terms (most of them), where a call to
    /// `memmove` per term showed as 5% of building a 1.2-million-term vocabulary.
    @inline(__always)
    static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, _ length: Int) {
        if length <= 24 {
            for i in 0 ..< length { target[i] = source[i] }
        } else {
            target.update(from: source, count: length)
        }
    }

    /// Whether `length` bytes at `a` and `b` are equal, eight at a time.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= length {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < length {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether bytes `8 ..< length` at `a` and `b` are equal, for `length > 8` (the first 8 are
    /// the slot's key): whole words, the last one ending at `length` and overlapping the one
    /// before, so no byte loop (its varying trip count was a mispredicted branch per term).
    @inline(__always)
    static func equalPastKey(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 8
        while i + 8 < length {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        return ra.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
    }
}
