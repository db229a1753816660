extension SentenceSplitter {
    /// What the splitter needs to know about one non-blank line to decide whether the line break
    /// after it ends a sentence.
    struct Line {
        /// The line without surrounding white space.
        let start: Int, end: Int
        /// Ends with `.` `?` `!` `…` or `:` (closers after it allowed), and not with a title such
        /// as `Mr.` that a hard wrap may have left at the end of the line.
        let endsSentence: Bool
        /// Ends with a URL or a domain (a tweet's `pic.twitter.com/...`).
        let endsWithLink: Bool
        /// Starts with a bullet (`-` `*` `+` `•` `◦` `▪` `‣`) or a number or letter and `.` or `)`.
        let isListItem: Bool
        /// Shorter than ``Options/shortLineLength`` scalars.
        let isShort: Bool
        /// At most ``Options/maxHeadingWords`` words in Title Case, with no final `.` `?` `!` `…` `:`.
        let isHeadingLike: Bool
        /// Recognised page furniture, or nil for content.
        let kind: ContentKind?

        /// Whether a sentence cannot run on from this line into the next.
        var endsBlock: Bool {
            endsSentence || endsWithLink || isListItem || isShort || isHeadingLike || kind != nil
        }

        /// Whether a sentence cannot run on into this line from the one before.
        var startsBlock: Bool {
            isListItem || kind != nil
        }
    }

    /// Reads the line `start ..< end` (already trimmed, not empty).
    func line(_ scan: Scan, _ start: Int, _ end: Int) -> Line {
        var last = end
        while last > start {
            let length = scan.closerLength(before: last)
            if length == 0 { break }
            last -= length
        }
        var endsSentence = false
        var endsWithMark = false
        if last > start {
            switch scan[last - 1] {
            case UInt8(ascii: ":"):
                endsSentence = true
            case UInt8(ascii: "?"), UInt8(ascii: "!"):
                endsSentence = true
                endsWithMark = true
            case UInt8(ascii: "."):
                endsWithMark = true
                if case .abbreviation(.neverEnds) = periodWord(scan, dot: last - 1, floor: start) {
                    endsSentence = false
                } else {
                    endsSentence = true
                }
            default:
                if last - start >= 3, let (_, length) = scan.mark(at: last - 3), length == 3 {
                    endsSentence = true
                    endsWithMark = true
                }
            }
        }
        let lastToken = scan.tokenStart(endingAt: end, floor: start)
        let endsWithLink = !endsSentence && scan.isLink(lastToken, end)
        var scalars = 0
        var index = start
        while index < end, scalars < options.shortLineLength {
            if scan[index] & 0xC0 != 0x80 { scalars += 1 }
            index += 1
        }
        let isShort = index >= end && scalars < options.shortLineLength
        let headingLike = !endsSentence && !endsWithMark && !endsWithLink && isTitleCase(scan, start, end)
        return Line(
            start: start, end: end, endsSentence: endsSentence, endsWithLink: endsWithLink,
            isListItem: isListItem(scan, start, end), isShort: isShort, isHeadingLike: headingLike,
            kind: NonContentFilter.kind(scan, start, end))
    }

    /// Whether the line starts with a bullet, or with `1.` `12)` `a)` and a space.
    private func isListItem(_ scan: Scan, _ start: Int, _ end: Int) -> Bool {
        let first = scan[start]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            return scan.spaceLength(at: start + 1) > 0
        }
        if first == 0xE2 {
            let bullet = (scan[start + 1], scan[start + 2])
            let isBullet = bullet == (0x80, 0xA2) || bullet == (0x80, 0xA3) || bullet == (0x97, 0xA6) || bullet == (0x96, 0xAA)
            return isBullet && scan.spaceLength(at: start + 3) > 0
        }
        var index = start
        while index < end, index - start < 3, scan[index] >= UInt8(ascii: "0"), scan[index] <= UInt8(ascii: "9") {
            index += 1
        }
        if index == start, Scan.isASCIILetter(first) {
            return scan[start + 1] == UInt8(ascii: ")") && scan.spaceLength(at: start + 2) > 0
        }
        guard index > start else { return false }
        let marker = scan[index]
        return (marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")")) && scan.spaceLength(at: index + 1) > 0
    }

    /// Whether the line is a Title Case heading: the first word capitalised, every other word
    /// capitalised or a minor word (of, the, and, ...), and at most ``Options/maxHeadingWords`` words.
    private func isTitleCase(_ scan: Scan, _ start: Int, _ end: Int) -> Bool {
        var words = 0
        var capitalised = 0
        var sawLetter = false
        var index = start
        while index < end {
            let length = scan.spaceLength(at: index)
            if length > 0 {
                index += length
                continue
            }
            let wordEnd = scan.tokenEnd(startingAt: index, limit: end)
            words += 1
            if words > options.maxHeadingWords { return false }
            var letter = index
            while letter < wordEnd {
                let letterCase = scan.letterCase(at: letter)
                if letterCase == .upper || letterCase == .lower { break }
                letter += scan.scalar(at: letter).length
            }
            if letter < wordEnd {
                switch scan.letterCase(at: letter) {
                case .upper:
                    capitalised += 1
                default:
                    guard sawLetter else { return false }
                    let lettersEnd = scan.wordEnd(startingAt: letter, limit: wordEnd)
                    guard lettersEnd - letter <= 4,
                        Abbreviations.minorWords.contains(scan.string(letter, lettersEnd).lowercased())
                    else { return false }
                }
                sawLetter = true
            }
            index = wordEnd
        }
        return capitalised > 0
    }
}
