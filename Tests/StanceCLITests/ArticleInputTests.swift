import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `classify` and `split` on whole articles: text, HTML and stdin in every format with the
/// shipped model (found without --model), --output, CRLF input.
@Suite(.serialized) struct ArticleInputTests {
    static let seed = "seeds/000_ff11f20161483f68.txt"
    static let page = "seeds/seed-article-page.html"
    static let classes: Set<String> = ["analysis", "condemnation", "support"]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: StanceProcess.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The JSON objects of JSON Lines output.
    static func rows(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// One way to feed the seed article in: arguments and standard input.
    struct Source: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let stdin: String?
        var testDescription: String { name }
    }

    static let sources: [Source] = {
        let text = (try? read(seed)) ?? ""
        let html = (try? read(page)) ?? ""
        return [
            Source(name: "text file", arguments: [seed], stdin: nil),
            Source(name: "HTML file", arguments: [page], stdin: nil),
            Source(name: "text on stdin", arguments: [], stdin: text),
            Source(name: "HTML on stdin with --input html", arguments: ["--input", "html", "-"], stdin: html),
        ]
    }()

    @Test("classify gives the seed's 24 sentences in jsonl from text, HTML and stdin", arguments: sources)
    func jsonl(_ source: Source) throws {
        let result = try StanceProcess.run(["classify", "--format", "jsonl"] + source.arguments, input: source.stdin)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(result.stdout)
        let reference = try StanceProcess.run(["classify", "--format", "jsonl", Self.seed])
        let expected = try Self.rows(reference.stdout)
        #expect(rows.count == 24)
        #expect(rows.compactMap { $0["sentence"] as? String } == expected.compactMap { $0["sentence"] as? String })
        #expect(rows.compactMap { $0["label"] as? String } == expected.compactMap { $0["label"] as? String })
        #expect(Set(rows.compactMap { $0["label"] as? String }).isSubset(of: Self.classes))
    }

    @Test("classify writes text, tsv and html for text, HTML and stdin", arguments: sources)
    func otherFormats(_ source: Source) throws {
        let text = try StanceProcess.run(["classify"] + source.arguments, input: source.stdin)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines.last?.hasPrefix("24 sentences: analysis ") == true)
        #expect(lines.last?.contains("; dominant: ") == true)

        let tsv = try StanceProcess.run(["classify", "--format", "tsv"] + source.arguments, input: source.stdin)
        #expect(tsv.status == 0, "\(tsv.stderr)")
        let rows = tsv.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(rows.count == 25)
        #expect(rows.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 8 })

        let html = try StanceProcess.run(["classify", "--format", "html"] + source.arguments, input: source.stdin)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.components(separatedBy: "<span class=\"s ").count - 1 == 24)
        #expect(html.stdout.contains("<ul class=\"legend\">"))
        #expect(html.stdout.contains("<div class=\"bar\""))
        #expect(html.stdout.contains("<p class=\"summary\">24 sentences: "))
        #expect(!html.stdout.contains("Stop dealing with ads"))
    }

    @Test("classify finds the shipped model from any working directory")
    func modelFromAnywhere() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = StanceProcess.packageRoot.appendingPathComponent(Self.page).path
        let result = try StanceProcess.run(["classify", "--format", "jsonl", path], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.rows(result.stdout).count == 24)
    }

    @Test("--all: the HTML report greys the ad and the two tweet attributions")
    func htmlAll() throws {
        let result = try StanceProcess.run(["classify", "--format", "html", "--all", Self.seed])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "<span class=\"s cn\"").count - 1 == 3)
        #expect(result.stdout.contains("non-content <b>3</b> (not classified)"))
        #expect(result.stdout.contains(">Stop dealing with ads and try Premium for just $1</span>"))
    }

    @Test("split of the seed with --all marks the ad line and the two tweet attributions as non-content")
    func splitSeed() throws {
        let result = try StanceProcess.run(["split", "--all", Self.seed])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 27)
        #expect(lines.filter { $0.hasPrefix("[") } == [
            "[advertising] Stop dealing with ads and try Premium for just $1",
            "[social-attribution] — FunnyWorld1313 🕵️♀️🕵️♀️🐦🐦🕊️🕊️🐦🐦🕵️♀️🕵️ (@FunnyWorld1313) June 20, 2024",
            "[social-attribution] — Swing Trader The Art of Learning (@niteshgupta98) June 20, 2024",
        ])
        let page = try StanceProcess.run(["split", "--all", Self.page])
        #expect(page.status == 0, "\(page.stderr)")
        let pageLines = page.stdout.split(separator: "\n").map(String.init)
        #expect(Array(pageLines.prefix(2)) == ["[heading] Putin and Kim Sign Mutual Defence Pact", "[photo-credit] Photo: Reuters"])
        #expect(Array(pageLines.dropFirst(2)) == lines)
    }

    @Test("--input text reads an .html file as text; --input html reads any path as HTML")
    func inputFlag() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("a.html"), other = dir.appendingPathComponent("a.page")
        try "<p>The talks ended &amp; both sides left.</p>".write(to: html, atomically: true, encoding: .utf8)
        try "<p>The talks ended &amp; both sides left.</p>".write(to: other, atomically: true, encoding: .utf8)
        let auto = try StanceProcess.run(["split", html.path, "--input", "auto"])
        #expect(auto.stdout == "The talks ended & both sides left.\n")
        let text = try StanceProcess.run(["split", "--input", "text", html.path])
        #expect(text.stdout == "<p>The talks ended &amp; both sides left.</p>\n")
        let forced = try StanceProcess.run(["split", "--input", "html", other.path])
        #expect(forced.stdout == "The talks ended & both sides left.\n")
        let bad = try StanceProcess.run(["split", "--input", "pdf", html.path])
        #expect(bad.status == 64)
    }

    @Test("--output writes the file atomically for every format and prints nothing")
    func output() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "tsv", "jsonl", "html"] {
            let path = dir.appendingPathComponent("out.\(format)").path
            let result = try StanceProcess.run(["classify", "--format", format, "--output", path, Self.seed])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            let stdout = try StanceProcess.run(["classify", "--format", format, Self.seed]).stdout
            #expect(try String(contentsOfFile: path, encoding: .utf8) == stdout, "\(format)")
        }
        let split = dir.appendingPathComponent("split.txt").path
        #expect(try StanceProcess.run(["split", "--output", split, Self.seed]).status == 0)
        #expect(try String(contentsOfFile: split, encoding: .utf8).split(separator: "\n").count == 24)
        let missing = dir.appendingPathComponent("no/such/dir/report.html").path
        let failed = try StanceProcess.run(["classify", "--format", "html", "--output", missing, Self.seed])
        #expect(failed.status == 74)
        #expect(failed.stderr.contains("\(missing): cannot write ("))
        #expect(failed.stderr.contains("check that its folder exists and is writable"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            == ["out.html", "out.jsonl", "out.text", "out.tsv", "split.txt"])
    }

    @Test("--output to a named pipe writes into the pipe and leaves it a pipe (as for /dev/null)")
    func outputToPipe() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        // Opened read-write (Linux allows it on a FIFO), so the writer's open never waits for a reader.
        let fd = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        let result = try StanceProcess.run(["split", "--format", "jsonl", "--output", fifo, Self.seed])
        #expect(result.status == 0, "\(result.stderr)")
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0 ..< n]
        }
        var info = stat()
        #expect(stat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        let expected = try StanceProcess.run(["split", "--format", "jsonl", Self.seed]).stdout
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["pipe"])
    }

    @Test("CRLF input: the same sentences, offsets into the CRLF text, wrapped sentences on one line")
    func crlf() throws {
        let text = try Self.read(Self.seed)
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        let lf = try Self.rows(StanceProcess.run(["classify", "--format", "jsonl", "-"], input: text).stdout)
        let rows = try Self.rows(StanceProcess.run(["classify", "--format", "jsonl", "-"], input: crlf).stdout)
        #expect(rows.compactMap { $0["sentence"] as? String } == lf.compactMap { $0["sentence"] as? String })
        let scalars = Array(crlf.unicodeScalars)
        for row in rows {
            let start = try #require(row["start"] as? Int), end = try #require(row["end"] as? Int)
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[start ..< end])
            #expect(String(slice) == row["sentence"] as? String)
        }

        let lines = try Self.rows(StanceProcess.run(
            ["classify", "--sentences", "--format", "jsonl"], input: "Exports rose in March.\r\n\r\nFarmers praised the plan.\r\n").stdout)
        #expect(lines.compactMap { $0["sentence"] as? String } == ["Exports rose in March.", "Farmers praised the plan."])
        #expect(lines.compactMap { $0["start"] as? Int } == [0, 26])

        let wrapped = "The minister said that the talks on the new trade agreement\r\nwould resume on Monday in Geneva.\r\n"
        let split = try StanceProcess.run(["split"], input: wrapped)
        #expect(split.stdout == "The minister said that the talks on the new trade agreement would resume on Monday in Geneva.\n")
    }
}
