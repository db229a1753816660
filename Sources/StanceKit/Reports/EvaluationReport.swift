/// One labeled example as the evaluation report shows it.
public struct EvaluatedExample: Sendable, Equatable {
    /// Its line in the data file.
    public let line: Int
    /// The text.
    public let text: String
    /// The true label.
    public let truth: String
    /// The predicted label.
    public let predicted: String
    /// `P(c | text)` in the order of the report's classes.
    public let probabilities: [Double]

    /// An example with the given values.
    public init(line: Int, text: String, truth: String, predicted: String, probabilities: [Double]) {
        self.line = line
        self.text = text
        self.truth = truth
        self.predicted = predicted
        self.probabilities = probabilities
    }

    /// The probability of the predicted label (the model's confidence).
    public var confidence: Double { probabilities.max() ?? 0 }
}

/// Everything `stance evaluate --report` shows: the metrics, the confusion matrix, a
/// reliability diagram and the misclassified sentences; rendered as one self-contained HTML page
/// by `html()` (inline CSS and SVG, no scripts, no external assets).
public struct EvaluationReport: Sendable {
    /// Shown in the header: the model file.
    public let modelPath: String
    /// Shown in the header: the data file(s).
    public let dataPath: String
    /// Accuracy, per-class and averaged precision / recall / F1, and the confusion matrix.
    public let metrics: ClassificationMetrics
    /// Equal-width bins of the top probability over [0, 1] (`binCount`, default 15).
    public let reliability: [ReliabilityBin]
    /// `Σ_b (n_b / N) |accuracy_b - confidence_b|` over the bins (Naeini et al. 2015; Guo et al. 2017).
    public let expectedCalibrationError: Double
    /// The examples whose prediction is wrong, the most confident first (then by line).
    public let misclassified: [EvaluatedExample]

    /// The class labels, in the model's order.
    public var classes: [String] { metrics.confusion.labels }

    /// A report on `examples` for a model with `classes`.
    /// - Throws: `EvaluationError.unknownLabel` when a label is not one of `classes`.
    public init(modelPath: String, dataPath: String, classes: [String], examples: [EvaluatedExample],
                binCount: Int = 15) throws(EvaluationError) {
        precondition(binCount >= 1, "a reliability diagram needs at least one bin, got \(binCount)")
        for example in examples {
            precondition(example.probabilities.count == classes.count,
                         "line \(example.line): \(example.probabilities.count) probabilities for \(classes.count) classes")
        }
        self.modelPath = modelPath
        self.dataPath = dataPath
        metrics = ClassificationMetrics(try ConfusionMatrix(
            truth: examples.map(\.truth), predicted: examples.map(\.predicted), labels: classes, path: dataPath,
            lines: examples.map(\.line)))
        reliability = Self.reliabilityBins(
            confidences: examples.map(\.confidence), correct: examples.map { $0.truth == $0.predicted }, binCount: binCount)
        let total = Double(max(1, examples.count))
        expectedCalibrationError = reliability.reduce(0) {
            $0 + Double($1.count) / total * abs($1.accuracy - $1.confidence)
        }
        misclassified = examples.filter { $0.truth != $0.predicted }.sorted {
            $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.line < $1.line
        }
    }

    /// `binCount` equal-width bins over [0, 1]: an example with top probability `p` falls in bin
    /// `min(binCount - 1, floor(p * binCount))`.
    public static func reliabilityBins(confidences: [Double], correct: [Bool], binCount: Int) -> [ReliabilityBin] {
        precondition(confidences.count == correct.count, "\(confidences.count) confidences for \(correct.count) outcomes")
        var counts = [Int](repeating: 0, count: binCount), hits = counts
        var sums = [Double](repeating: 0, count: binCount)
        for (p, right) in zip(confidences, correct) {
            let bin = min(binCount - 1, max(0, Int(p * Double(binCount))))
            counts[bin] += 1
            sums[bin] += p
            if right { hits[bin] += 1 }
        }
        return (0 ..< binCount).map { b in
            ReliabilityBin(
                lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount), count: counts[b],
                confidence: counts[b] == 0 ? 0 : sums[b] / Double(counts[b]),
                accuracy: counts[b] == 0 ? 0 : Double(hits[b]) / Double(counts[b]))
        }
    }

    /// Writes `html()` to `path` atomically (a temporary file renamed over the target).
    public func write(to path: String) throws(EvaluationReportError) {
        do {
            try AtomicFile.write(Array(html().utf8), to: path)
        } catch {
            switch error {
            case .notFound: throw .writeFailed(path: path, reason: "no such directory")
            case .isDirectory: throw .writeFailed(path: path, reason: "the path is a directory")
            case .system(let reason): throw .writeFailed(path: path, reason: reason)
            }
        }
    }
}

/// Problems writing an evaluation report.
public enum EvaluationReportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be written; any previous file at the path is unchanged.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let path, let reason):
            return "\(path): cannot write the report (\(reason)); check that the directory exists and is writable"
        }
    }
}
