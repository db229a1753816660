import ArgumentParser
import StanceKit

/// Output formats of `stance split`.
enum SplitFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl
}

/// `stance split`: print an article's sentences, one per line.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split articles into sentences, one per line (non-content lines left out unless --all).")

    @Option(help: "Output: text (one sentence per line) or jsonl (with offsets and kind).")
    var format: SplitFormat = .text

    @Flag(help: "Keep non-content lines (ads, social-media attributions, links, bylines, credits), marked with their kind.")
    var all = false

    @Argument(help: ArgumentHelp("Text files (- for standard input).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        try Failure.guarding {
            var output = ""
            for path in paths.isEmpty ? ["-"] : paths {
                let text = try InputText.read(path)
                for (index, sentence) in SentenceUnits.article(text, keepNonContent: all).enumerated() {
                    switch format {
                    case .text:
                        output += (sentence.kind == .content ? "" : "[\(sentence.kind.rawValue)] ") + sentence.text + "\n"
                    case .jsonl:
                        output += JSONText.object([
                            ("index", .integer(index)), ("start", .integer(sentence.start)),
                            ("end", .integer(sentence.end)), ("kind", .string(sentence.kind.rawValue)),
                            ("sentence", .string(sentence.text)),
                        ]).text + "\n"
                    }
                }
            }
            print(output, terminator: "")
        }
    }
}
