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
