import ArgumentParser
import Foundation
import StanceKit

/// Output formats of `stance classify`.
enum ClassifyFormat: String, CaseIterable, ExpressibleByArgument {
    case text, tsv, jsonl, html
}

/// `stance classify`: label each sentence of articles (or each line with `--sentences`).
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Label every sentence of an article (or every line, with --sentences).",
        discussion: "Without PATH, or with -, reads standard input. Offsets are Unicode scalar "
            + "(code point) offsets, end exclusive, as Python's str indices: into the input as read "
            + "(after a BOM; the CR of a CRLF counts), or for HTML input into the text extracted from it "
            + "(what `stance split --input html` shows). --format html writes one self-contained page: "
            + "the article with each sentence highlighted by stance, a legend, the shares as a bar, "
            + "the summary line, and each sentence's probabilities on hover.")

    @Option(help: ArgumentHelp("The model (default: the shipped Models/stance.model).", valueName: "path"))
    var model: String?

    @Flag(help: "Treat each non-empty input line as one sentence instead of splitting an article.")
    var sentences = false

    @Option(help: "Output: text (aligned table), tsv, jsonl, or html (one self-contained report page).")
    var format: ClassifyFormat = .text

    @Option(help: "Input: auto (HTML for paths ending in .html or .htm, text otherwise, stdin included), text or html.")
    var input: InputFormat = .auto

    @Option(help: ArgumentHelp("Write the output to this file, atomically, instead of standard output.", valueName: "path"))
    var output: String?

    @Flag(help: "Also output non-content lines (ads, social-media attributions, bylines), marked with their kind.")
    var all = false

    @Option(help: "Label a sentence \"uncertain\" when its top probability is below P (0 disables).")
    var threshold: Double = 0

    @Argument(help: ArgumentHelp("Text files to classify (- for standard input).", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        guard threshold >= 0 && threshold <= 1 else { throw ValidationError("--threshold must be in [0, 1], got \(threshold)") }
    }

    func run() throws {
        ScoringHeap.configure()  // Before the model is read: its buffers then reuse freed memory.
        try Failure.guarding {
            let classifier = try TextClassifier.load(from: try model ?? ModelLocator.shippedModel())
            let inputs = paths.isEmpty ? ["-"] : paths
            let sink = OutputSink(path: output)
            var writer = ClassificationWriter(
                format: format, classes: classifier.classes, threshold: threshold, showFile: inputs.count > 1,
                color: !sink.isFile && Terminal.colorAllowed, output: sink)
            for path in inputs {
                let text = try InputText.read(path, format: input)
                let (units, predictions) = Self.label(text, with: classifier, lines: sentences, keepNonContent: all)
                writer.article(path: path, input: text, units: units, predictions: predictions)
            }
            try writer.finish()
        }
    }

    /// The units of `text` (sentences, or lines with `lines`) and a prediction for each content
    /// unit (nil for the non-content ones kept with `keepNonContent`).
    static func label(_ text: InputText, with classifier: TextClassifier, lines: Bool, keepNonContent: Bool)
        -> (units: [Sentence], predictions: [Prediction?])
    {
        let units = lines ? SentenceUnits.lines(of: text.text) : SentenceUnits.article(text.text, keepNonContent: keepNonContent)
        let contentIndices = units.indices.filter { units[$0].kind == .content }
        // Two threads pay only for long inputs; an article's few dozen sentences stay on one.
        let threads = contentIndices.count >= 256 ? min(8, ProcessInfo.processInfo.activeProcessorCount) : 1
        let predictions = classifier.classify(TextBatch(contentIndices.map { units[$0].text }), threads: threads)
        var byUnit = [Prediction?](repeating: nil, count: units.count)
        for (i, unit) in contentIndices.enumerated() { byUnit[unit] = predictions[i] }
        return (units, byUnit)
    }
}

/// Finds the shipped model: `Models/stance.model` in the working directory, else next to the
/// package the executable was built in (walking up from the executable's folder).
enum ModelLocator {
    static let relativePath = "Models/stance.model"

    static func shippedModel() throws -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: relativePath) { return relativePath }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(relativePath).path
            if manager.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw InputError(
            description: "\(relativePath): no shipped model found in the working directory or above the executable; "
                + "pass --model PATH or train one with scripts/train-stance-model",
            code: .noInput)
    }
}

/// The units `classify` labels: sentences of an article, or lines.
enum SentenceUnits {
    static func article(_ text: String, keepNonContent: Bool) -> [Sentence] {
        let sentences = SentenceSplitter().split(text)
        return keepNonContent ? sentences : sentences.filter { $0.kind == .content }
    }

    /// Every non-empty line, trimmed, with its scalar offsets. A line ends at LF, CR or CRLF
    /// (the scalars are read, not the `Character`s, in which CRLF is one character).
    static func lines(of text: String) -> [Sentence] {
        var result: [Sentence] = []
        let scalars = Array(text.unicodeScalars)
        var lineStart = 0
        while lineStart <= scalars.count {
            var lineEnd = lineStart
            while lineEnd < scalars.count, scalars[lineEnd] != "\n", scalars[lineEnd] != "\r" { lineEnd += 1 }
            var start = lineStart, end = lineEnd
            while start < end && scalars[start].properties.isWhitespace { start += 1 }
            while end > start && scalars[end - 1].properties.isWhitespace { end -= 1 }
            if start < end {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start ..< end])
                result.append(Sentence(text: String(view), start: start, end: end, kind: .content))
            }
            guard lineEnd < scalars.count else { break }
            let crlf = scalars[lineEnd] == "\r" && lineEnd + 1 < scalars.count && scalars[lineEnd + 1] == "\n"
            lineStart = lineEnd + (crlf ? 2 : 1)
        }
        return result
    }
}
