import Testing

@testable import StanceKit

/// Labels are class names printed in tables, TSV and terminals: spaces inside are kept, control
/// characters (a tab, a line break, an escape) are rejected in every format. Found by
/// scripts/fuzz (FuzzTSV, seed regression-control-label.tsv: the label "\u{1A}(" was accepted).
@Suite struct LabelCharacterTests {
    struct Case: Sendable, CustomStringConvertible {
        let format: CorpusFormat
        let contents: String
        let line: Int
        var description: String { "\(format): \(contents.debugDescription)" }
    }

    static let rejected: [Case] = [
        Case(format: .tsv, contents: "a\tfine\nsup\rport\ttext\n", line: 2),
        Case(format: .tsv, contents: "\u{1B}[31mred\ttext\n", line: 1),
        Case(format: .tsv, contents: "\u{1A}(\t\u{1E}\n", line: 1),
        Case(format: .csv, contents: "label,text\n\"sup\tport\",text\n", line: 2),
        Case(format: .csv, contents: "label,text\na,x\n\"two\nlines\",text\n", line: 3),
        Case(format: .jsonl, contents: #"{"label": "bell\u0007", "text": "x"}"# + "\n", line: 1),
        Case(format: .jsonl, contents: #"{"label": "del\u007f", "text": "x"}"# + "\n", line: 1),
        Case(format: .fasttext, contents: "__label__a\u{1}b text\n", line: 1),
    ]

    @Test("a control character in a label is a PATH:LINE error", arguments: rejected)
    func rejectsControlCharacters(_ c: Case) {
        #expect(throws: CorpusError.controlCharacterInLabel(path: "p", line: c.line)) {
            try CorpusReader.read(bytes: Array(c.contents.utf8), path: "p", format: c.format)
        }
    }

    @Test("under skipInvalid such a line is skipped and counted", arguments: rejected)
    func skipsControlCharacters(_ c: Case) throws {
        let contents = c.contents + (c.format == .jsonl ? #"{"label": "ok", "text": "y"}"# : c.format == .fasttext ? "__label__ok y" : "ok\ty")
        let format = c.format == .csv ? CorpusFormat.csv : c.format
        let bytes = Array((c.format == .csv ? contents.replacingOccurrences(of: "ok\ty", with: "ok,y") : contents).utf8)
        let corpus = try CorpusReader.read(bytes: bytes, path: "p", format: format, options: .init(skipInvalid: true))
        #expect(corpus.skipped == 1)
        #expect(corpus.labels.last == "ok")
    }

    @Test("spaces inside a label are kept, around it trimmed")
    func spaces() throws {
        let corpus = try CorpusReader.read(bytes: Array("  strong  support \ttext\n".utf8), path: "p", format: .tsv)
        #expect(corpus.labels == ["strong  support"])
        let message = CorpusError.controlCharacterInLabel(path: "d.tsv", line: 4).description
        #expect(message == "d.tsv:4: the label holds a tab, line break or other control character; "
            + "write class names on one line without control characters (spaces are fine)")
    }
}
