import StanceKit

/// Writes `classify` results as an aligned table, TSV or JSON Lines, and the per-article
/// summary (count and share of each stance, the dominant one, the uncertain count).
struct ClassificationWriter {
    let format: ClassifyFormat
    let classes: [String]
    let showFile: Bool
    let color: Bool
    private var buffer = ""
    private var wroteHeader = false

    init(format: ClassifyFormat, classes: [String], showFile: Bool, color: Bool) {
        self.format = format
        self.classes = classes
        self.showFile = showFile
        self.color = color
    }

    static let uncertain = "uncertain"

    /// Writes one article's sentences.
    mutating func article(path: String, units: [Sentence], predictions: [Int: Prediction], threshold: Double) {
        var tally: [String: Int] = [:]
        var index = 0
        if format == .text && showFile { buffer += "== \(path) ==\n" }
        if format == .tsv && !wroteHeader {
            buffer += (showFile ? "file\t" : "") + "index\tstart\tend\tlabel\t"
                + classes.map { "p_\($0)" }.joined(separator: "\t") + "\tsentence\n"
            wroteHeader = true
        }
        for (position, unit) in units.enumerated() {
            let prediction = predictions[position]
            var label = prediction?.label ?? unit.kind.rawValue
            if let prediction, let top = prediction.probabilities.max(), top < threshold { label = Self.uncertain }
            if prediction != nil { tally[label, default: 0] += 1 }
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
                buffer += JSONText.object(members).text + "\n"
            case .tsv:
                let probabilities = prediction?.probabilities.map { String(format4: $0) } ?? classes.map { _ in "" }
                buffer += (showFile ? "\(path)\t" : "") + "\(index)\t\(unit.start)\t\(unit.end)\t\(label)\t"
                    + probabilities.joined(separator: "\t") + "\t" + unit.text.replacingTabs() + "\n"
            case .text:
                let top = prediction?.probabilities.max().map { String(format4: $0) } ?? "  -   "
                let width = max(12, (classes + [Self.uncertain]).map(\.count).max() ?? 0)
                let padded = label.padding(toLength: width, withPad: " ", startingAt: 0)
                let shown = color ? Self.colored(padded, label: label) : padded
                buffer += "\(String(index).leftPadded(4))  \(shown)  \(top)  \(unit.text)\n"
            }
            index += 1
            if buffer.utf8.count > 1 << 16 { flush() }
        }
        if format == .text { buffer += summary(tally) + "\n" }
    }

    /// `N sentences: support 5 (50%), ...; dominant: support; uncertain: 1`.
    func summary(_ tally: [String: Int]) -> String {
        let total = tally.values.reduce(0, +)
        guard total > 0 else { return "0 sentences" }
        let labels = classes + (tally[Self.uncertain] != nil ? [Self.uncertain] : [])
        let parts = labels.map { label -> String in
            let n = tally[label] ?? 0
            return "\(label) \(n) (\(Int((Double(n) / Double(total) * 100).rounded()))%)"
        }
        let dominant = classes.max { (tally[$0] ?? 0, $1) < (tally[$1] ?? 0, $0) } ?? "-"
        return "\(total) sentences: " + parts.joined(separator: ", ")
            + "; dominant: \(dominant); uncertain: \(tally[Self.uncertain] ?? 0)"
    }

    static func colored(_ text: String, label: String) -> String {
        let code: String
        switch label {
        case "condemnation": code = "31"
        case "support": code = "32"
        case "analysis": code = "34"
        case uncertain: code = "33"
        default: code = "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    mutating func flush() {
        print(buffer, terminator: "")
        buffer = ""
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

    func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
