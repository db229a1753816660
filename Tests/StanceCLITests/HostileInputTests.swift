import Foundation
import Testing

/// Hostile corpora and model files, end to end through the `stance` binary. Every case asserts
/// the exact exit code and the message (on stderr for a failure, on stdout or stderr for a
/// success), that the exit is not a signal's (status < 128, no "Fatal error"), that a failed
/// `train` writes no model, and that no temporary file is left behind.
@Suite(.serialized) struct HostileInputTests {
    /// A file or directory a case creates in its temporary directory `DIR`.
    enum Input: Sendable {
        case text(String, String)
        case bytes(String, @Sendable () throws -> [UInt8])
        case directory(String)
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let inputs: [Input]
        let arguments: [String]
        var stdin: String? = nil
        let status: Int32
        let message: String
        var description: String { name }
    }

    static let good = Hostile.good

    /// `stance train --data DIR/<file> --output DIR/out.model <extra>`.
    static func train(_ file: String, _ extra: String...) -> [String] {
        ["train", "--data", "DIR/\(file)", "--output", "DIR/out.model"] + extra
    }

    /// `stance classify --model DIR/m.model --sentences` on one sentence.
    static let classify = ["classify", "--model", "DIR/m.model", "--sentences"]

    @Test("hostile corpora get a precise message and a documented exit code", arguments: corpusCases)
    func corpus(_ c: Case) throws {
        try check(c)
    }

    @Test("hostile model files are rejected before any large allocation", arguments: modelCases)
    func model(_ c: Case) throws {
        try check(c)
    }

    func check(_ c: Case) throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for input in c.inputs {
            switch input {
            case let .text(name, text):
                try Data(text.utf8).write(to: dir.appendingPathComponent(name))
            case let .bytes(name, make):
                try Data(try make()).write(to: dir.appendingPathComponent(name))
            case let .directory(name):
                try FileManager.default.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            }
        }
        let arguments = c.arguments.map { $0.replacingOccurrences(of: "DIR", with: dir.path) }
        let result = try StanceProcess.run(arguments, input: c.stdin ?? "The minister condemned the attack.\n")
        let message = c.message.replacingOccurrences(of: "DIR", with: dir.path)
        #expect(result.status == c.status, "\(c.name): exit \(result.status), stderr: \(result.stderr.prefix(500))")
        let shown = c.status == 0 ? result.stdout + result.stderr : result.stderr
        #expect(shown.contains(message), "\(c.name): expected \(message.debugDescription), got: \(shown.prefix(800))")
        #expect(result.status < 128 && !result.stderr.contains("Fatal error"), "\(c.name): killed or crashed")
        if c.status != 0 {
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.model").path))
        }
        let strays = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(strays.isEmpty, "\(c.name): temporary files left: \(strays)")
    }

    // MARK: - Corpora

    static let corpusCases: [Case] = [
        // Empty, BOM, CRLF, encodings.
        Case(name: "empty file", inputs: [.text("data.tsv", "")], arguments: train("data.tsv"),
             status: 65, message: "DIR/data.tsv: the file is empty; a corpus needs at least one labeled line"),
        Case(name: "blank lines only", inputs: [.text("data.tsv", "\n \n\t\r\n\n")], arguments: train("data.tsv"),
             status: 65, message: "DIR/data.tsv: the file is empty"),
        Case(name: "a byte-order mark only", inputs: [.bytes("data.tsv", { [0xEF, 0xBB, 0xBF, 0x0A] })],
             arguments: train("data.tsv"), status: 65, message: "DIR/data.tsv: the file is empty"),
        Case(name: "BOM then good lines", inputs: [.bytes("data.tsv", { [0xEF, 0xBB, 0xBF] + Array(good.utf8) })],
             arguments: train("data.tsv"), status: 0, message: "trained multinomial naive Bayes on 2 examples"),
        Case(name: "CRLF line ends (the CR is not part of the label)",
             inputs: [.text("data.tsv", good.replacingOccurrences(of: "\n", with: "\r\n"))],
             arguments: train("data.tsv"), status: 0, message: "\n  support       1 (50.0%)\n"),
        Case(name: "CRLF CSV", inputs: [.text("data.csv", "label,text\r\nsupport,Good deal.\r\ncondemnation,\"Bad,\r\n deal.\"\r\n")],
             arguments: train("data.csv"), status: 0, message: "trained multinomial naive Bayes on 2 examples"),
        Case(name: "UTF-16 file (NUL bytes)", inputs: [.bytes("data.tsv", { [0xFF, 0xFE] + Array(good.utf8).flatMap { [$0, 0] } })],
             arguments: train("data.tsv"), status: 65,
             message: "DIR/data.tsv:1: NUL byte in the line (binary file?); a corpus must be UTF-8 text"),
        Case(name: "NUL byte on line 3", inputs: [.text("data.tsv", good + "support\tnul\u{0}here\n")],
             arguments: train("data.tsv"), status: 65, message: "DIR/data.tsv:3: NUL byte in the line (binary file?)"),
        Case(name: "NUL byte skipped", inputs: [.text("data.tsv", good + "support\tnul\u{0}here\n")],
             arguments: train("data.tsv", "--skip-invalid"), status: 0, message: "skipped 1 invalid lines"),
        Case(name: "invalid UTF-8 in a text is accepted",
             inputs: [.bytes("data.tsv", { Array(good.utf8) + Array("support\tbad ".utf8) + [0xFF, 0xC3, 0x28, 0x0A] })],
             arguments: train("data.tsv"), status: 0, message: "trained multinomial naive Bayes on 3 examples"),
        Case(name: "invalid UTF-8 in a label", inputs: [.bytes("data.tsv", { Array(good.utf8) + [0x73, 0xFF, 0x09, 0x61, 0x0A] })],
             arguments: train("data.tsv"), status: 65,
             message: "DIR/data.tsv:3: the label is not valid UTF-8; re-encode the file as UTF-8"),
        Case(name: "Latin-1 label", inputs: [.bytes("data.tsv", { [0x63, 0x61, 0x66, 0xE9, 0x09, 0x61, 0x0A] + Array(good.utf8) })],
             arguments: train("data.tsv"), status: 65, message: "DIR/data.tsv:1: the label is not valid UTF-8"),
        // Long lines.
        Case(name: "a 50 MB line, default limit", inputs: [.bytes("big.tsv", { Hostile.hugeLine(megabytes: 50) })],
             arguments: train("big.tsv"), status: 65,
             message: "DIR/big.tsv:3: line longer than 16777216 bytes; raise --max-line-bytes, or check that this is a text corpus"),
        Case(name: "a 50 MB line, --max-line-bytes 1000", inputs: [.bytes("big.tsv", { Hostile.hugeLine(megabytes: 50) })],
             arguments: train("big.tsv", "--max-line-bytes", "1000"), status: 65,
             message: "DIR/big.tsv:3: line longer than 1000 bytes"),
        Case(name: "a 50 MB line skipped", inputs: [.bytes("big.tsv", { Hostile.hugeLine(megabytes: 50) })],
             arguments: train("big.tsv", "--skip-invalid"), status: 0, message: "skipped 1 invalid lines"),
        Case(name: "--max-line-bytes below a normal line", inputs: [.text("data.tsv", good)],
             arguments: train("data.tsv", "--max-line-bytes", "10"), status: 65, message: "DIR/data.tsv:1: line longer than 10 bytes"),
        Case(name: "--max-line-bytes 0", inputs: [.text("data.tsv", good)],
             arguments: train("data.tsv", "--max-line-bytes", "0"), status: 64, message: "--max-line-bytes must be positive"),
        // Not text at all.
        Case(name: "PNG image named .tsv", inputs: [.bytes("image.tsv", { Hostile.png })], arguments: train("image.tsv"),
             status: 65, message: "DIR/image.tsv:1: expected \"label<TAB>text\", found no tab"),
        Case(name: "PNG image named .png", inputs: [.bytes("image.png", { Hostile.png })], arguments: train("image.png"),
             status: 64, message: "DIR/image.png: cannot infer the corpus format from the extension \".png\"; pass --format"),
        Case(name: "an executable named .tsv", inputs: [.bytes("ls.tsv", Hostile.executableBytes)], arguments: train("ls.tsv"),
             status: 65, message: "DIR/ls.tsv:1: NUL byte in the line (binary file?)"),
        Case(name: "an executable read as fastText", inputs: [.bytes("ls", Hostile.executableBytes)],
             arguments: train("ls", "--format", "fasttext"), status: 65, message: "DIR/ls:1: NUL byte in the line"),
        Case(name: "a directory", inputs: [.directory("sub")], arguments: train("sub"),
             status: 66, message: "DIR/sub: is a directory, not a file; pass the path of a corpus file"),
        Case(name: "a missing path", inputs: [], arguments: train("none.tsv"),
             status: 66, message: "DIR/none.tsv: no such file; check the path"),
        // Labels.
        Case(name: "a label with spaces is one class", inputs: [.text("data.tsv", "strong support\tYes indeed.\n" + good)],
             arguments: train("data.tsv"), status: 0, message: "\n  strong support  1 (33.3%)\n"),
        Case(name: "a tab inside a CSV label", inputs: [.text("data.csv", "label,text\n\"sup\tport\",Fine.\ncondemnation,Bad.\n")],
             arguments: train("data.csv"), status: 65,
             message: "DIR/data.csv:2: the label holds a tab, line break or other control character; "
                + "write class names on one line without control characters (spaces are fine)"),
        Case(name: "a terminal escape in a JSON label",
             inputs: [.text("data.jsonl", #"{"label": "\u001b[31mred", "text": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: the label holds a tab, line break"),
        Case(name: "a line break in a JSON label", inputs: [.text("data.jsonl", #"{"label": "a\nb", "text": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: the label holds a tab, line break"),
        // CSV.
        Case(name: "CSV quote never closed", inputs: [.text("data.csv", "label,text\nsupport,Fine.\ncondemnation,\"Bad\nand more\n")],
             arguments: train("data.csv"), status: 65,
             message: "DIR/data.csv:3: quoted field never closed; end it with \", and write a quote inside it as \"\""),
        Case(name: "CSV text after a closing quote", inputs: [.text("data.csv", "label,text\nsupport,\"Fine\" really\n")],
             arguments: train("data.csv"), status: 65, message: "DIR/data.csv:2: unexpected character after a closing quote"),
        Case(name: "CSV without a header", inputs: [.text("data.csv", "support,Fine.\ncondemnation,Bad.\n")],
             arguments: train("data.csv"), status: 65,
             message: "DIR/data.csv:1: expected a CSV header naming the columns \"label\" and \"text\""),
        Case(name: "CSV header without a text column", inputs: [.text("data.csv", "label,body\nsupport,Fine.\n")],
             arguments: train("data.csv"), status: 65, message: "DIR/data.csv:1: the CSV header has no \"text\" column"),
        Case(name: "CSV record with one field", inputs: [.text("data.csv", "label,text\nsupport,Fine.\ncondemnation\n")],
             arguments: train("data.csv"), status: 65, message: "DIR/data.csv:3: expected at least 2 fields, found 1"),
        // JSON lines.
        Case(name: "JSON text is a number", inputs: [.text("data.jsonl", #"{"label": "a", "text": "x"}"# + "\n" + #"{"label": "b", "text": 5}"# + "\n")],
             arguments: train("data.jsonl"), status: 65,
             message: "DIR/data.jsonl:2: \"text\" is a number, expected a string; write the value as a JSON string"),
        Case(name: "JSON label is an object", inputs: [.text("data.jsonl", #"{"label": {"x": 1}, "text": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65,
             message: "DIR/data.jsonl:1: \"label\" is an object, expected a string or a number"),
        Case(name: "JSON label is null", inputs: [.text("data.jsonl", #"{"label": null, "text": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: \"label\" is a null"),
        Case(name: "JSON without a text key", inputs: [.text("data.jsonl", #"{"label": "a", "body": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: the object has no \"text\" key"),
        Case(name: "JSON without a label key", inputs: [.text("data.jsonl", #"{"text": "x"}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: the object has no \"label\" key"),
        Case(name: "JSON with trailing garbage", inputs: [.text("data.jsonl", #"{"label": "a", "text": "x"} {}"# + "\n")],
             arguments: train("data.jsonl"), status: 65,
             message: "DIR/data.jsonl:1: invalid JSON: unexpected characters after the object at column 29, found '{'"),
        Case(name: "JSON array instead of an object", inputs: [.text("data.jsonl", #"["a", "x"]"# + "\n")],
             arguments: train("data.jsonl"), status: 65,
             message: "DIR/data.jsonl:1: invalid JSON: expected an object at column 1, found '['"),
        Case(name: "JSON nested 100,000 deep", inputs: [.text("data.jsonl", "{\"a\": " + String(repeating: "[", count: 100_000) + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: invalid JSON: nesting deeper than 64 levels"),
        Case(name: "JSON string never closed", inputs: [.text("data.jsonl", #"{"label": "a", "text": "x}"# + "\n")],
             arguments: train("data.jsonl"), status: 65, message: "DIR/data.jsonl:1: invalid JSON: string never closed"),
        Case(name: "JSON lines with BOM, CRLF and a number label",
             inputs: [.text("data.jsonl", "\u{FEFF}{\"label\": 1, \"text\": \"one\"}\r\n{\"label\": \"b\", \"text\": \"two\"}\r\n")],
             arguments: train("data.jsonl"), status: 0, message: "\n  1  1 (50.0%)\n"),
        // fastText.
        Case(name: "fastText line without a label", inputs: [.text("data.txt", "__label__a one\nno label here\n")],
             arguments: train("data.txt"), status: 65,
             message: "DIR/data.txt:2: expected \"__label__NAME text\", found no __label__ prefix"),
        Case(name: "fastText label with no name", inputs: [.text("data.txt", "__label__a one\n__label__ two\n")],
             arguments: train("data.txt"), status: 65, message: "DIR/data.txt:2: empty label"),
        Case(name: "fastText label without text", inputs: [.text("data.txt", "__label__a one\n__label__b\n")],
             arguments: train("data.txt"), status: 65, message: "DIR/data.txt:2: empty text"),
        Case(name: ".txt file that is not fastText", inputs: [.text("data.txt", "just prose\n")], arguments: train("data.txt"),
             status: 64, message: "DIR/data.txt: cannot infer the corpus format: a .txt file is read as fastText only when"),
        Case(name: "fastText bad lines skipped and counted",
             inputs: [.text("data.txt", "__label__a one\nno label\n__label__b two\n__label__c\n")],
             arguments: train("data.txt", "--skip-invalid"), status: 0, message: "skipped 2 invalid lines"),
        // Skipping and counting.
        Case(name: "four kinds of bad TSV lines skipped",
             inputs: [.text("data.tsv", good + "no tab\n\tno label\nsupport\t \nsupport\tnul\u{0}\nanalysis\tFine.\n")],
             arguments: train("data.tsv", "--skip-invalid"), status: 0, message: "on 3 examples\n"),
        Case(name: "four kinds of bad TSV lines counted",
             inputs: [.text("data.tsv", good + "no tab\n\tno label\nsupport\t \nsupport\tnul\u{0}\nanalysis\tFine.\n")],
             arguments: train("data.tsv", "--skip-invalid"), status: 0, message: "skipped 4 invalid lines"),
        Case(name: "skipped lines add up over two files",
             inputs: [.text("a.tsv", good + "x\n"), .text("b.tsv", "analysis\tFine.\ny\nz\n")],
             arguments: ["train", "--data", "DIR/a.tsv", "--data", "DIR/b.tsv", "--output", "DIR/out.model", "--skip-invalid"],
             status: 0, message: "skipped 3 invalid lines"),
        Case(name: "every line invalid", inputs: [.text("data.tsv", "a\nb\nc\n")], arguments: train("data.tsv", "--skip-invalid"),
             status: 65, message: "DIR/data.tsv: no valid examples (3 invalid lines skipped); fix the lines, or check --format"),
        // Classes.
        Case(name: "a single class", inputs: [.text("data.tsv", "support\tGood.\nsupport\tFine.\n")], arguments: train("data.tsv"),
             status: 65, message: "the training data has a single class (\"support\"); a classifier needs at least two classes"),
        Case(name: "3,000 classes", inputs: [.text("data.tsv", Hostile.manyClasses(3000))], arguments: train("data.tsv"),
             status: 0, message: "trained multinomial naive Bayes on 6000 examples"),
        Case(name: "3,000 classes past --max-weights", inputs: [.text("data.tsv", Hostile.manyClasses(3000))],
             arguments: train("data.tsv", "--max-weights", "100000"), status: 65,
             message: "3000 classes x 52 features = 156000 weights, more than --max-weights 100000; keep fewer features"),
        // Limits and outputs.
        Case(name: "vocabulary past --max-vocabulary", inputs: [.text("data.tsv", good)],
             arguments: train("data.tsv", "--max-vocabulary", "5"), status: 65,
             message: "the vocabulary grew past --max-vocabulary 5 distinct terms at document 2"),
        Case(name: "--max-vocabulary 0", inputs: [.text("data.tsv", good)], arguments: train("data.tsv", "--max-vocabulary", "0"),
             status: 64, message: "--max-vocabulary must be between 1 and 2147483646, got 0"),
        Case(name: "--output is a directory", inputs: [.text("data.tsv", good), .directory("out")],
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out"], status: 74,
             message: "DIR/out: cannot write the model (the path is a directory); the previous file, if any, is unchanged"),
        Case(name: "--output in a missing directory", inputs: [.text("data.tsv", good)],
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/no/such/m.model"], status: 74,
             message: "DIR/no/such/m.model: cannot write the model (No such file or directory)"),
        Case(name: "classify a directory", inputs: [.directory("sub")], arguments: ["classify", "DIR/sub"],
             status: 66, message: "DIR/sub: is a directory; pass a text file"),
        Case(name: "classify an executable", inputs: [.bytes("ls", Hostile.executableBytes)], arguments: ["classify", "DIR/ls"],
             status: 0, message: "stance: warning: DIR/ls: invalid UTF-8 replaced by U+FFFD"),
        Case(name: "evaluate on a missing file", inputs: [], arguments: ["evaluate", "--model", "Models/stance.model", "--data", "DIR/none.tsv"],
             status: 66, message: "DIR/none.tsv: no such file"),
    ]
}

extension HostileInputTests {
    @Test("3,000 classes train, classify and evaluate")
    func thousandsOfClasses() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.tsv")
        try Hostile.manyClasses(3000).write(to: data, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.model").path
        let train = try StanceProcess.run(["train", "--data", data.path, "--output", model, "--quiet"])
        #expect(train.status == 0, "\(train.stderr)")
        let classify = try StanceProcess.run(["classify", "--model", model, "--sentences", "--format", "jsonl"],
                                             input: "w7 w0 shared\nw3 w1 again\n")
        #expect(classify.status == 0, "\(classify.stderr)")
        let rows = classify.stdout.split(separator: "\n")
        #expect(rows.count == 2)
        for row in rows {
            let object = try #require(JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])
            let probabilities = try #require(object["probabilities"] as? [String: Double])
            #expect(probabilities.count == 3000)
            #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-6)
            #expect((object["label"] as? String)?.hasPrefix("class") == true)
        }
        let evaluate = try StanceProcess.run(["evaluate", "--model", model, "--data", data.path, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("\"accuracy\""))
    }
}
