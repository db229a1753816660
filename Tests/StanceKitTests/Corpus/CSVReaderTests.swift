import Foundation
import Testing

@testable import StanceKit

@Suite struct CSVReaderTests {
    let fixture: CorpusFixture
    init() throws { fixture = try CorpusFixture() }

    @Test("reads a header and records")
    func happyPath() throws {
        let corpus = try fixture.read("a.csv", "label,text\nsupport,We back it.\ncondemnation,This is wrong.\n")
        #expect(corpus.labels == ["support", "condemnation"])
        #expect(corpus.textStrings == ["We back it.", "This is wrong."])
        #expect(corpus.lines == [2, 3])
    }

    @Test("columns in any order, names in any case, other columns ignored")
    func headerColumns() throws {
        let corpus = try fixture.read("b.csv", "id, TEXT ,source,Label\n7,hello there,web,greeting\n8,bye,web,farewell")
        #expect(corpus.labels == ["greeting", "farewell"])
        #expect(corpus.textStrings == ["hello there", "bye"])
    }

    @Test("quoted fields hold commas, \"\" escapes and line breaks; lines are where records start")
    func quoting() throws {
        let contents = "label,text\r\n\"sup,port\",\"He said \"\"no\"\", twice\"\r\nb,\"line one\nline two\"\nc,after\n"
        let corpus = try fixture.read("q.csv", contents)
        #expect(corpus.labels == ["sup,port", "b", "c"])
        #expect(corpus.textStrings == ["He said \"no\", twice", "line one\nline two", "after"])
        #expect(corpus.lines == [2, 3, 5])
    }

    @Test("a byte-order mark before the header, and blank lines")
    func bomAndBlankLines() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\nlabel,text\n\na,x\n".utf8)
        let corpus = try CorpusReader.read(path: fixture.write("bom.csv", bytes: bytes))
        #expect(corpus.labels == ["a"])
        #expect(corpus.lines == [4])
    }

    @Test("no header")
    func missingHeader() throws {
        let message = try fixture.failure("bad.csv", "support,We back it.\n")
        #expect(message == "\(fixture.directory)/bad.csv:1: expected a CSV header naming the columns "
            + "\"label\" and \"text\"; add a first line such as label,text")
    }

    @Test("a header without a text column")
    func missingColumn() throws {
        let message = try fixture.failure("bad.csv", "label,sentence\na,b\n")
        #expect(message == "\(fixture.directory)/bad.csv:1: the CSV header has no \"text\" column; "
            + "name the columns \"label\" and \"text\" in the first line")
    }

    @Test("a record with too few fields")
    func missingField() throws {
        let message = try fixture.failure("bad.csv", "id,label,text\n1,a,x\n2,b\n")
        #expect(message == "\(fixture.directory)/bad.csv:3: expected at least 3 fields, found 2; "
            + "quote fields that contain commas, and check the record against the header")
    }

    @Test("a quoted field that never closes is reported where it starts")
    func unterminatedQuote() throws {
        let message = try fixture.failure("bad.csv", "label,text\na,x\nb,\"open\nmore\nstill open\n")
        #expect(message == "\(fixture.directory)/bad.csv:3: quoted field never closed; "
            + "end it with \", and write a quote inside it as \"\"")
    }

    @Test("text after a closing quote")
    func strayQuote() throws {
        let message = try fixture.failure("bad.csv", "label,text\na,\"x\"y\n")
        #expect(message == "\(fixture.directory)/bad.csv:2: unexpected character after a closing quote; "
            + "write a quote inside a quoted field as \"\"")
    }

    @Test("a header and no records")
    func headerOnly() throws {
        let message = try fixture.failure("bad.csv", "label,text\n\n")
        #expect(message == "\(fixture.directory)/bad.csv: the file has a header but no examples; "
            + "add at least one labeled record")
    }

    @Test("skipInvalid resumes after a stray quote and counts bad records")
    func skipInvalid() throws {
        let contents = "label,text\na,\"x\"y\nb\n,empty label\nc,ok\n"
        let corpus = try fixture.read("skip.csv", contents, options: .init(skipInvalid: true))
        #expect(corpus.labels == ["c"])
        #expect(corpus.lines == [5])
        #expect(corpus.skipped == 3)
    }
}
