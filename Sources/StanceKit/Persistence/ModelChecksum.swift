/// The checksum at the end of a model file, of every byte before it, by format version.
///
/// - Version 1: `ByteHash.hash`, one chain of `h = rotl(h ^ w·m2, 31)·m1` over the file's 8-byte
///   words `w`: each step waits for the previous one's multiply, 8 bytes per step.
/// - Version 2: the same step on four independent lanes, lane `i` taking the words `i`, `i + 4`,
///   `i + 8`, ... of each 32-byte block, so four multiplies are in flight at once. The lanes
///   start from `count·m1 + i` (`i` = 0...3) and are folded, in order, into a state started at
///   `count·m1`; the last 0-31 bytes follow as in `ByteHash.hash` (whole words, then the tail
///   word, little-endian), then MurmurHash3's `fmix64`.
///
/// Why: the check reads the whole file before anything is decoded, and the save computes it
/// over the whole file before anything is written. For the 49 MB 20 Newsgroups bigram model
/// the one chain took 11.5 ms of `stance evaluate`'s CPU (perf samples), the lanes 5.9 ms: the
/// reads of the mapped file, not the multiplies, are the limit now. `ModelChecksumTests` checks
/// both versions against plain references written from this comment.
enum ModelChecksum {
    /// The checksum of `bytes` for a file of format `version` (1 or 2; later versions use 2's).
    static func of(_ bytes: UnsafeRawBufferPointer, version: UInt32) -> UInt64 {
        let words = bytes.bindMemory(to: UInt8.self)
        return version <= 1 ? ByteHash.hash(words) : lanes(words)
    }

    /// Version 2's four-lane hash.
    static func lanes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        let seed = UInt64(truncatingIfNeeded: count) &* ByteHash.m1
        guard let base = bytes.baseAddress else { return ByteHash.fmix(seed) }
        let raw = UnsafeRawPointer(base)
        var h0 = seed, h1 = seed &+ 1, h2 = seed &+ 2, h3 = seed &+ 3
        var offset = 0
        while offset + 32 <= count {
            h0 = ByteHash.fold(h0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            h1 = ByteHash.fold(h1, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            h2 = ByteHash.fold(h2, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            h3 = ByteHash.fold(h3, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        var h = ByteHash.fold(ByteHash.fold(ByteHash.fold(ByteHash.fold(seed, h0), h1), h2), h3)
        while offset + 8 <= count {
            h = ByteHash.fold(h, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        return ByteHash.fmix(ByteHash.foldTail(h, base, from: offset, to: count))
    }

    /// `bytes`, a model file of at least 16 bytes, with its last 8 bytes replaced by the checksum
    /// of the rest for the version in its header (bytes 4-7): how the tests and the fuzz target
    /// let damage reach the decoder behind the checksum.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        guard copy.count >= 16 else { return copy }
        let version = (4 ..< 8).reduce(UInt32(0)) { $0 | UInt32(copy[$1]) << (8 * UInt32($1 - 4)) }
        let checksum = copy.withUnsafeBytes { of(UnsafeRawBufferPointer(rebasing: $0[0 ..< copy.count - 8]), version: version) }
        for i in 0 ..< 8 { copy[copy.count - 8 + i] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt64(i))) }
        return copy
    }
}
