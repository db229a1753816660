/// A fast, deterministic 64-bit hash of a byte string, used by `Vocabulary`.
///
/// Eight bytes at a time are folded with a multiply-rotate step and the result is finished
/// with MurmurHash3's `fmix64` avalanche. The seed is fixed, so the same bytes hash to the
/// same value in every process (the hash is never stored in a model file; only terms are).
@usableFromInline
enum ByteHash {
    @usableFromInline static let m1: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline static let m2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// Hash of `bytes`.
    @inlinable
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return fmix(m1) }
        let count = bytes.count
        let (h, offset) = foldWords(UnsafeRawPointer(base), count)
        return fmix(foldTail(h, base, from: offset, to: count))
    }

    /// `h` with the bytes `base[offset ..< count]` (0 to 7 of them) folded in as one
    /// little-endian word, zero-padded; `h` itself when there are none.
    @inlinable @inline(__always)
    static func foldTail(_ h: UInt64, _ base: UnsafePointer<UInt8>, from offset: Int, to count: Int) -> UInt64 {
        guard offset < count else { return h }
        var tail: UInt64 = 0
        for k in offset ..< count { tail |= UInt64(base[k]) << (8 * UInt64(k - offset)) }
        return fold(h, tail)
    }

    /// The length-seeded state after folding in every whole 8-byte word of the `count` bytes at
    /// `raw`, and the offset of the remaining tail (0 to 7 bytes).
    @inlinable @inline(__always)
    static func foldWords(_ raw: UnsafeRawPointer, _ count: Int) -> (UInt64, Int) {
        var h = UInt64(truncatingIfNeeded: count) &* m1
        var offset = 0
        while offset + 8 <= count {
            h = fold(h, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        return (h, offset)
    }

    /// One word folded into the state: multiply, xor, rotate, multiply.
    @inlinable @inline(__always)
    static func fold(_ h: UInt64, _ word: UInt64) -> UInt64 {
        (h ^ (word &* m2)).rotateLeft(31) &* m1
    }

    /// `hash(UnsafeBufferPointer(start: base, count: count))`, for bytes followed by at least 8
    /// more readable bytes: the last partial word is one load, masked, instead of a loop over
    /// its bytes (the same value, as the bytes are little-endian).
    @inline(__always)
    static func hash(padded base: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(base)
        var (h, offset) = foldWords(raw, count)
        let rest = count - offset
        if rest > 0 {
            h = fold(h, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & (~UInt64(0) >> UInt64(64 - 8 * rest)))
        }
        return fmix(h)
    }

    /// MurmurHash3's 64-bit finaliser.
    @inlinable
    static func fmix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}

extension UInt64 {
    @inlinable @inline(__always)
    func rotateLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
