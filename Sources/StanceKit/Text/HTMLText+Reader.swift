extension HTMLText {
    /// The one forward pass over the page: text runs between `<`s are copied (white space
    /// collapsed, references decoded) unless an element being dropped is open; markup is read
    /// and turned into breaks.
    struct Reader {
        let source: Source
        /// The page's text.
        var output = Output()
        /// The first title's text.
        var title = Output()
        private var sawTitle = false
        /// The names of the open elements being dropped (`svg` in `svg`, `template`, ...).
        private var dropped: [String] = []
        /// Whether a `<head>` is open.
        private var headOpen = false
        /// How many `pre` elements are open.
        private var preformatted = 0

        init(source: Source) {
            self.source = source
        }

        /// Reads the whole page.
        mutating func run() {
            var index = 0
            let count = source.count
            while index < count {
                var next = index
                while next < count, source.bytes[next] != UInt8(ascii: "<") { next += 1 }
                if next > index { text(index, next) }
                guard next < count else { break }
                index = markup(at: next)
            }
        }

        /// The text run `start ..< end` (no `<` inside).
        private mutating func text(_ start: Int, _ end: Int) {
            guard dropped.isEmpty else { return }
            if headOpen {
                guard !source.isBlank(start, end) else { return }
                headOpen = false
            }
            source.appendText(start, end, to: &output, preformatted: preformatted > 0)
        }

        /// Reads the markup at `start` (a `<`) and returns where the text goes on.
        private mutating func markup(at start: Int) -> Int {
            let next = source[start + 1]
            if next == UInt8(ascii: "!") {
                if source.matches("<!--", at: start) {
                    // `<!-->` and `<!--->` are empty comments.
                    if source[start + 4] == UInt8(ascii: ">") { return start + 5 }
                    if source.matches("->", at: start + 4) { return start + 6 }
                    return source.commentEnd(from: start + 4)
                }
                if source.matches("<![CDATA[", at: start) { return source.end(after: "]]>", from: start + 9) }
                return source.end(after: ">", from: start + 2)
            }
            if next == UInt8(ascii: "?") { return source.end(after: ">", from: start + 2) }
            if next == UInt8(ascii: "/") {
                let letter = source[start + 2]
                if letter == UInt8(ascii: ">") { return start + 3 }
                guard Source.isLetter(letter) else { return source.end(after: ">", from: start + 2) }
                let (name, nameEnd) = source.tagName(at: start + 2)
                guard let (end, _) = source.tagEnd(from: nameEnd) else { return source.count }
                endTag(name)
                return end
            }
            guard Source.isLetter(next) else {
                text(start, start + 1)
                return start + 1
            }
            let (name, nameEnd) = source.tagName(at: start + 1)
            guard let (end, selfClosing) = source.tagEnd(from: nameEnd) else { return source.count }
            return startTag(name, selfClosing: selfClosing, end: end)
        }

        /// A start tag that ends at `end`; returns where the text goes on (past a raw-text element).
        private mutating func startTag(_ name: String, selfClosing: Bool, end: Int) -> Int {
            let element = Element(name)
            if headOpen, !Element.headContent.contains(name) { headOpen = false }
            switch element {
            case .rawText:
                return source.closingTag(name, from: end).end
            case .title:
                let close = source.closingTag(name, from: end)
                if !sawTitle, dropped.isEmpty {
                    sawTitle = true
                    source.appendText(end, close.start, to: &title, preformatted: false)
                }
                return close.end
            case .dropped:
                if !selfClosing { dropped.append(name) }
            case .head:
                if dropped.isEmpty { headOpen = true }
            case .body:
                headOpen = false
                if dropped.isEmpty { output.widen(to: .paragraph) }
            case .block:
                if dropped.isEmpty, !headOpen { output.widen(to: .paragraph) }
            case .preformatted:
                if dropped.isEmpty, !headOpen {
                    output.widen(to: .paragraph)
                    preformatted += 1
                }
            case .cell:
                if dropped.isEmpty, !headOpen { output.widen(to: .space) }
            case .inline:
                break
            }
            return end
        }

        /// An end tag.
        private mutating func endTag(_ name: String) {
            if let open = dropped.lastIndex(of: name) {
                dropped.removeSubrange(open...)
                return
            }
            guard dropped.isEmpty else { return }
            let element = Element(name)
            if element == .head {
                headOpen = false
                return
            }
            guard !headOpen else { return }
            switch element {
            case .block, .body:
                output.widen(to: .paragraph)
            case .preformatted:
                output.widen(to: .paragraph)
                preformatted = max(0, preformatted - 1)
            case .cell:
                output.widen(to: .space)
            default:
                break
            }
        }
    }
}

extension HTMLText.Source {
    /// Appends the text run `start ..< end` (no markup in it): white space collapsed (line
    /// breaks kept when `preformatted`), references decoded, soft hyphens dropped.
    func appendText(_ start: Int, _ end: Int, to output: inout HTMLText.Output, preformatted: Bool) {
        var index = start
        while index < end {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0C:
                output.widen(to: .space)
                index += 1
            case 0x0A:
                if preformatted { output.lineBreak() } else { output.widen(to: .space) }
                index += 1
            case 0x0D:
                if preformatted {
                    output.lineBreak()
                    if self[index + 1] == 0x0A { index += 1 }
                } else {
                    output.widen(to: .space)
                }
                index += 1
            case UInt8(ascii: "&"):
                let (reference, next) = reference(at: index, limit: end)
                switch reference {
                case .literal: output.append(byte)
                case .scalar(let value): output.append(scalar: value, preformatted: preformatted)
                case .nothing: break
                }
                index = next
            case 0xC2 where index + 1 < end && (bytes[index + 1] == 0xA0 || bytes[index + 1] == 0xAD):
                if bytes[index + 1] == 0xA0 { output.widen(to: .space) }
                index += 2
            default:
                // A run of ordinary bytes is copied at once.
                var runEnd = index + 1
                while runEnd < end, !Self.isSpecialInText(bytes[runEnd]) { runEnd += 1 }
                output.append(UnsafeBufferPointer(rebasing: bytes[index ..< runEnd]))
                index = runEnd
            }
        }
    }

    /// Whether a byte needs a decision in running text: HTML white space, `&`, or 0xC2 (the lead
    /// byte of U+00A0 and U+00AD).
    @inline(__always)
    static func isSpecialInText(_ byte: UInt8) -> Bool {
        byte <= 0x20 ? (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D)
            : (byte == UInt8(ascii: "&") || byte == 0xC2)
    }
}
