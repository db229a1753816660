extension HTMLText.Source {
    /// What a `&` starts.
    enum Reference: Equatable {
        /// Not a reference: the `&` is text.
        case literal
        /// A reference to this code point.
        case scalar(UInt32)
        /// A reference to a code point that is dropped (a control or a non-character).
        case nothing
    }

    /// The longest legacy name (`&middot` and `&frac12` have six letters).
    static let longestLegacyName = HTMLEntities.legacy.map(\.utf8.count).max() ?? 0

    /// Reads the character reference at `start` (a `&`) that ends before `limit`; returns what it
    /// stands for and where the text goes on. Follows Python's `html.unescape`: a name is up to
    /// 32 bytes other than tab, LF, FF, space, `<`, `&`, `#` and `;`.
    func reference(at start: Int, limit: Int) -> (Reference, next: Int) {
        if self[start + 1] == UInt8(ascii: "#") { return numericReference(at: start, limit: limit) }
        var end = start + 1
        while end < limit, end - start <= 32 {
            switch bytes[end] {
            case 0x09, 0x0A, 0x0C, 0x20, UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: ";"):
                break
            default:
                end += 1
                continue
            }
            break
        }
        let length = end - start - 1
        guard length > 0 else { return (.literal, start + 1) }
        if end < limit, bytes[end] == UInt8(ascii: ";"), length <= 32,
            let value = HTMLEntities.named[string(start + 1, end)]
        {
            return (.scalar(value), end + 1)
        }
        // Without the semicolon only a legacy name counts, and the longest one that starts the
        // name wins: `&copy2024` is `©2024`, `&ampx` is `&x`.
        var prefix = min(length, Self.longestLegacyName)
        while prefix >= 2 {
            let name = string(start + 1, start + 1 + prefix)
            if HTMLEntities.legacy.contains(name), let value = HTMLEntities.named[name] {
                return (.scalar(value), start + 1 + prefix)
            }
            prefix -= 1
        }
        return (.literal, start + 1)
    }

    /// `&#123;` `&#x7B;` `&#X7b` (the `;` optional), per the WHATWG rules.
    private func numericReference(at start: Int, limit: Int) -> (Reference, next: Int) {
        var index = start + 2
        let hex = self[index] | 0x20 == UInt8(ascii: "x")
        if hex { index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < limit, let digit = Self.digit(bytes[index], hex: hex) {
            // Saturate: any value above U+10FFFF gives U+FFFD, however many digits follow.
            value = min(value * (hex ? 16 : 10) + digit, 0x110000)
            index += 1
        }
        guard index > digitsStart else { return (.literal, start + 1) }
        if index < limit, bytes[index] == UInt8(ascii: ";") { index += 1 }
        if let remapped = HTMLEntities.remapped[value] { return (.scalar(remapped), index) }
        if (0xD800 ... 0xDFFF).contains(value) || value > 0x10FFFF { return (.scalar(0xFFFD), index) }
        if HTMLEntities.isDropped(value) { return (.nothing, index) }
        return (.scalar(value), index)
    }

    /// The value of an ASCII digit (hexadecimal when `hex`), or nil.
    @inline(__always)
    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
