extension SentenceSplitter {
    /// A run of sentence marks and the closing quotes and brackets after it (`.` `?!` `..."` `.)`).
    struct MarkRun {
        /// Where the first mark starts.
        let start: Int
        /// Where the run (marks and closers) ends.
        var end = 0
        var periods = 0
        var hasQuestionOrExclamation = false
        var hasEllipsis = false
        var hasFullWidth = false
        var hasCloser = false
        var hasClosingQuote = false

        init(start: Int) { self.start = start }

        /// Bytes after `word.Word` that make it part of a URL or an identifier, not two sentences.
        static let urlPunctuation = Array("./@_=&?#".utf8)

        /// Whether the run is one full stop and nothing else.
        var isSinglePeriod: Bool {
            periods == 1 && end == start + 1
        }
    }

    /// How the token before a single full stop reads.
    enum PeriodWord {
        /// A word that is not an abbreviation: the full stop ends a sentence.
        case ordinary
        /// Nothing before the full stop but white space (a spaced ellipsis `. . .`).
        case empty
        /// `1.` or `a.` at the start of a line.
        case listMarker
        /// One capital letter (`J.` in `J. R. R. Tolkien`), read as ``AbbreviationRule/mayEnd``.
        case initial
        /// A known abbreviation, or a dotted acronym such as `N.Y.C.` (read as `mayEnd`).
        case abbreviation(AbbreviationRule)
    }

    /// Appends the sentence ranges of the block `blockStart ..< blockEnd` (not yet trimmed).
    ///
    /// The scan stops only at `.` `?` `!` `…` `‽` and the full-width marks, so ordinary bytes cost
    /// one comparison each; everything else is decided from the few bytes around the mark.
    func appendSentences(_ scan: Scan, from blockStart: Int, to blockEnd: Int, into ranges: inout [Range<Int>]) {
        var sentenceStart = blockStart
        var index = blockStart
        while index < blockEnd {
            let byte = scan[index]
            if byte != UInt8(ascii: "."), byte != UInt8(ascii: "!"), byte != UInt8(ascii: "?"), byte < 0xE2 {
                index += 1
                continue
            }
            guard scan.mark(at: index) != nil else {
                index += 1
                continue
            }
            var run = MarkRun(start: index)
            var position = index
            while position < blockEnd {
                if let (mark, length) = scan.mark(at: position) {
                    switch mark {
                    case .period: run.periods += 1
                    case .question, .exclamation: run.hasQuestionOrExclamation = true
                    case .ellipsis: run.hasEllipsis = true
                    case .fullWidth: run.hasFullWidth = true
                    }
                    position += length
                } else if let (length, isQuote) = scan.closer(at: position) {
                    run.hasCloser = true
                    run.hasClosingQuote = run.hasClosingQuote || isQuote
                    position += length
                } else {
                    break
                }
            }
            run.end = min(position, blockEnd)
            if let cut = boundary(scan, run, blockStart: blockStart, blockEnd: blockEnd), cut > sentenceStart {
                ranges.append(sentenceStart ..< cut)
                sentenceStart = cut
            }
            index = run.end
        }
        if sentenceStart < blockEnd { ranges.append(sentenceStart ..< blockEnd) }
    }

    /// Where the sentence ends if `run` ends it, or nil.
    func boundary(_ scan: Scan, _ run: MarkRun, blockStart: Int, blockEnd: Int) -> Int? {
        var next = run.end
        while next < blockEnd {
            let length = scan.spaceLength(at: next)
            if length == 0 { break }
            next += length
        }
        if run.hasFullWidth || next >= blockEnd { return run.end }
        if next == run.end { return gluedBoundary(scan, run, blockStart: blockStart) }
        // More full stops after white space: a spaced ellipsis (`. . .`) goes on.
        if scan[next] == UInt8(ascii: ".") { return nil }
        // A link right after the mark stays with the sentence ("... LOCKJAW! pic.twitter.com/x").
        if scan.isLink(next, scan.tokenEnd(startingAt: next, limit: blockEnd)) { return nil }

        let wordStart = scan.skippingOpeners(next, limit: blockEnd)
        let following = Following(
            scan: scan, wordStart: wordStart, hadOpener: wordStart > next, limit: blockEnd,
            letterCase: scan.letterCase(at: wordStart))

        if run.hasQuestionOrExclamation {
            // `"Why?" he asked`: a closing quote then a lower-case word goes on.
            if following.letterCase == .lower, run.hasClosingQuote || !options.lowercaseStartsSentence { return nil }
            return run.end
        }
        if run.hasEllipsis || run.periods >= 2 {
            return following.letterCase == .upper ? run.end : nil
        }
        switch periodWord(scan, dot: run.start, floor: blockStart) {
        case .listMarker:
            return nil
        case .empty:
            return following.letterCase == .upper ? run.end : nil
        case .ordinary:
            return afterOrdinaryWord(run, following)
        case .initial:
            return following.opensSentence ? run.end : nil
        case .abbreviation(let rule):
            switch rule {
            case .neverEnds:
                return nil
            case .beforeNumber:
                return following.letterCase == .digit ? nil : afterOrdinaryWord(run, following)
            case .month:
                return following.letterCase == .upper || following.letterCase == .other ? run.end : nil
            case .etc:
                return following.letterCase == .lower ? nil : run.end
            case .time:
                switch following.letterCase {
                case .lower, .digit: return nil
                case .other: return run.end
                case .upper:
                    if following.opensSentence { return run.end }
                    if Abbreviations.timeWords.contains(following.word) { return nil }
                    return following.nextWordIsTime ? nil : run.end
                }
            case .mayEnd:
                return following.opensSentence ? run.end : nil
            }
        }
    }

    /// The decision after an ordinary word: any capital, digit or symbol starts a sentence, and so
    /// does a lower-case word (scraped text often loses a capital), except after a closing quote.
    private func afterOrdinaryWord(_ run: MarkRun, _ following: Following) -> Int? {
        guard following.letterCase == .lower else { return run.end }
        return options.lowercaseStartsSentence && !run.hasClosingQuote ? run.end : nil
    }

    /// The boundary inside `talks ended.The ministry` (no space after the full stop), or nil.
    ///
    /// The left word must be at least two ASCII letters ending in lower case and not an
    /// abbreviation; the right word a capital and lower-case letters, not followed by URL
    /// punctuation and not a top-level domain (`Example.Com`).
    private func gluedBoundary(_ scan: Scan, _ run: MarkRun, blockStart: Int) -> Int? {
        guard options.splitsGluedSentences, run.isSinglePeriod else { return nil }
        let right = run.end
        guard scan.letterCase(at: right) == .upper, scan[right] < 0x80 else { return nil }
        var rightEnd = right + 1
        while scan[rightEnd] >= UInt8(ascii: "a"), scan[rightEnd] <= UInt8(ascii: "z") { rightEnd += 1 }
        guard rightEnd > right + 1 else { return nil }
        let stop = scan[rightEnd]
        if Scan.isASCIIAlphanumeric(stop) || MarkRun.urlPunctuation.contains(stop) { return nil }
        if Abbreviations.topLevelDomains.contains(scan.string(right, rightEnd).lowercased()) { return nil }

        // Only the letters are walked back over, so a long run of glued text stays linear.
        var left = run.start
        while left > blockStart, Scan.isASCIILetter(scan[left - 1]) { left -= 1 }
        guard run.start - left >= 2, scan.letterCase(at: run.start - 1) == .lower else { return nil }
        // Before the letters: the block start or white space, perhaps after opening quotes.
        var begin = left
        while begin > blockStart, scan.spaceLength(before: begin) == 0 {
            let opener = (1 ... 3).first { begin - $0 >= blockStart && scan.openerLength(at: begin - $0) == $0 }
            guard let length = opener else { return nil }
            begin -= length
        }
        guard abbreviations.rule(scan, left, run.start) == nil else { return nil }
        return right
    }

    /// How the token before the full stop at `dot` reads.
    func periodWord(_ scan: Scan, dot: Int, floor: Int) -> PeriodWord {
        let tokenBegin = scan.tokenStart(endingAt: dot, floor: floor)
        let start = scan.skippingOpeners(tokenBegin, limit: dot)
        guard start < dot else { return .empty }
        let length = dot - start
        if length <= 3, isAtLineStart(scan, tokenBegin, floor: floor) {
            var digits = true
            for index in start ..< dot where !(scan[index] >= UInt8(ascii: "0") && scan[index] <= UInt8(ascii: "9")) {
                digits = false
            }
            if digits || (length == 1 && Scan.isASCIILetter(scan[start])) { return .listMarker }
        }
        if let rule = abbreviations.rule(scan, start, dot) { return .abbreviation(rule) }
        if scan.scalar(at: start).length == length, scan.letterCase(at: start) == .upper { return .initial }
        return isDottedAcronym(scan, start, dot) ? .abbreviation(.mayEnd) : .ordinary
    }

    /// Whether only spaces and tabs stand between the start of its line (or `floor`) and `index`.
    private func isAtLineStart(_ scan: Scan, _ index: Int, floor: Int) -> Bool {
        var position = index
        while position > floor, scan[position - 1] == UInt8(ascii: " ") || scan[position - 1] == UInt8(ascii: "\t") {
            position -= 1
        }
        return position == floor || scan[position - 1] == UInt8(ascii: "\n") || scan[position - 1] == UInt8(ascii: "\r")
    }

    /// Whether `start ..< end` is one- or two-letter groups joined by full stops (`U.S`, `Ph.D`).
    private func isDottedAcronym(_ scan: Scan, _ start: Int, _ end: Int) -> Bool {
        var group = 0
        var dots = 0
        for index in start ..< end {
            let byte = scan[index]
            if byte == UInt8(ascii: ".") {
                guard group > 0 else { return false }
                dots += 1
                group = 0
            } else if Scan.isASCIILetter(byte) {
                group += 1
                if group > 2 { return false }
            } else {
                return false
            }
        }
        return dots > 0 && group > 0
    }
}
