import Foundation
import Testing

/// Bad input: a `PATH:LINE: what; fix` message on stderr, a documented non-zero exit code,
/// no crash and no output file.
@Suite(.serialized) struct ErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let file: String
        let arguments: [String]
        let status: Int32
        let message: String
        var description: String { name }
    }

    static let good = "support\tThe council welcomed the deal.\ncondemnation\tCritics condemned the deal.\n"

    static let cases: [Case] = [
        Case(name: "missing data file", file: "", arguments: ["train", "--data", "DIR/none.tsv", "--output", "DIR/out.model"],
             status: 66, message: "DIR/none.tsv: no such file"),
        Case(name: "empty data file", file: "", arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model"],
             status: 65, message: "DIR/data.tsv: the file is empty"),
        Case(name: "line without a tab", file: good + "just some text\n",
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model"],
             status: 65, message: "DIR/data.tsv:3: expected \"label<TAB>text\", found no tab"),
        Case(name: "line without text", file: good + "support\t\n",
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model"],
             status: 65, message: "DIR/data.tsv:3:"),
        Case(name: "line without a label", file: good + "\tsome text\n",
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model"],
             status: 65, message: "DIR/data.tsv:3:"),
        Case(name: "single class", file: "support\tGood.\nsupport\tFine.\n",
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model"],
             status: 65, message: "single class (\"support\"); a classifier needs at least two classes"),
        Case(name: "empty vocabulary after pruning", file: good,
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model", "--min-df", "5"],
             status: 65, message: "after pruning, no terms remain"),
        Case(name: "invalid --alpha", file: good,
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model", "--alpha=-1"],
             status: 64, message: "--alpha must be >= 0"),
        Case(name: "invalid --max-df", file: good,
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model", "--max-df", "1.5"],
             status: 64, message: "--max-df must be in (0, 1]"),
        Case(name: "invalid --model value", file: good,
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model", "--model", "gaussian"],
             status: 64, message: "gaussian"),
        Case(name: "unknown format", file: good,
             arguments: ["train", "--data", "DIR/data.tsv", "--output", "DIR/out.model", "--format", "xml"],
             status: 64, message: "xml"),
        Case(name: "foreign model file", file: "PK\u{3}\u{4} not a model",
             arguments: ["classify", "--model", "DIR/data.tsv", "--sentences", "DIR/data.tsv"],
             status: 65, message: "DIR/data.tsv: not a stance model file"),
        Case(name: "missing model file", file: good,
             arguments: ["classify", "--model", "DIR/none.model", "DIR/data.tsv"],
             status: 66, message: "DIR/none.model: no such model file"),
        Case(name: "missing input to classify", file: good,
             arguments: ["classify", "--model", "MODEL", "DIR/none.txt"],
             status: 66, message: "DIR/none.txt: no such file"),
        Case(name: "unknown label at evaluation", file: good + "praise\tThey applauded.\n",
             arguments: ["evaluate", "--model", "MODEL", "--data", "DIR/data.tsv"],
             status: 65, message: "DIR/data.tsv:3: label \"praise\" is not one of the model's classes"),
        Case(name: "too many folds", file: good,
             arguments: ["cross-validate", "--data", "DIR/data.tsv", "--folds", "5"],
             status: 65, message: "fewer than"),
        Case(name: "one fold", file: good,
             arguments: ["cross-validate", "--data", "DIR/data.tsv", "--folds", "1"],
             status: 64, message: "--folds must be at least 2"),
    ]

    @Test("bad input gives a precise message and exit code", arguments: cases)
    func badInput(_ c: Case) throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try c.file.write(to: dir.appendingPathComponent("data.tsv"), atomically: true, encoding: .utf8)
        var arguments = c.arguments.map { $0.replacingOccurrences(of: "DIR", with: dir.path) }
        if arguments.contains("MODEL") {
            let modelPath = dir.appendingPathComponent("good.model").path
            try Self.good.write(to: dir.appendingPathComponent("good.tsv"), atomically: true, encoding: .utf8)
            let trained = try StanceProcess.run(["train", "--data", dir.appendingPathComponent("good.tsv").path,
                                                 "--output", modelPath, "--quiet"])
            #expect(trained.status == 0, "\(trained.stderr)")
            arguments = arguments.map { $0 == "MODEL" ? modelPath : $0 }
        }
        let result = try StanceProcess.run(arguments)
        let message = c.message.replacingOccurrences(of: "DIR", with: dir.path)
        #expect(result.status == c.status, "\(c.name): exit \(result.status), stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "\(c.name): stderr was: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.model").path))
    }

    @Test("a TMPDIR where training cannot keep its temporary file is exit 74, naming the folder")
    func unusableTemporaryFolder() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("good.tsv")
        try Self.good.write(to: data, atomically: true, encoding: .utf8)
        let missing = dir.appendingPathComponent("no-such-folder").path
        let model = dir.appendingPathComponent("out.model")
        let result = try StanceProcess.run(["train", "--data", data.path, "--output", model.path],
                                           environment: ["TMPDIR": missing])
        #expect(result.status == 74, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(missing): cannot create training's temporary file"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("set TMPDIR"))
        #expect(!FileManager.default.fileExists(atPath: model.path))
    }

    @Test("a damaged model file is rejected with its own message")
    func damagedModel() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("good.tsv")
        try Self.good.write(to: data, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.model")
        _ = try StanceProcess.run(["train", "--data", data.path, "--output", model.path, "--quiet"])
        var bytes = try Data(contentsOf: model)
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: model)
        let flipped = try StanceProcess.run(["classify", "--model", model.path, "--sentences"], input: "Hello.\n")
        #expect(flipped.status == 65)
        #expect(flipped.stderr.contains("checksum mismatch"))
        try bytes.prefix(10).write(to: model)
        let truncated = try StanceProcess.run(["classify", "--model", model.path, "--sentences"], input: "Hello.\n")
        #expect(truncated.status == 65)
        #expect(truncated.stderr.contains("truncated"))
    }

    @Test("a failed training run leaves the previous model untouched")
    func previousModelKept() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("good.tsv")
        try Self.good.write(to: data, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.model")
        _ = try StanceProcess.run(["train", "--data", data.path, "--output", model.path, "--quiet"])
        let before = try Data(contentsOf: model)
        let failed = try StanceProcess.run(["train", "--data", data.path, "--output", model.path, "--min-df", "9"])
        #expect(failed.status != 0)
        #expect(try Data(contentsOf: model) == before)
        let strays = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(strays.isEmpty)
    }
}
