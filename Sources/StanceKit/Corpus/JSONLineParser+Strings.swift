/// Strings: decoding escapes and `\u` surrogate pairs into `strings`.
extension JSONLineParser {
    /// Decodes the string at `position` (its opening quote) and appends it to `strings`.
    ///
    /// Bytes of 0x80 and above are copied as they are (invalid UTF-8 included: the caller decides
    /// whether that matters); control characters must be escaped, as RFC 8259 requires.
    mutating func parseString() throws(Failure) {
        let open = position
        position += 1
        while true {
            var run = position
            while run < end, bytes[run] != UInt8(ascii: "\""), bytes[run] != UInt8(ascii: "\\"), bytes[run] >= 0x20 {
                run += 1
            }
            strings.append(contentsOf: CorpusBytes.slice(bytes, position ..< run))
            position = run
            guard let byte = peek else {
                position = open
                throw failure("string never closed")
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                try parseEscape()
            default:
                throw failure("control character in a string (write it as \\t, \\n or \\u00XX)")
            }
        }
    }

    /// Decodes the escape sequence at `position` (its backslash) into `strings`.
    private mutating func parseEscape() throws(Failure) {
        position += 1
        let simple: UInt8?
        switch peek {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default: throw failure("invalid escape in a string")
        }
        if let simple {
            strings.append(simple)
            position += 1
            return
        }
        let escapeStart = position - 1
        var scalarValue = try parseHex4()
        if (0xD800 ..< 0xDC00).contains(scalarValue) {
            // A high surrogate must be followed by an escaped low surrogate.
            let escapeFollows = end - position >= 2
                && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u")
            guard escapeFollows else {
                position = escapeStart
                throw failure("unpaired surrogate escape")
            }
            position += 1
            let low = try parseHex4()
            guard (0xDC00 ..< 0xE000).contains(low) else {
                position = escapeStart
                throw failure("unpaired surrogate escape")
            }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00 ..< 0xE000).contains(scalarValue) {
            position = escapeStart
            throw failure("unpaired surrogate escape")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            position = escapeStart
            throw failure("invalid \\u escape")
        }
        UTF8.encode(scalar) { strings.append($0) }
    }

    /// Reads `u` and four hex digits at `position`; returns their value.
    private mutating func parseHex4() throws(Failure) -> UInt32 {
        position += 1  // the "u"
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            guard let byte = peek, let digit = Self.hexValue(byte) else {
                throw failure("expected four hex digits in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// The value of a hex digit byte, or `nil`.
    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
