extension SentenceSplitter {
    /// Read-only helpers over one UTF-8 buffer, used by the splitter and the non-content filter.
    ///
    /// ASCII is decided inline; a non-ASCII scalar is decoded only where a decision needs it (the
    /// case of the letter after a full stop, a curly quote after a mark). Reads outside the buffer
    /// return 0, which is never a letter, a space or a mark, so look-aheads need no bounds checks.
    struct Scan {
        /// The text's UTF-8 bytes.
        let bytes: UnsafeBufferPointer<UInt8>

        /// The number of bytes.
        var count: Int { bytes.count }

        /// The byte at `index`, or 0 outside the buffer.
        @inline(__always)
        subscript(index: Int) -> UInt8 {
            index >= 0 && index < bytes.count ? bytes[index] : 0
        }

        // MARK: - Scalars

        /// The scalar starting at `index` and its length in bytes (U+FFFD and 1 on a bad sequence).
        func scalar(at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
            let lead = UInt32(self[index])
            if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
            let need: Int
            var value: UInt32
            if lead & 0xE0 == 0xC0 {
                need = 1; value = lead & 0x1F
            } else if lead & 0xF0 == 0xE0 {
                need = 2; value = lead & 0x0F
            } else if lead & 0xF8 == 0xF0 {
                need = 3; value = lead & 0x07
            } else {
                return ("\u{FFFD}", 1)
            }
            for offset in 1 ... need {
                let next = UInt32(self[index + offset])
                guard next & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
                value = value << 6 | (next & 0x3F)
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", need + 1)
        }

        /// The case of a letter, or whether it is a digit or something else.
        enum LetterCase { case upper, lower, digit, other }

        /// The case of the scalar at `index`: ASCII inline, other scalars by their Unicode properties.
        func letterCase(at index: Int) -> LetterCase {
            let byte = self[index]
            switch byte {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"): return .upper
            case UInt8(ascii: "a") ... UInt8(ascii: "z"): return .lower
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): return .digit
            case 0 ..< 0x80: return .other
            default:
                let properties = scalar(at: index).scalar.properties
                if properties.isUppercase || properties.generalCategory == .titlecaseLetter { return .upper }
                if properties.isLowercase { return .lower }
                if properties.numericType == .decimal { return .digit }
                return .other
            }
        }

        /// Whether the byte is an ASCII letter.
        @inline(__always)
        static func isASCIILetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        /// Whether the byte is an ASCII letter or digit.
        @inline(__always)
        static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
            isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }

        /// The byte lower-cased if it is an ASCII capital.
        @inline(__always)
        static func lower(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }

        // MARK: - White space

        /// The length of the white-space scalar starting at `index`, or 0: ASCII space, tab and line
        /// breaks, U+0085, U+00A0, U+1680, U+2000–U+200B, U+2028, U+2029, U+202F, U+205F, U+3000
        /// and U+FEFF.
        @inline(__always)
        func spaceLength(at index: Int) -> Int {
            switch self[index] {
            case 0x20, 0x09 ... 0x0D: return 1
            case 0xC2: return self[index + 1] == 0xA0 || self[index + 1] == 0x85 ? 2 : 0
            case 0xE1: return self[index + 1] == 0x9A && self[index + 2] == 0x80 ? 3 : 0
            case 0xE2:
                let second = self[index + 1], third = self[index + 2]
                if second == 0x80, (0x80 ... 0x8B).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF {
                    return 3
                }
                return second == 0x81 && third == 0x9F ? 3 : 0
            case 0xE3: return self[index + 1] == 0x80 && self[index + 2] == 0x80 ? 3 : 0
            case 0xEF: return self[index + 1] == 0xBB && self[index + 2] == 0xBF ? 3 : 0
            default: return 0
            }
        }

        /// The length of the white-space scalar that ends just before `index`, or 0.
        @inline(__always)
        func spaceLength(before index: Int) -> Int {
            let byte = self[index - 1]
            if byte < 0x80 { return byte == 0x20 || (0x09 ... 0x0D).contains(byte) ? 1 : 0 }
            if index >= 2, spaceLength(at: index - 2) == 2 { return 2 }
            if index >= 3, spaceLength(at: index - 3) == 3 { return 3 }
            return 0
        }

        /// `start ..< end` without white space at either end.
        func trimmed(_ start: Int, _ end: Int) -> (start: Int, end: Int) {
            var lower = start, upper = end
            while lower < upper {
                let length = spaceLength(at: lower)
                if length == 0 { break }
                lower += length
            }
            while upper > lower {
                let length = spaceLength(before: upper)
                if length == 0 { break }
                upper -= length
            }
            return (lower, upper)
        }

        /// The start of the token that ends at `end`: the position after the nearest white space
        /// before `end`, but not before `floor`.
        func tokenStart(endingAt end: Int, floor: Int) -> Int {
            var index = end
            while index > floor, spaceLength(before: index) == 0 { index -= 1 }
            return index
        }

        /// The end of the token that starts at `start`: the nearest white space at or after it, but
        /// not past `limit`.
        func tokenEnd(startingAt start: Int, limit: Int) -> Int {
            var index = start
            while index < limit, spaceLength(at: index) == 0 { index += 1 }
            return index
        }

        // MARK: - Punctuation

        /// A sentence-ending mark.
        enum Mark { case period, question, exclamation, ellipsis, fullWidth }

        /// The mark starting at `index` and its length: `.` `?` `!` `…` `‽` and the full-width `。！？`.
        @inline(__always)
        func mark(at index: Int) -> (mark: Mark, length: Int)? {
            switch self[index] {
            case UInt8(ascii: "."): return (.period, 1)
            case UInt8(ascii: "?"): return (.question, 1)
            case UInt8(ascii: "!"): return (.exclamation, 1)
            case 0xE2 where self[index + 1] == 0x80:
                if self[index + 2] == 0xA6 { return (.ellipsis, 3) }  // …
                if self[index + 2] == 0xBD { return (.question, 3) }  // ‽
                return nil
            case 0xE3 where self[index + 1] == 0x80 && self[index + 2] == 0x82: return (.fullWidth, 3)  // 。
            case 0xEF where self[index + 1] == 0xBC && (self[index + 2] == 0x81 || self[index + 2] == 0x9F):
                return (.fullWidth, 3)  // ！？
            default: return nil
            }
        }

        /// The closing quote or bracket starting at `index`, its length and whether it is a quote:
        /// `"` `'` `)` `]` `}` `»` `’` `”` `›` `」` `』` `）`.
        @inline(__always)
        func closer(at index: Int) -> (length: Int, isQuote: Bool)? {
            switch self[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): return (1, true)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): return (1, false)
            case 0xC2 where self[index + 1] == 0xBB: return (2, true)
            case 0xE2 where self[index + 1] == 0x80:
                switch self[index + 2] {
                case 0x99, 0x9D, 0xBA: return (3, true)
                default: return nil
                }
            case 0xE3 where self[index + 1] == 0x80 && (self[index + 2] == 0x8D || self[index + 2] == 0x8F):
                return (3, true)
            case 0xEF where self[index + 1] == 0xBC && self[index + 2] == 0x89: return (3, false)
            default: return nil
            }
        }

        /// The closing quote or bracket that ends just before `index`, and its length, or 0.
        func closerLength(before index: Int) -> Int {
            for length in 1 ... 3 where index - length >= 0 {
                if let found = closer(at: index - length), found.length == length { return length }
            }
            return 0
        }

        /// The length of the opening quote or bracket starting at `index`, or 0:
        /// `"` `'` `(` `[` `{` `«` `¡` `¿` `‘` `“` `‹` `「` `『` `（`.
        @inline(__always)
        func openerLength(at index: Int) -> Int {
            switch self[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                return 1
            case 0xC2: return [0xAB, 0xA1, 0xBF].contains(self[index + 1]) ? 2 : 0
            case 0xE2 where self[index + 1] == 0x80: return [0x98, 0x9C, 0xB9].contains(self[index + 2]) ? 3 : 0
            case 0xE3 where self[index + 1] == 0x80: return self[index + 2] == 0x8C || self[index + 2] == 0x8E ? 3 : 0
            case 0xEF where self[index + 1] == 0xBC: return self[index + 2] == 0x88 ? 3 : 0
            default: return 0
            }
        }

        /// The position after any opening quotes and brackets at `index`.
        func skippingOpeners(_ index: Int, limit: Int) -> Int {
            var position = index
            while position < limit {
                let length = openerLength(at: position)
                if length == 0 { break }
                position += length
            }
            return position
        }

        /// The length of a dash at `index`, or 0: `-` `–` `—` `―` `−`.
        func dashLength(at index: Int) -> Int {
            if self[index] == UInt8(ascii: "-") { return 1 }
            if self[index] == 0xE2, self[index + 1] == 0x80, (0x93 ... 0x95).contains(self[index + 2]) { return 3 }
            if self[index] == 0xE2, self[index + 1] == 0x88, self[index + 2] == 0x92 { return 3 }
            return 0
        }

        // MARK: - Words

        /// The end of the run of letters (ASCII letters, or any non-ASCII bytes) starting at `start`.
        func wordEnd(startingAt start: Int, limit: Int) -> Int {
            var index = start
            while index < limit, Scan.isASCIILetter(self[index]) || (self[index] >= 0x80 && spaceLength(at: index) == 0) {
                index += 1
            }
            return index
        }

        /// The bytes `start ..< end` as a string (only for short words on rare paths).
        func string(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
        }

        /// Whether `start ..< end` begins with `phrase` (lower-case ASCII), ignoring ASCII case, and
        /// the phrase ends at a word boundary when its last byte is a letter or digit.
        func hasPrefix(_ phrase: [UInt8], at start: Int, end: Int) -> Bool {
            guard end - start >= phrase.count else { return false }
            for (offset, byte) in phrase.enumerated() where Scan.lower(self[start + offset]) != byte {
                return false
            }
            if let last = phrase.last, Scan.isASCIIAlphanumeric(last) {
                return start + phrase.count >= end || !Scan.isASCIIAlphanumeric(self[start + phrase.count])
            }
            return true
        }

        /// Whether `start ..< end` holds `needle` (exact bytes).
        func contains(_ needle: [UInt8], _ start: Int, _ end: Int) -> Bool {
            guard let first = needle.first, end - start >= needle.count else { return false }
            var index = start
            while index <= end - needle.count {
                if self[index] == first {
                    var offset = 1
                    while offset < needle.count, self[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
