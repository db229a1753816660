import ArgumentParser
import Foundation
import StanceKit

/// Output formats of `stance classify`.
enum ClassifyFormat: String, CaseIterable, ExpressibleByArgument {
    case text, tsv, jsonl
}

/// `stance classify`: label each sentence of articles (or each line with `--sentences`).
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Label every sentence of an article (or every line, with --sentences).",
        discussion: "Without PATH, or with -, reads standard input. Offsets are Unicode scalar "
            + "(code point) offsets into the input, end exclusive, as Python's str indices.")

    @Option(help: ArgumentHelp("The model (default: the shipped Models/stance.model).", valueName: "path"))
    var model: String?

    @Flag(help: "Treat each non-empty input line as one sentence instead of splitting an article.")
    var sentences = false

    @Option(help: "Output: text (aligned table), tsv or jsonl.")
    var format: ClassifyFormat = .text

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
        try Failure.guarding {
            let classifier = try TextClassifier.load(from: try model ?? ModelLocator.shippedModel())
            let inputs = paths.isEmpty ? ["-"] : paths
            var output = ClassificationWriter(
                format: format, classes: classifier.classes, showFile: inputs.count > 1, color: Terminal.colorAllowed)
            for path in inputs {
                let text = try InputText.read(path)
                let units = sentences ? SentenceUnits.lines(of: text) : SentenceUnits.article(text, keepNonContent: all)
                let contentIndices = units.indices.filter { units[$0].kind == .content }
                let predictions = classifier.classify(TextBatch(contentIndices.map { units[$0].text }))
                var byUnit: [Int: Prediction] = [:]
                for (i, unit) in contentIndices.enumerated() { byUnit[unit] = predictions[i] }
                output.article(path: path, units: units, predictions: byUnit, threshold: threshold)
            }
            output.flush()
        }
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

/// Reading the text to classify.
enum InputText {
    /// The file at `path` (or stdin for "-") as a string; invalid UTF-8 is replaced by U+FFFD
    /// with one warning and a leading BOM is dropped (offsets count from after it).
    static func read(_ path: String) throws -> String {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            do {
                bytes = try AtomicFile.read(path)
            } catch {
                switch error {
                case .notFound:
                    throw InputError(description: "\(path): no such file; check the path", code: .noInput)
                case .isDirectory:
                    throw InputError(description: "\(path): is a directory; pass a text file", code: .noInput)
                case .system(let reason):
                    throw InputError(description: "\(path): cannot read (\(reason)); check its permissions", code: .io)
                }
            }
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let text = String(decoding: body, as: UTF8.self)
        if String(validating: body, as: UTF8.self) == nil {
            Terminal.error("stance: warning: \(path == "-" ? "<stdin>" : path): invalid UTF-8 replaced by U+FFFD")
        }
        return text
    }
}

/// The units `classify` labels: sentences of an article, or lines.
enum SentenceUnits {
    static func article(_ text: String, keepNonContent: Bool) -> [Sentence] {
        let sentences = SentenceSplitter().split(text)
        return keepNonContent ? sentences : sentences.filter { $0.kind == .content }
    }

    /// Every non-empty line, trimmed, with its scalar offsets.
    static func lines(of text: String) -> [Sentence] {
        var result: [Sentence] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let scalars = Array(line.unicodeScalars)
            let length = scalars.count
            var start = 0, end = length
            while start < end && scalars[start].properties.isWhitespace { start += 1 }
            while end > start && scalars[end - 1].properties.isWhitespace { end -= 1 }
            if start < end {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start ..< end])
                result.append(Sentence(text: String(view), start: offset + start, end: offset + end, kind: .content))
            }
            offset += length + 1
        }
        return result
    }
}
