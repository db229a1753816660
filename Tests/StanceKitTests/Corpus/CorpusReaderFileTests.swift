import Foundation
import Testing

@testable import StanceKit

@Suite struct CorpusReaderFileTests {
    let fixture: CorpusFixture
    init() throws { fixture = try CorpusFixture() }

    @Test("a path where nothing exists")
    func fileNotFound() throws {
        let path = fixture.directory + "/missing.tsv"
        let error = #expect(throws: CorpusError.self) { try CorpusReader.read(path: path) }
        #expect(error?.description == "\(path): no such file; check the path")
    }

    @Test("a directory")
    func isDirectory() throws {
        let error = #expect(throws: CorpusError.self) { try CorpusReader.read(path: fixture.directory) }
        #expect(error?.description == "\(fixture.directory): is a directory, not a file; pass the path of a corpus file")
    }

    @Test("an unreadable file's message")
    func unreadable() {
        let error = CorpusError.unreadable(path: "Data/x.tsv", reason: "Permission denied")
        #expect(error.description == "Data/x.tsv: cannot read the file (Permission denied); check that it exists and is readable")
    }

    @Test("an empty file, or one of blank lines", arguments: ["", "\n\r\n  \n", "\u{FEFF}"])
    func emptyFile(contents: String) throws {
        let message = try fixture.failure("empty.tsv", contents)
        #expect(message == "\(fixture.directory)/empty.tsv: the file is empty; a corpus needs at least one labeled line")
    }

    @Test("no format given and none implied by the name")
    func unknownFormat() throws {
        let xyz = try fixture.failure("data.xyz", "a\tb\n")
        #expect(xyz == "\(fixture.directory)/data.xyz: cannot infer the corpus format from the extension \".xyz\"; "
            + "pass --format tsv|csv|jsonl|fasttext")
        let txt = try fixture.failure("data.txt", "a\tb\n")
        #expect(txt == "\(fixture.directory)/data.txt: cannot infer the corpus format: a .txt file is read as "
            + "fastText only when its first line starts with __label__; pass --format tsv|csv|jsonl|fasttext")
        let none = try fixture.failure("data", "a\tb\n")
        #expect(none == "\(fixture.directory)/data: cannot infer the corpus format of a file without an extension; "
            + "pass --format tsv|csv|jsonl|fasttext")
    }

    @Test("an explicit format overrides the extension")
    func explicitFormat() throws {
        let corpus = try fixture.read("data.txt", "a\tb\n", format: .tsv)
        #expect(corpus.labels == ["a"])
    }

    @Test("every line invalid under skipInvalid")
    func noExamples() throws {
        let message = try fixture.failure("bad.tsv", "one\ntwo\n", options: .init(skipInvalid: true))
        #expect(message == "\(fixture.directory)/bad.tsv: no valid examples (2 invalid lines skipped); "
            + "fix the lines, or check --format")
    }

    @Test("inference by extension", arguments: [
        ("a.tsv", CorpusFormat.tsv), ("A.TSV", .tsv), ("dir.v2/b.csv", .csv), ("c.jsonl", .jsonl),
        ("d.ndjson", .jsonl), ("e.ft", .fasttext), ("f.fasttext", .fasttext),
    ])
    func inferenceByExtension(name: String, format: CorpusFormat) {
        #expect(CorpusFormat.inferred(fromPath: name) == format)
    }

    @Test("no inference for other names", arguments: ["a.xyz", "a.tsv.gz", "tsv", ".tsv", "dir.tsv/file", "missing.txt"])
    func noInference(name: String) {
        #expect(CorpusFormat.inferred(fromPath: name) == nil)
    }

    @Test(".txt is fastText only when its first non-blank line starts with __label__")
    func textFileInference() throws {
        let labeled = try fixture.write("l.txt", "\n  \r\n__label__a text\n")
        let plain = try fixture.write("p.txt", "a\ttext\n__label__a text\n")
        #expect(CorpusFormat.inferred(fromPath: labeled) == .fasttext)
        #expect(CorpusFormat.inferred(fromPath: plain) == nil)
        #expect(try CorpusReader.read(path: labeled).labels == ["a"])
    }

    @Test("random bytes never crash a reader", arguments: CorpusFormat.allCases)
    func randomBytes(format: CorpusFormat) {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("ab \t\r\n,\"\\{}[]:_label_text0".utf8) + [0, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]
        for length in [0, 1, 2, 3, 5, 8, 13, 40, 200, 1_000] {
            for _ in 0 ..< 50 {
                let bytes = (0 ..< length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                for skipInvalid in [false, true] {
                    let options = CorpusReader.Options(skipInvalid: skipInvalid, maxLineBytes: 64)
                    if let corpus = try? CorpusReader.read(bytes: bytes, path: "r", format: format, options: options) {
                        #expect(corpus.count == corpus.labels.count && corpus.count == corpus.lines.count)
                    }
                }
            }
        }
    }

    @Test("format names are the --format values")
    func rawValues() {
        #expect(CorpusFormat.allCases.map(\.rawValue) == ["tsv", "csv", "jsonl", "fasttext"])
    }
}
