import Foundation
import Testing

@testable import StanceKit

@Suite struct JSONLReaderTests {
    let fixture: CorpusFixture
    init() throws { fixture = try CorpusFixture() }

    @Test("reads one object per line, ignoring other keys")
    func happyPath() throws {
        let contents = """
            {"label": "support", "text": "We back it.", "meta": {"ids": [1, 2.5e3, true, null]}}

            {"text":"This is wrong.","label":"condemnation"}
            """
        let corpus = try fixture.read("a.jsonl", contents)
        #expect(corpus.labels == ["support", "condemnation"])
        #expect(corpus.textStrings == ["We back it.", "This is wrong."])
        #expect(corpus.lines == [1, 3])
    }

    @Test("a number label is taken as written")
    func numberLabels() throws {
        let corpus = try fixture.read("n.ndjson", "{\"label\": 3, \"text\": \"x\"}\n{\"label\": -1.5, \"text\": \"y\"}\n")
        #expect(corpus.labels == ["3", "-1.5"])
    }

    @Test("escapes, \\u escapes with surrogate pairs, and raw UTF-8")
    func escapesAndUnicode() throws {
        let line = #"{"label": "caf\u00e9", "text": "tab\there \"q\" \\ \/ \ud83d\ude00 \u2014 déjà"}"#
        let corpus = try fixture.read("u.jsonl", line + "\r\n")
        #expect(corpus.labels == ["café"])
        #expect(corpus.textStrings == ["tab\there \"q\" \\ / 😀 — déjà"])
    }

    @Test("invalid UTF-8 inside a JSON string: kept in a text, rejected in a label")
    func invalidUTF8() throws {
        let text = Array(#"{"label": "a", "text": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        let corpus = try CorpusReader.read(bytes: text, path: "t.jsonl", format: .jsonl)
        #expect(corpus.texts.bytes == [0x63, 0x61, 0x66, 0xE9])
        let label = Array(#"{"text": "x", "label": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        let error = #expect(throws: CorpusError.self) {
            try CorpusReader.read(bytes: label, path: "l.jsonl", format: .jsonl)
        }
        #expect(error == .invalidUTF8InLabel(path: "l.jsonl", line: 1))
    }

    @Test("the last of a repeated key wins")
    func repeatedKey() throws {
        let corpus = try fixture.read("r.jsonl", #"{"label": "a", "text": "x", "label": "b"}"#)
        #expect(corpus.labels == ["b"])
    }

    @Test("invalid JSON names the column and what was expected", arguments: [
        (#"{"label": "a", "text": "x""#, "expected ',' or '}' in the object at column 27, found the end of the line"),
        (#"{"label" "a"}"#, "expected ':' after the key at column 10, found '\"'"),
        (#"["label", "text"]"#, "expected an object at column 1, found '['"),
        (#"{"label": "a", "text": "x"} extra"#, "unexpected characters after the object at column 29, found 'e'"),
        (#"{"label": "a", "text": "x\q"}"#, "invalid escape in a string at column 27, found 'q'"),
        (#"{"label": "a", "text": "\ud800"}"#, "unpaired surrogate escape at column 25, found '\\'"),
        (#"{"label": 01, "text": "x"}"#, "expected ',' or '}' in the object at column 12, found '1'"),
        (#"{"label": tru, "text": "x"}"#, "expected a value at column 11, found 't'"),
        ("{\"label\": \"a\", \"text\": \"x\ty\"}", "control character in a string (write it as \\t, \\n or \\u00XX) at column 26, found byte 0x9"),
    ])
    func invalidJSON(line: String, detail: String) throws {
        let message = try fixture.failure("bad.jsonl", "{\"label\": \"a\", \"text\": \"x\"}\n" + line + "\n")
        #expect(message == "\(fixture.directory)/bad.jsonl:2: invalid JSON: \(detail); "
            + "write one object per line, such as {\"label\": \"support\", \"text\": \"...\"}")
    }

    @Test("a text that is not a string")
    func wrongType() throws {
        let message = try fixture.failure("bad.jsonl", #"{"label": "a", "text": ["x"]}"#)
        #expect(message == "\(fixture.directory)/bad.jsonl:1: \"text\" is an array, expected a string; "
            + "write the value as a JSON string")
        let label = try fixture.failure("bad2.jsonl", #"{"label": false, "text": "x"}"#)
        #expect(label == "\(fixture.directory)/bad2.jsonl:1: \"label\" is a boolean, expected a string or a number; "
            + "write the value as a JSON string")
    }

    @Test("a missing key")
    func missingKey() throws {
        let message = try fixture.failure("bad.jsonl", #"{"label": "a", "txt": "x"}"#)
        #expect(message == "\(fixture.directory)/bad.jsonl:1: the object has no \"text\" key; "
            + "give every line both \"label\" and \"text\"")
    }

    @Test("deep nesting and random bytes fail cleanly, never crash")
    func hostileInput() throws {
        let deep = "{\"label\": \"a\", \"text\": \"x\", \"n\": " + String(repeating: "[", count: 100_000) + "}"
        let message = try fixture.failure("deep.jsonl", deep)
        #expect(message?.contains("invalid JSON: nesting deeper than 64 levels at column 97") == true, "\(message ?? "")")
        var generator = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]":,\ u0123456789abcdeflnrtx-+.eE"#.utf8) + [0xC3, 0xA9, 0xFF, 0x0D, 0x09]
        var lines: [UInt8] = []
        for _ in 0 ..< 2_000 {
            for _ in 0 ..< Int(generator.next() % 40) { lines.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            lines.append(0x0A)
        }
        lines += Array(#"{"label": "ok", "text": "fine"}"#.utf8)
        let corpus = try CorpusReader.read(bytes: lines, path: "fuzz.jsonl", format: .jsonl, options: .init(skipInvalid: true))
        #expect(corpus.labels.last == "ok")
    }
}
