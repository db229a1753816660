import Foundation
import StanceKit

/// Writes explanations as highlighted text or JSON Lines.
struct ExplanationWriter {
    let format: ExplainFormat
    let color: Bool
    private var buffer = ""

    init(format: ExplainFormat, color: Bool) {
        self.format = format
        self.color = color
    }

    mutating func write(_ explanation: Explanation, index: Int) {
        switch format {
        case .jsonl: buffer += Self.json(explanation, index: index).text + "\n"
        case .text: buffer += text(explanation, index: index)
        }
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        print(buffer, terminator: "")
        buffer = ""
    }

    // MARK: - Text

    enum Side { case support, against }

    func mark(_ text: String, _ side: Side) -> String {
        switch (side, color) {
        case (.support, true): return "\u{1B}[1;32m\(text)\u{1B}[0m"
        case (.against, true): return "\u{1B}[1;31m\(text)\u{1B}[0m"
        case (.support, false): return "{+\(text)+}"
        case (.against, false): return "[-\(text)-]"
        }
    }

    /// The sentence with the tokens of the cited evidence marked.
    func highlighted(_ e: Explanation) -> String {
        let supporting = Set(e.evidenceFor.map(\.feature)), opposing = Set(e.evidenceAgainst.map(\.feature))
        var sides: [Int: (start: Int, end: Int, side: Side)] = [:]
        for token in e.tokens {
            let pro = token.features.filter(supporting.contains).map { abs(e.features[$0].margin) }.max()
            let contra = token.features.filter(opposing.contains).map { abs(e.features[$0].margin) }.max()
            switch (pro, contra) {
            case let (p?, c?): sides[token.start] = (token.start, token.end, p >= c ? .support : .against)
            case (_?, nil): sides[token.start] = (token.start, token.end, .support)
            case (nil, _?): sides[token.start] = (token.start, token.end, .against)
            case (nil, nil): break
            }
        }
        let scalars = Array(e.text.unicodeScalars)
        var result = "", offset = 0
        func piece(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        while offset < scalars.count {
            if let span = sides[offset] {
                result += mark(piece(span.start ..< span.end), span.side)
                offset = span.end
            } else {
                result += piece(offset ..< offset + 1)
                offset += 1
            }
        }
        return result
    }

    func text(_ e: Explanation, index: Int) -> String {
        func number(_ x: Double) -> String { String(format: "%.4f", x) }
        func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
        var out = "[\(index + 1)] \(highlighted(e))\n"
        let others = e.classes.indices.filter { $0 != e.predicted }
            .map { "\(e.classes[$0]) \(number(e.probabilities[$0]))" }.joined(separator: ", ")
        out += "    label: \(e.label)  p \(number(e.probabilities[e.predicted]))  (\(others))"
            + (e.temperature.map { "  [calibrated, T = \(number($0))]" } ?? "") + "\n"
        let pro = e.evidenceFor.map { mark($0.displayName, .support) + " " + signed($0.margin) }
        out += "    evidence for \(e.label): " + (pro.isEmpty ? "none" : pro.joined(separator: ", ")) + "\n"
        let contra = e.evidenceAgainst.map {
            mark($0.displayName, .against) + " " + signed($0.margin) + " (" + e.classes[$0.rival] + ")"
        }
        out += "    evidence against: " + (contra.isEmpty ? "none" : contra.joined(separator: ", ")) + "\n"
        if !e.unknownWords.isEmpty { out += "    not in the vocabulary: " + e.unknownWords.joined(separator: " ") + "\n" }
        if let neighbours = e.neighbours {
            out += "    nearest training sentences:\n"
            for n in neighbours { out += "      \(number(Double(n.similarity)))  \(n.label)  \(n.text)\n" }
        }
        // The contribution table, features by margin (for the label first).
        let order = e.features.indices.sorted { a, b in
            e.features[a].margin != e.features[b].margin ? e.features[a].margin > e.features[b].margin : a < b
        }
        let nameWidth = max(12, (e.features.map(\.displayName.count).max() ?? 0))
        let cell = max(11, (e.classes.map(\.count).max() ?? 0) + 1)
        func row(_ name: String, _ value: String, _ cells: [Double]) -> String {
            "      " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + value.leftPadded(8)
                + cells.map { number($0).leftPadded(cell) }.joined() + "\n"
        }
        out += "    contributions x_j W[c, j] (score = bias + sum):\n"
        out += "      " + "feature".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "x_j".leftPadded(8)
            + e.classes.map { $0.leftPadded(cell) }.joined() + "\n"
        for i in order {
            out += row(e.features[i].displayName, number(e.features[i].value), e.features[i].contributions)
        }
        out += row("bias", "", e.bias)
        out += row("score", "", e.scores)
        return out + "\n"
    }

    // MARK: - JSON

    static func json(_ e: Explanation, index: Int) -> JSONText {
        func perClass(_ values: [Double]) -> JSONText { .object(zip(e.classes, values).map { ($0, .number($1)) }) }
        func evidence(_ items: [Evidence]) -> JSONText {
            .array(items.map { item in
                .object([("feature", .string(e.features[item.feature].term)), ("display", .string(item.displayName)),
                         ("margin", .number(item.margin)), ("rival", .string(e.classes[item.rival]))])
            })
        }
        var members: [(String, JSONText)] = [
            ("index", .integer(index)), ("sentence", .string(e.text)), ("label", .string(e.label)),
            ("probabilities", perClass(e.probabilities)),
            ("temperature", e.temperature.map(JSONText.number) ?? .null),
            ("joint_log_likelihood", perClass(e.jointLogLikelihood)),
            ("bias", perClass(e.bias)),
            ("score", perClass(e.scores)),
            ("features", .array(e.features.map { f in
                .object([
                    ("feature", .string(f.term)), ("display", .string(f.displayName)),
                    ("kind", .string(f.isCharacterNGram ? "char" : "word")), ("value", .number(f.value)),
                    ("contributions", perClass(f.contributions)), ("margin", .number(f.margin)),
                    ("rival", .string(e.classes[f.rival])),
                ])
            })),
            ("evidence_for", evidence(e.evidenceFor)),
            ("evidence_against", evidence(e.evidenceAgainst)),
            ("tokens", .array(e.tokens.map { token in
                .object([("start", .integer(token.start)), ("end", .integer(token.end)),
                         ("features", .array(token.features.map { .string(e.features[$0].displayName) }))])
            })),
            ("unknown_words", .array(e.unknownWords.map(JSONText.string))),
        ]
        if let neighbours = e.neighbours {
            members.append(("neighbours", .array(neighbours.map { n in
                .object([("sentence", .string(n.text)), ("label", .string(n.label)), ("similarity", .number(Double(n.similarity)))])
            })))
        }
        return .object(members)
    }
}
