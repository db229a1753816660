/// Eight ASCII bytes classified at once, in one 64-bit word (SWAR: SIMD within a register), for
/// `Tokenizer.scan`'s fast path.
///
/// For a byte `b < 0x80` and a bound `lo <= 0x80`, `b + (0x80 - lo)` stays below `0x100`, so no
/// carry crosses into the next byte, and its high bit is set exactly when `b >= lo`. A range
/// `lo ... hi` is `b >= lo` and not `b >= hi + 1`. Word bytes are those of `Tokenizer`'s ASCII
/// table: `0-9`, `A-Z`, `a-z` and `_` (Python's `\w` on ASCII). Byte `k` of the word is the
/// text's byte `k` (little-endian loads), so the mark of the first byte is the lowest.
enum AsciiWord {
    /// The high bit of every byte.
    static let high: UInt64 = 0x8080_8080_8080_8080
    /// Multiplies a word with `0x01` or `0` in each byte (marks shifted down by 7) so that its
    /// top byte holds byte `k`'s bit as bit `k`: the word's eight marks as one byte.
    static let packBits: UInt64 = 0x0102_0408_1020_4080
    /// `0x01` in every byte.
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// Whether all eight bytes are ASCII (below `0x80`).
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool { word & high == 0 }

    /// `0x80` in each byte that is `>= lo`, else 0 (every byte ASCII, `lo <= 0x80`).
    @inline(__always)
    private static func atLeast(_ word: UInt64, _ lo: UInt64) -> UInt64 {
        (word &+ (0x80 &- lo) &* ones) & high
    }

    /// `0x80` in each byte within `lo ... hi`, else 0.
    @inline(__always)
    private static func within(_ word: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        atLeast(word, lo) & ~atLeast(word, hi + 1)
    }

    /// `0x80` in each word byte (`0-9`, `A-Z`, `a-z`, `_`), else 0; every byte must be ASCII.
    @inline(__always)
    static func wordBytes(_ word: UInt64) -> UInt64 {
        within(word, 0x30, 0x39) | within(word, 0x41, 0x5A) | within(word, 0x61, 0x7A) | within(word, 0x5F, 0x5F)
    }

    /// The word with `A-Z` lower-cased (`| 0x20`), other bytes unchanged; every byte ASCII.
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        word | within(word, 0x41, 0x5A) >> 2
    }
}
