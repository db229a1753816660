#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers shared by the corpus readers. All work on UTF-8 bytes, never on `String`.
enum CorpusBytes {
    /// `\n`.
    static let lineFeed: UInt8 = 0x0A
    /// `\r`.
    static let carriageReturn: UInt8 = 0x0D
    /// `\t`.
    static let tab: UInt8 = 0x09
    /// `"`.
    static let quote: UInt8 = 0x22
    /// `,`.
    static let comma: UInt8 = 0x2C
    /// The bytes of `__label__`, fastText's default label prefix.
    static let fastTextLabelPrefix: [UInt8] = Array("__label__".utf8)

    /// Whether `byte` is ASCII whitespace: space, tab, LF, vertical tab, form feed or CR.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The number of bytes equal to `byte` among the `count` bytes at `bytes`, eight at a time:
    /// a byte of `word ^ pattern` (`pattern` = `byte` in every lane) is zero exactly where
    /// `byte` is, and `((x & 0x7f) + 0x7f) | x` has its top bit clear exactly for a zero byte
    /// `x` (no carry crosses bytes). The stream reader counts each chunk's line feeds with it
    /// (a byte loop the compiler kept scalar was 0.8% of 20 Newsgroups' training samples, all
    /// of it on one thread between the parallel stages).
    static func count(of byte: UInt8, in bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        var total = 0, k = 0
        while k + 8 <= count {
            let word = UnsafeRawPointer(bytes + k).loadUnaligned(as: UInt64.self) ^ pattern
            total += (~(((word & low) &+ low) | word) & ~low).nonzeroBitCount
            k += 8
        }
        while k < count {
            if bytes[k] == byte { total += 1 }
            k += 1
        }
        return total
    }

    /// The number of line feeds in `buffer`, found with `memchr` (which scans many bytes per
    /// step) one line at a time: the stream reader counts each chunk's lines with it. On 20
    /// Newsgroups (lines of 2 KB) `count(of:in:_:)` took 2% of one-thread unigram training;
    /// read and count 125 -> 118.5 ms with this (14 alternating runs). On lines of 100 bytes
    /// the two should cost about the same (a call per line against 8 bytes a step; not measured).
    static func lineFeeds(in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var total = 0, position = base
        let end = base + buffer.count
        while position < end, let found = memchr(position, Int32(lineFeed), end - position) {
            total += 1
            position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return total
    }

    /// `count(of:in:_:)` over a buffer.
    static func count(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return count(of: byte, in: base, buffer.count)
    }

    /// 3 when `bytes` starts with the UTF-8 byte-order mark EF BB BF, else 0.
    static func byteOrderMarkLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The first index of `byte` in `bytes[start ..< end]`, or `end` when there is none
    /// (`memchr`, which scans many bytes per step).
    @inline(__always)
    static func firstIndex(
        of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        assert(start >= 0 && start <= end && end <= bytes.count, "range \(start)..<\(end) out of \(bytes.count)")
        guard start < end, let base = bytes.baseAddress else { return end }
        guard let found = memchr(base + start, Int32(byte), end - start) else { return end }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// `start ..< end` without its leading and trailing ASCII whitespace.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var lower = start, upper = end
        while lower < upper, isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower ..< upper
    }

    /// Whether `bytes[range]` equals `other`.
    @inline(__always)
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        return other.withUnsafeBufferPointer { otherBytes in
            guard let base = bytes.baseAddress, let otherBase = otherBytes.baseAddress else { return true }
            return memcmp(base + range.lowerBound, otherBase, otherBytes.count) == 0
        }
    }

    /// `bytes[range]` as a new buffer view.
    @inline(__always)
    static func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }
}
