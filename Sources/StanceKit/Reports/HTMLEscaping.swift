/// Escaping text for HTML.
public enum HTMLEscaping {
    /// `text` safe inside an element or a quoted attribute value: `&` `<` `>` `"` `'` become
    /// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`; with `lineBreaks`, LF becomes `&#10;` (for an
    /// attribute whose value is shown with its line breaks). Everything else is copied as UTF-8.
    public static func escape(_ text: String, lineBreaks: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
            case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
            case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
            case UInt8(ascii: "\""): bytes += Array("&quot;".utf8)
            case UInt8(ascii: "'"): bytes += Array("&#39;".utf8)
            case 0x0A where lineBreaks: bytes += Array("&#10;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
