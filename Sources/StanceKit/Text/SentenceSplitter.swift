/// Splits scraped article text into sentences and labels each one as content or page furniture.
///
/// ```swift
/// let sentences = SentenceSplitter().split(article)
/// let prose = sentences.filter(\.isContent).map(\.text)
/// ```
///
/// The text is read as UTF-8 bytes in two passes over lines and then over marks:
///
/// 1. **Lines into blocks.** A blank line always ends a sentence. A single line break ends one
///    when the line before it ends with `.` `?` `!` `…` or `:` (but not with a title such as
///    `Mr.`), ends with a link, is short (``Options/shortLineLength``), is a Title Case heading,
///    a list item (`-` `*` `•` `1.` `a)`) or page furniture, or when the next line is a list item
///    or page furniture. Otherwise the line was wrapped and the sentence runs on.
/// 2. **Marks inside a block.** Only `.` `?` `!` `…` `‽` `。！？` can end a sentence, together
///    with the closing quotes and brackets after them (`."` `.”` `?'` `.)`), and only when white
///    space follows, with one exception: `ended.The` (see ``Options/splitsGluedSentences``).
///    - `?` and `!` (runs such as `?!` too) end a sentence, except before a lower-case word
///      after a closing quote (`"Why?" he asked`).
///    - An ellipsis (`...`, `…`, `. . .`) ends one only before a capital.
///    - A full stop after an ordinary word ends one before anything, a lower-case word included
///      (scraped text loses capitals: `... capabilities. north Kim referred ...`).
///    - A full stop after an abbreviation follows that abbreviation's ``AbbreviationRule``:
///      titles (`Mr.` `Dr.` `Gen.`) and `e.g.` `i.e.` `vs.` never end one; `No.` `Art.` `p.` do not
///      before a number; months (`Jan.`) end one only before a capital; `etc.` before a capital;
///      `a.m.`/`p.m.` before a capital that is not a weekday, month or time zone; `Inc.` `Jr.`
///      `St.` `U.S.` `D.C.` and initials (`George W. Bush`) only before a common sentence opener
///      (`The`, `He`, `But`, ...).
///    - A full stop with no white space after it (`3.5`, `v2.1.3`, `example.com`, `U.S.-led`) and
///      a mark before a link (`LOCKJAW! pic.twitter.com/x`) never end one; dashes never do.
///
/// Each sentence then gets a ``ContentKind`` from ``NonContentFilter`` (advertising, social
/// attribution, link, byline, photo credit); a one-line block that is not prose but a Title Case
/// line without final punctuation is a ``ContentKind/heading``. Nothing is removed from the text:
/// a tweet line ending in `pic.twitter.com/...` is one content sentence, link included.
///
/// The work is linear in the input: each byte is compared once in each pass, offsets in Unicode
/// scalars are counted in one forward walk, and strings are made only for the sentences returned.
public struct SentenceSplitter: Sendable {
    /// Choices that change where sentences end; each default is the reading that scraped news
    /// text needs most often.
    public struct Options: Sendable, Equatable {
        /// Whether a full stop after an ordinary word ends a sentence before a lower-case word.
        /// Default `true`: scraped text loses capitals, and the abbreviation table, not the case
        /// of the next word, is what keeps `Inc. said` and `e.g. the` together.
        public var lowercaseStartsSentence: Bool
        /// Whether `ended.The ministry` (no space after the full stop, a word of two or more
        /// letters ending in lower case before it, a capitalised word after it) is two
        /// sentences. Default `true`: scrapers glue paragraphs this way; domains and
        /// abbreviations are excluded.
        public var splitsGluedSentences: Bool
        /// A line without final punctuation shorter than this many Unicode scalars ends its
        /// sentence at the line break. Default 40: shorter than any hard-wrapped line of prose
        /// (usually 65-80), longer than most headings, datelines and labels.
        public var shortLineLength: Int
        /// The most words a Title Case line may have to be read as a heading. Default 12: news
        /// headlines run 6-12 words.
        public var maxHeadingWords: Int
        /// Whether a Title Case line standing alone is labelled ``ContentKind/heading`` (it ends its
        /// sentence either way). Default `true`.
        public var detectsHeadings: Bool
        /// More abbreviations that never end a sentence, spelled without the final full stop
        /// (`"Gov"`, `"Sept"`, `"approx"`); ASCII letters and inner full stops only, at most 8
        /// bytes. Spelled with a capital, an entry matches only capitalised text. Default none.
        public var extraAbbreviations: [String]

        /// Options with the documented defaults.
        public init(
            lowercaseStartsSentence: Bool = true,
            splitsGluedSentences: Bool = true,
            shortLineLength: Int = 40,
            maxHeadingWords: Int = 12,
            detectsHeadings: Bool = true,
            extraAbbreviations: [String] = []
        ) {
            precondition(shortLineLength >= 0, "shortLineLength \(shortLineLength) is negative")
            precondition(maxHeadingWords >= 0, "maxHeadingWords \(maxHeadingWords) is negative")
            self.lowercaseStartsSentence = lowercaseStartsSentence
            self.splitsGluedSentences = splitsGluedSentences
            self.shortLineLength = shortLineLength
            self.maxHeadingWords = maxHeadingWords
            self.detectsHeadings = detectsHeadings
            self.extraAbbreviations = extraAbbreviations
        }
    }

    /// The options this splitter was made with.
    public let options: Options
    /// The abbreviation table: the built-in one plus ``Options/extraAbbreviations``.
    let abbreviations: Abbreviations

    /// A splitter with `options`.
    public init(options: Options = .init()) {
        self.options = options
        self.abbreviations = Abbreviations(extra: options.extraAbbreviations)
    }

    /// The sentences of `text`, in order, trimmed, with their offsets in Unicode scalars.
    public func split(_ text: String) -> [Sentence] {
        if let sentences = text.utf8.withContiguousStorageIfAvailable({ split(bytes: $0) }) {
            return sentences
        }
        return Array(text.utf8).withUnsafeBufferPointer { split(bytes: $0) }
    }

    /// One sentence as byte offsets, before its text is made.
    private struct Piece {
        let start: Int, end: Int
        let kind: ContentKind
    }

    /// The open block: lines that one sentence may run across.
    private struct Block {
        let start: Int
        var end: Int
        let first: Line
        var lineCount = 1
    }

    private func split(bytes: UnsafeBufferPointer<UInt8>) -> [Sentence] {
        let scan = Scan(bytes: bytes)
        var pieces: [Piece] = []
        var ranges: [Range<Int>] = []
        var block: Block?
        var previous: Line?

        func flush() {
            guard let open = block else { return }
            block = nil
            ranges.removeAll(keepingCapacity: true)
            appendSentences(scan, from: open.start, to: open.end, into: &ranges)
            let oneLine = open.lineCount == 1
            for range in ranges {
                let (start, end) = scan.trimmed(range.lowerBound, range.upperBound)
                guard start < end else { continue }
                var kind: ContentKind?
                if oneLine, start == open.first.start, end == open.first.end {
                    kind = open.first.kind
                    if kind == nil, options.detectsHeadings, open.first.isHeadingLike { kind = .heading }
                } else {
                    kind = NonContentFilter.kind(scan, start, end)
                    if kind == nil, oneLine, let lineKind = open.first.kind, lineKind != .advertising { kind = lineKind }
                }
                pieces.append(Piece(start: start, end: end, kind: kind ?? .content))
            }
        }

        var lineStart = 0
        while lineStart <= scan.count {
            var lineEnd = lineStart
            while lineEnd < scan.count, scan[lineEnd] != UInt8(ascii: "\n"), scan[lineEnd] != UInt8(ascii: "\r") {
                lineEnd += 1
            }
            let (start, end) = scan.trimmed(lineStart, lineEnd)
            if start == end {
                flush()
                previous = nil
            } else {
                let current = line(scan, start, end)
                if let before = previous, !before.endsBlock, !current.startsBlock, block != nil {
                    block?.end = end
                    block?.lineCount += 1
                } else {
                    flush()
                    block = Block(start: start, end: end, first: current)
                }
                previous = current
            }
            guard lineEnd < scan.count else { break }
            let crlf = scan[lineEnd] == UInt8(ascii: "\r") && scan[lineEnd + 1] == UInt8(ascii: "\n")
            lineStart = lineEnd + (crlf ? 2 : 1)
        }
        flush()
        return sentences(scan, pieces)
    }

    /// Makes the sentences, counting Unicode scalars (UTF-8 lead bytes) in one forward walk.
    private func sentences(_ scan: Scan, _ pieces: [Piece]) -> [Sentence] {
        var result: [Sentence] = []
        result.reserveCapacity(pieces.count)
        var byteOffset = 0
        var scalarOffset = 0
        func advance(to target: Int) {
            while byteOffset < target {
                if scan.bytes[byteOffset] & 0xC0 != 0x80 { scalarOffset += 1 }
                byteOffset += 1
            }
        }
        for piece in pieces {
            advance(to: piece.start)
            let start = scalarOffset
            advance(to: piece.end)
            result.append(Sentence(text: scan.string(piece.start, piece.end), start: start, end: scalarOffset, kind: piece.kind))
        }
        return result
    }
}
