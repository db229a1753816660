/// Recognises the page furniture that scrapers leave in article text, one line or sentence at a
/// time: advertising and calls to action, social-media attribution lines, bare links, bylines and
/// photo credits.
///
/// The checks are fixed phrases and shapes, matched on ASCII bytes ignoring case, so they cost a
/// few comparisons per sentence; text longer than ``maxLength`` bytes is always content (no
/// furniture runs that long). Headings need the lines around them and are decided by
/// ``SentenceSplitter``.
public struct NonContentFilter: Sendable {
    /// Text longer than this many UTF-8 bytes is content without further checks.
    public static let maxLength = 400

    /// A filter (it has no state).
    public init() {}

    /// The kind of one line or sentence: ``ContentKind/content`` unless it is recognised as
    /// furniture; never ``ContentKind/heading``.
    public func kind(of text: String) -> ContentKind {
        var text = text
        return text.withUTF8 { bytes in
            let scan = SentenceSplitter.Scan(bytes: bytes)
            let (start, end) = scan.trimmed(0, bytes.count)
            return NonContentFilter.kind(scan, start, end) ?? .content
        }
    }

    /// The furniture kind of `start ..< end` (trimmed), or nil for content.
    static func kind(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> ContentKind? {
        guard end > start, end - start <= maxLength else { return nil }
        if scan.tokenEnd(startingAt: start, limit: end) == end, scan.isLink(start, end) { return .link }
        if isSocialAttribution(scan, start, end) { return .socialAttribution }
        if isPhotoCredit(scan, start, end) { return .photoCredit }
        if isByline(scan, start, end) { return .byline }
        if isAdvertising(scan, start, end) { return .advertising }
        return nil
    }

    // MARK: - Social attribution

    /// `— Name (@handle) June 20, 2024`: an `(@handle)` with a leading dash or a closing year, or a
    /// dash, an `@handle` and a year; also Instagram's "A post shared by ...".
    private static func isSocialAttribution(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> Bool {
        if scan.hasPrefix(Phrases.postSharedBy, at: start, end: end) { return true }
        let dash = scan.dashLength(at: start) > 0
        let year = endsWithYear(scan, start, end)
        guard dash || year else { return false }
        if scan.contains(Phrases.handleInParentheses, start, end) { return true }
        return dash && year && scan.contains([UInt8(ascii: "@")], start, end)
    }

    /// Whether the text ends with a year 1900-2099 after a space or comma (closers and a full stop
    /// after it allowed).
    private static func endsWithYear(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> Bool {
        var last = end
        while last > start, scan[last - 1] == UInt8(ascii: ".") || scan[last - 1] == UInt8(ascii: ")") { last -= 1 }
        guard last - start >= 6 else { return false }
        for index in last - 4 ..< last where !(scan[index] >= UInt8(ascii: "0") && scan[index] <= UInt8(ascii: "9")) {
            return false
        }
        let century = (scan[last - 4], scan[last - 3])
        guard century == (UInt8(ascii: "1"), UInt8(ascii: "9")) || century == (UInt8(ascii: "2"), UInt8(ascii: "0")) else {
            return false
        }
        return scan[last - 5] == UInt8(ascii: " ") || scan[last - 5] == UInt8(ascii: ",")
    }

    // MARK: - Photo credits

    /// "Photo: ...", "(Photo by X/Getty Images)", "Image credit: ...", "AP Photo/...", or a text in
    /// brackets or with a `/` that ends with a picture agency ("... /Getty Images").
    private static func isPhotoCredit(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> Bool {
        let begin = scan.skippingOpeners(start, limit: end)
        for phrase in Phrases.photoPrefixes where scan.hasPrefix(phrase, at: begin, end: end) { return true }
        guard begin > start || scan.contains([UInt8(ascii: "/")], start, end) else { return false }
        var last = end
        while last > begin, scan[last - 1] == UInt8(ascii: ".") || scan.closer(at: last - 1) != nil { last -= 1 }
        for phrase in Phrases.photoSuffixes where last - begin >= phrase.count {
            if scan.hasPrefix(phrase, at: last - phrase.count, end: last) { return true }
        }
        return false
    }

    // MARK: - Bylines

    /// "By Jane Doe and John Roe, Reuters", "Reporting by ...; Editing by ...": a "By" (or
    /// "Written by", ...) and then only capitalised words and connectors (and, of, in, ...).
    private static func isByline(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> Bool {
        var index: Int
        if scan[start] == UInt8(ascii: "B"), scan.hasPrefix(Phrases.by, at: start, end: end) {
            index = start + 2
        } else if let phrase = Phrases.bylinePrefixes.first(where: { scan.hasPrefix($0, at: start, end: end) }),
            scan.letterCase(at: start) == .upper
        {
            index = start + phrase.count
        } else {
            return false
        }
        var names = 0
        var words = 0
        while index < end {
            let space = scan.spaceLength(at: index)
            if space > 0 {
                index += space
                continue
            }
            let wordEnd = scan.tokenEnd(startingAt: index, limit: end)
            words += 1
            guard words <= 14 else { return false }
            switch scan.letterCase(at: index) {
            case .upper:
                names += 1
            case .lower:
                let lettersEnd = scan.wordEnd(startingAt: index, limit: wordEnd)
                guard Phrases.bylineConnectors.contains(scan.string(index, lettersEnd)) else { return false }
            case .digit:
                return false
            case .other:
                break
            }
            index = wordEnd
        }
        guard names > 0 else { return false }
        var last = end
        while last > start, scan.closer(at: last - 1) != nil { last -= 1 }
        return scan[last - 1] != UInt8(ascii: "?") && scan[last - 1] != UInt8(ascii: "!")
    }

    // MARK: - Advertising

    /// A call to action or an ad label: the whole text is one ("Advertisement", "Subscribe now"),
    /// starts with one ("Click here to ...", "Read more: ..."), or holds one ("... try Premium ...").
    private static func isAdvertising(_ scan: SentenceSplitter.Scan, _ start: Int, _ end: Int) -> Bool {
        let begin = scan.skippingOpeners(start, limit: end)
        var last = end
        while last > begin {
            let byte = scan[last - 1]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: ":") || scan.closer(at: last - 1) != nil {
                last -= 1
            } else {
                break
            }
        }
        for phrase in Phrases.adExact where phrase.count == last - begin {
            if scan.hasPrefix(phrase, at: begin, end: last) { return true }
        }
        for phrase in Phrases.adPrefixes where scan.hasPrefix(phrase, at: begin, end: end) { return true }
        // Any word start may open one of the inside phrases; they are bucketed by first letter.
        var index = begin
        while index < end {
            let byte = SentenceSplitter.Scan.lower(scan[index])
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z"),
                index == begin || !SentenceSplitter.Scan.isASCIIAlphanumeric(scan[index - 1])
            {
                for phrase in Phrases.adInsideByLetter[Int(byte - UInt8(ascii: "a"))]
                where scan.hasPrefix(phrase, at: index, end: end) {
                    return true
                }
            }
            index += 1
        }
        return false
    }
}
