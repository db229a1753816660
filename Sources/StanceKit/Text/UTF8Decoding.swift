/// Strict UTF-8 decoding of one scalar from a byte buffer (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
enum UTF8Decoding {
    /// The scalar at `index` and the number of bytes it takes. An invalid sequence yields
    /// `(nil, 1)`: the caller treats it as U+FFFD and resumes at the next byte.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar?, Int) {
        let b0 = UInt32(bytes[index])
        let remaining = bytes.count - index
        @inline(__always) func continuation(_ offset: Int) -> UInt32? {
            let b = bytes[index + offset]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0 ..< 0x80:
            return (Unicode.Scalar(b0), 1)
        case 0xC2 ... 0xDF:
            guard remaining >= 2, let c1 = continuation(1) else { return (nil, 1) }
            return (Unicode.Scalar((b0 & 0x1F) << 6 | c1), 2)
        case 0xE0 ... 0xEF:
            guard remaining >= 3, let c1 = continuation(1), let c2 = continuation(2) else { return (nil, 1) }
            let value = (b0 & 0x0F) << 12 | c1 << 6 | c2
            guard value >= 0x800, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
            return (scalar, 3)
        case 0xF0 ... 0xF4:
            guard remaining >= 4, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3)
            else { return (nil, 1) }
            let value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard value >= 0x10000, value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
            return (scalar, 4)
        default:
            return (nil, 1)
        }
    }
}
