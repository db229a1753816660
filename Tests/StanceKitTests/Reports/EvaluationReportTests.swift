import Foundation
import Testing
@testable import StanceKit

@Suite struct EvaluationReportTests {
    static let classes = ["analysis", "condemnation", "support"]

    /// Six examples: four right, two wrong (lines 3 and 6), one text with markup in it.
    static let examples = [
        EvaluatedExample(line: 1, text: "Exports rose.", truth: "analysis", predicted: "analysis", probabilities: [0.9, 0.05, 0.05]),
        EvaluatedExample(line: 2, text: "They condemned it.", truth: "condemnation", predicted: "condemnation", probabilities: [0.1, 0.85, 0.05]),
        EvaluatedExample(line: 3, text: "<script>alert('x')</script> & \"praise\"", truth: "support", predicted: "condemnation", probabilities: [0.2, 0.5, 0.3]),
        EvaluatedExample(line: 4, text: "We back it.", truth: "support", predicted: "support", probabilities: [0.02, 0.02, 0.96]),
        EvaluatedExample(line: 5, text: "Talks are on Monday.", truth: "analysis", predicted: "analysis", probabilities: [0.55, 0.25, 0.2]),
        EvaluatedExample(line: 6, text: "Critics slammed it.", truth: "condemnation", predicted: "analysis", probabilities: [0.7, 0.2, 0.1]),
    ]

    static func report() throws -> EvaluationReport {
        try EvaluationReport(modelPath: "m.model", dataPath: "test.tsv", classes: classes, examples: examples)
    }

    @Test("reliability bins: counts, mean confidence and accuracy by hand; the expected calibration error")
    func bins() throws {
        let report = try Self.report()
        #expect(report.reliability.count == 15)
        #expect(report.reliability.map(\.count).reduce(0, +) == 6)
        // Top probabilities 0.9, 0.85, 0.5, 0.96, 0.55, 0.7 fall in bins floor(15 p): 13, 12, 7, 14, 8, 10.
        let filled = report.reliability.enumerated().filter { $0.element.count > 0 }.map(\.offset)
        #expect(filled == [7, 8, 10, 12, 13, 14])
        #expect(report.reliability[7].accuracy == 0 && report.reliability[10].accuracy == 0)
        #expect(report.reliability[13].accuracy == 1 && report.reliability[13].confidence == 0.9)
        // ECE = (|0 - 0.5| + |1 - 0.55| + |0 - 0.7| + |1 - 0.85| + |1 - 0.9| + |1 - 0.96|) / 6 = 1.94 / 6.
        #expect(abs(report.expectedCalibrationError - 1.94 / 6) < 1e-12)
        // p = 1 goes to the last bin, p = 0 to the first.
        let edges = EvaluationReport.reliabilityBins(confidences: [1, 0], correct: [true, false], binCount: 15)
        #expect(edges[14].count == 1 && edges[0].count == 1)
    }

    @Test("misclassified examples, most confident first; metrics as ClassificationMetrics")
    func contents() throws {
        let report = try Self.report()
        #expect(report.misclassified.map(\.line) == [6, 3])
        let expected = try ClassificationMetrics(
            truth: Self.examples.map(\.truth), predicted: Self.examples.map(\.predicted), labels: Self.classes)
        #expect(report.metrics == expected)
    }

    @Test("the page is self-contained, escapes the data and has every part")
    func html() throws {
        let page = try Self.report().html()
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        for part in ["<h2>Metrics</h2>", "<h2>Confusion matrix</h2>", "<h2>Precision and recall</h2>",
                     "<h2>Reliability</h2>", "<h2>Misclassified sentences (2)</h2>", "aria-label=\"reliability diagram\""] {
            #expect(page.contains(part), "missing \(part)")
        }
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;praise&quot;"))
        for external in ["http:", "https:", "src=", "href=", "@import", "url("] { #expect(!page.contains(external), "\(external)") }
        // The confusion matrix cell (condemnation, analysis) holds 1 of 2: 50.0%.
        #expect(page.contains(">50.0%</text>"))
        #expect(try Self.report().html() == page)
    }

    @Test("an unknown label is a located error; writing goes through AtomicFile")
    func errors() throws {
        let bad = [EvaluatedExample(line: 9, text: "x", truth: "praise", predicted: "support", probabilities: [0, 0, 1])]
        #expect(throws: EvaluationError.unknownLabel(label: "praise", classes: Self.classes, path: "test.tsv", line: 9)) {
            try EvaluationReport(modelPath: "m", dataPath: "test.tsv", classes: Self.classes, examples: bad)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try Self.report()
        try report.write(to: directory + "/r.html")
        #expect(try String(contentsOfFile: directory + "/r.html", encoding: .utf8) == report.html())
        #expect(throws: EvaluationReportError.writeFailed(path: directory + "/no/r.html", reason: "No such file or directory")) {
            try report.write(to: directory + "/no/r.html")
        }
        #expect(EvaluationReportError.writeFailed(path: "a/r.html", reason: "x").description
            == "a/r.html: cannot write the report (x); check that the directory exists and is writable")
    }
}
