import ArgumentParser
import StanceKit

/// Output formats of `stance split`.
enum SplitFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl
}

/// `stance split`: print an article's sentences, one per line.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split articles into sentences, one per line (non-content lines left out unless --all).",
        discussion: "Offsets (--format jsonl) are Unicode scalar offsets, end exclusive: into the input as read "
            + "(after a BOM; the CR of a CRLF counts), or for HTML input into the text extracted from it. "
            + "With --format text a sentence that runs over several lines is printed on one.")

    @Option(help: "Output: text (one sentence per line) or jsonl (with offsets and kind).")
    var format: SplitFormat = .text

    @Option(help: "Input: auto (HTML for paths ending in .html or .htm, text otherwise, stdin included), text or html.")
    var input: InputFormat = .auto

    @Option(help: ArgumentHelp("Write the output to this file, atomically, instead of standard output.", valueName: "path"))
    var output: String?

    @Flag(help: "Keep non-content lines (ads, social-media attributions, links, bylines, credits), marked with their kind.")
    var all = false

    @Argument(help: ArgumentHelp("Text files (- for standard input).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        try Failure.guarding {
            var sink = OutputSink(path: output)
            for path in paths.isEmpty ? ["-"] : paths {
                let text = try InputText.read(path, format: input).text
                for (index, sentence) in SentenceUnits.article(text, keepNonContent: all).enumerated() {
                    switch format {
                    case .text:
                        sink.write((sentence.kind == .content ? "" : "[\(sentence.kind.rawValue)] ") + sentence.text.oneLine() + "\n")
                    case .jsonl:
                        sink.write(JSONText.object([
                            ("index", .integer(index)), ("start", .integer(sentence.start)),
                            ("end", .integer(sentence.end)), ("kind", .string(sentence.kind.rawValue)),
                            ("sentence", .string(sentence.text)),
                        ]).text + "\n")
                    }
                }
            }
            try sink.finish()
        }
    }
}
