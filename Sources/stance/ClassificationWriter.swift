import StanceKit

/// Writes `classify` results as an aligned table, TSV, JSON Lines or one HTML report, with the
/// per-article summary (`ArticleSummary`: count and share of each stance, the dominant one, the
/// uncertain count).
struct ClassificationWriter {
    let format: ClassifyFormat
    let classes: [String]
    let threshold: Double
    let showFile: Bool
    let color: Bool
    private var sink: OutputSink
    private var report: ArticleReport
    private var wroteHeader = false

    init(format: ClassifyFormat, classes: [String], threshold: Double, showFile: Bool, color: Bool, output: OutputSink) {
        self.format = format
        self.classes = classes
        self.threshold = threshold
        self.showFile = showFile
        self.color = color
        self.sink = output
        self.report = ArticleReport(classes: classes, threshold: threshold)
    }

    /// Writes one article's units; `predictions` has one entry per unit (nil: not classified).
    mutating func article(path: String, input: InputText, units: [Sentence], predictions: [Prediction?]) {
        if format == .html {
            report.append(.init(name: path, title: input.title, text: input.text, sentences: units, predictions: predictions))
            return
        }
        var labels: [String] = []
        if format == .text && showFile { sink.write("== \(path) ==\n") }
        if format == .tsv && !wroteHeader {
            sink.write((showFile ? "file\t" : "") + "index\tstart\tend\tlabel\t"
                + classes.map { "p_\($0)" }.joined(separator: "\t") + "\tsentence\n")
            wroteHeader = true
        }
        for (index, unit) in units.enumerated() {
            let prediction = predictions[index]
            let label = prediction.map { ArticleSummary.label(for: $0, threshold: threshold) } ?? unit.kind.rawValue
            if prediction != nil { labels.append(label) }
            switch format {
            case .jsonl:
                var members: [(String, JSONText)] = []
                if showFile { members.append(("file", .string(path))) }
                members += [
                    ("index", .integer(index)), ("start", .integer(unit.start)), ("end", .integer(unit.end)),
                    ("sentence", .string(unit.text)), ("label", .string(label)),
                ]
                if let prediction {
                    members.append(("probabilities", .object(zip(classes, prediction.probabilities).map { ($0, .number($1)) })))
                } else {
                    members.append(("kind", .string(unit.kind.rawValue)))
                }
                sink.write(JSONText.object(members).text + "\n")
            case .tsv:
                let probabilities = prediction?.probabilities.map { String(format4: $0) } ?? classes.map { _ in "" }
                sink.write((showFile ? "\(path)\t" : "") + "\(index)\t\(unit.start)\t\(unit.end)\t\(label)\t"
                    + probabilities.joined(separator: "\t") + "\t" + unit.text.oneLine() + "\n")
            case .text:
                let top = prediction?.probabilities.max().map { String(format4: $0) } ?? "  -   "
                let width = max(12, (classes + [ArticleSummary.uncertain]).map(\.count).max() ?? 0)
                let padded = label.padding(toLength: width, withPad: " ", startingAt: 0)
                let shown = color ? Self.colored(padded, label: label) : padded
                sink.write("\(String(index).leftPadded(4))  \(shown)  \(top)  \(unit.text.oneLine())\n")
            case .html:
                break
            }
        }
        if format == .text { sink.write(ArticleSummary(classes: classes, labels: labels).line + "\n") }
    }

    /// The output so far, when it goes to an `OutputSink.memory()`.
    var text: String { sink.text }

    /// Writes the HTML report (for `--format html`) and whatever is buffered.
    mutating func finish() throws {
        if format == .html { sink.write(report.html()) }
        try sink.finish()
    }

    static func colored(_ text: String, label: String) -> String {
        let code: String
        switch label {
        case "condemnation": code = "31"
        case "support": code = "32"
        case "analysis": code = "34"
        case ArticleSummary.uncertain: code = "33"
        default: code = "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

extension String {
    /// `value` with 4 decimals.
    init(format4 value: Double) {
        let scaled = (value * 10_000).rounded()
        let whole = Int(scaled) / 10_000, fraction = Int(scaled) % 10_000
        let digits = String(fraction)
        self = "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// The text on one line: a tab or a line break (LF, CR or CRLF) becomes one space, so a
    /// sentence hard-wrapped across lines stays one row of a table. Works on the UTF-8 bytes
    /// (the three are ASCII); text without them is returned as it is.
    func oneLine() -> String {
        var copy = self
        return copy.withUTF8 { utf8 -> String in
            guard utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return self }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            var previous: UInt8 = 0
            for byte in utf8 {
                if !(byte == 0x0A && previous == 0x0D) {
                    bytes.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
                }
                previous = byte
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
