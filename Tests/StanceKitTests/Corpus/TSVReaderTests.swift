import Foundation
import Testing

@testable import StanceKit

@Suite struct TSVReaderTests {
    let fixture: CorpusFixture
    init() throws { fixture = try CorpusFixture() }

    @Test("reads label<TAB>text lines with their line numbers")
    func happyPath() throws {
        let corpus = try fixture.read("a.tsv", "support\tWe back the plan.\n\ncondemnation\tThis is wrong.\n")
        #expect(corpus.labels == ["support", "condemnation"])
        #expect(corpus.textStrings == ["We back the plan.", "This is wrong."])
        #expect(corpus.lines == [1, 3])
        #expect(corpus.count == 2)
        #expect(corpus.skipped == 0)
    }

    @Test("CRLF line ends, a byte-order mark and a missing final newline")
    func crlfAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\tfirst\r\nb\tsecond\r\n\r\nc\tthird".utf8)
        let path = try fixture.write("crlf.tsv", bytes: bytes)
        let corpus = try CorpusReader.read(path: path)
        #expect(corpus.labels == ["a", "b", "c"])
        #expect(corpus.textStrings == ["first", "second", "third"])
        #expect(corpus.lines == [1, 2, 4])
    }

    @Test("the label ends at the first tab; later tabs stay in the text")
    func tabsInsideText() throws {
        let corpus = try fixture.read("tabs.tsv", " support \tone\ttwo\t\tthree\n")
        #expect(corpus.labels == ["support"])
        #expect(corpus.textStrings == ["one\ttwo\t\tthree"])
    }

    @Test("invalid UTF-8 in a text is kept byte for byte")
    func invalidUTF8InTextKept() throws {
        let text: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x20, 0xFF]  // "caf\xE9 \xFF" (Latin-1)
        let path = try fixture.write("latin.tsv", bytes: Array("x\t".utf8) + text + [0x0A])
        let corpus = try CorpusReader.read(path: path)
        #expect(corpus.texts.bytes == text)
    }

    @Test("read(bytes:) gives the same corpus as read(path:)")
    func bytesAndPathAgree() throws {
        let contents = "a\tone\nb\ttwo\n"
        let fromPath = try fixture.read("same.tsv", contents)
        let fromBytes = try CorpusReader.read(bytes: Array(contents.utf8), path: "mem.tsv", format: .tsv)
        #expect(fromPath == fromBytes)
    }

    @Test("a line without a tab")
    func missingTab() throws {
        let message = try fixture.failure("bad.tsv", "a\tfine\nno tab here\n")
        #expect(message == "\(fixture.directory)/bad.tsv:2: expected \"label<TAB>text\", found no tab; "
            + "separate the label from the text with a tab character")
    }

    @Test("an empty label")
    func emptyLabel() throws {
        let message = try fixture.failure("bad.tsv", "  \ttext\n")
        #expect(message == "\(fixture.directory)/bad.tsv:1: empty label; give every example a class name as its label")
    }

    @Test("an empty text")
    func emptyText() throws {
        let message = try fixture.failure("bad.tsv", "a\tx\n\nb\t  \r\n")
        #expect(message == "\(fixture.directory)/bad.tsv:3: empty text; "
            + "give every example some text after its label, or remove the line")
    }

    @Test("a label that is not UTF-8")
    func invalidUTF8InLabel() throws {
        let message = try fixture.failure("bad.tsv", bytes: [0x61, 0xFF, 0x09, 0x62, 0x0A])
        #expect(message == "\(fixture.directory)/bad.tsv:1: the label is not valid UTF-8; "
            + "re-encode the file as UTF-8 (for example iconv -f latin1 -t utf-8)")
    }

    @Test("a NUL byte")
    func binaryContent() throws {
        let message = try fixture.failure("bad.tsv", bytes: Array("a\tok\nb\tx".utf8) + [0, 0x0A])
        #expect(message == "\(fixture.directory)/bad.tsv:2: NUL byte in the line (binary file?); "
            + "a corpus must be UTF-8 text")
    }

    @Test("a line longer than maxLineBytes")
    func lineTooLong() throws {
        let contents = "a\tshort\nb\t" + String(repeating: "x", count: 40) + "\n"
        let message = try fixture.failure("long.tsv", contents, options: .init(maxLineBytes: 32))
        #expect(message == "\(fixture.directory)/long.tsv:2: line longer than 32 bytes; "
            + "raise --max-line-bytes, or check that this is a text corpus")
    }

    @Test("skipInvalid skips and counts every kind of bad line")
    func skipInvalidCounts() throws {
        let bytes = Array("a\tone\nno tab\n\tno label\nb\t\nc\tt\u{0}\nd\t\(String(repeating: "y", count: 64))\ne\ttwo\n".utf8)
        let path = try fixture.write("mixed.tsv", bytes: bytes + [0xFF, 0x09, 0x7A, 0x0A])
        let corpus = try CorpusReader.read(path: path, options: .init(skipInvalid: true, maxLineBytes: 48))
        #expect(corpus.labels == ["a", "e"])
        #expect(corpus.lines == [1, 7])
        #expect(corpus.skipped == 6)
    }

    @Test("100,000 generated lines read back exactly")
    func largeFile() throws {
        var contents = ""
        contents.reserveCapacity(4_000_000)
        let classes = ["analysis", "condemnation", "support"]
        for index in 0 ..< 100_000 {
            contents += "\(classes[index % 3])\tsentence number \(index) with\ta tab\n"
        }
        let corpus = try fixture.read("large.tsv", contents)
        #expect(corpus.count == 100_000)
        #expect(corpus.classes == classes)
        #expect(corpus.lines.last == 100_000)
        #expect(corpus.labels[99_997] == "condemnation")
        #expect(corpus.texts[12_345] == "sentence number 12345 with\ta tab")
    }
}
