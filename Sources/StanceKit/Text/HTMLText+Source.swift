extension HTMLText {
    /// Read-only helpers over the page's bytes: reading tags, comments and character references.
    /// Reads outside the buffer return 0, so look-aheads need no bounds checks.
    struct Source {
        /// The page's UTF-8 bytes.
        let bytes: UnsafeBufferPointer<UInt8>

        /// The number of bytes.
        var count: Int { bytes.count }

        /// The byte at `index`, or 0 outside the buffer.
        @inline(__always)
        subscript(index: Int) -> UInt8 {
            index >= 0 && index < bytes.count ? bytes[index] : 0
        }

        /// The bytes `start ..< end` as a string (tag and entity names: short, so no allocation).
        func string(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
        }

        /// Whether the byte is HTML white space: space, tab, LF, FF or CR.
        @inline(__always)
        static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }

        /// Whether the byte is an ASCII letter.
        @inline(__always)
        static func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        /// Whether `start ..< end` holds only white space (HTML's, and U+00A0).
        func isBlank(_ start: Int, _ end: Int) -> Bool {
            var index = start
            while index < end {
                if Self.isSpace(bytes[index]) {
                    index += 1
                } else if bytes[index] == 0xC2, self[index + 1] == 0xA0 {
                    index += 2
                } else {
                    return false
                }
            }
            return true
        }

        /// Whether the bytes at `index` are `literal` (ASCII), ignoring ASCII case.
        func matches(_ literal: StaticString, at index: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let pointer = literal.utf8Start
            for offset in 0 ..< count where bytes[index + offset] | 0x20 != pointer[offset] | 0x20 {
                return false
            }
            return true
        }

        /// The index just past the first `terminator` at or after `start`, or the end of the page.
        func end(after terminator: StaticString, from start: Int) -> Int {
            let first = terminator.utf8Start[0]
            var index = start
            while index < bytes.count {
                if bytes[index] == first, matches(terminator, at: index) { return index + terminator.utf8CodeUnitCount }
                index += 1
            }
            return bytes.count
        }

        /// The index just past the `-->` (or `--!>`) that ends a comment whose text starts at
        /// `start`, or the end of the page. One scan for both endings, so the work is linear in
        /// the comment, not in the page.
        func commentEnd(from start: Int) -> Int {
            var index = start
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                    if bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                    if bytes[index + 2] == UInt8(ascii: "!"), self[index + 3] == UInt8(ascii: ">") { return index + 4 }
                }
                index += 1
            }
            return bytes.count
        }

        /// The lower-cased tag name starting at `start`, and where it ends (at white space, `/`
        /// or `>`). Names longer than 15 bytes are not looked up (no known element is that long).
        func tagName(at start: Int) -> (name: String, end: Int) {
            var end = start
            while end < bytes.count, !Self.isSpace(bytes[end]), bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: ">") {
                end += 1
            }
            guard end - start <= 15 else { return ("", end) }
            var hasCapital = false
            for index in start ..< end where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
                hasCapital = true
            }
            // Up to 15 bytes is a small string: no allocation unless capitals must be lowered.
            guard hasCapital else { return (string(start, end), end) }
            var lower: [UInt8] = []
            lower.reserveCapacity(end - start)
            for index in start ..< end {
                let byte = bytes[index]
                lower.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
            return (String(decoding: lower, as: UTF8.self), end)
        }

        /// The end of the tag whose attributes start at `start`: the index after its `>` and
        /// whether it closed with `/>`, or nil if the page ends first. A `>` inside a quoted
        /// attribute value does not end the tag; a quote never closed ends at the first `>` after it.
        func tagEnd(from start: Int) -> (end: Int, selfClosing: Bool)? {
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") { return (index + 1, self[index - 1] == UInt8(ascii: "/")) }
                guard byte == UInt8(ascii: "=") else {
                    index += 1
                    continue
                }
                var value = index + 1
                while value < bytes.count, Self.isSpace(bytes[value]) { value += 1 }
                let quote = self[value]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                    index = value
                    continue
                }
                var close = value + 1
                while close < bytes.count, bytes[close] != quote { close += 1 }
                if close < bytes.count {
                    index = close + 1
                    continue
                }
                var angle = value + 1
                while angle < bytes.count, bytes[angle] != UInt8(ascii: ">") { angle += 1 }
                return angle < bytes.count ? (angle + 1, false) : nil
            }
            return nil
        }

        /// Where the end tag `</name` (any case, followed by white space, `/` or `>`) starts at or
        /// after `start`, and the index after its `>`; both the end of the page if there is none.
        func closingTag(_ name: String, from start: Int) -> (start: Int, end: Int) {
            let name = Array(name.utf8)
            var index = start
            while index + 1 < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "/") {
                    var offset = 0
                    while offset < name.count, self[index + 2 + offset] | 0x20 == name[offset] { offset += 1 }
                    let after = self[index + 2 + name.count]
                    if offset == name.count, Self.isSpace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">") || after == 0 {
                        var close = index + 2 + name.count
                        while close < bytes.count, bytes[close] != UInt8(ascii: ">") { close += 1 }
                        return (index, min(close + 1, bytes.count))
                    }
                }
                index += 1
            }
            return (bytes.count, bytes.count)
        }
    }
}
