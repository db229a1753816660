/// The probability metrics of a model on labeled data: at `T = 1` (the classifier's own
/// probabilities) and, for a calibrated model, at its temperature.
public struct CalibrationReport: Sendable, Equatable {
    /// The model's temperature, nil when uncalibrated.
    public let temperature: Double?
    /// Metrics of `softmax(jll)`.
    public let uncalibrated: ProbabilityMetrics
    /// Metrics of `softmax(jll / T)`, for calibrated models.
    public let calibrated: ProbabilityMetrics?

    /// Scores `model` on `texts` with true `labels`; `path` and `lines` locate a label that is
    /// not one of the model's classes.
    public init(
        model: TextClassifier, texts: TextBatch, labels: [String], path: String = "<labels>", lines: [Int]? = nil,
        binCount: Int = 15
    ) throws(EvaluationError) {
        precondition(texts.count == labels.count, "texts \(texts.count) != labels \(labels.count)")
        try self.init(
            jointLogLikelihood: model.jointLogLikelihood(texts), model: model, labels: labels, path: path, lines: lines,
            binCount: binCount)
    }

    /// The metrics of `model`'s already computed joint log-likelihoods `jll` (row-major
    /// `labels.count x classes`, as `TextClassifier.jointLogLikelihood` gives) against `labels`,
    /// so a caller that also predicts scores the texts once.
    public init(
        jointLogLikelihood jll: [Double], model: TextClassifier, labels: [String], path: String = "<labels>",
        lines: [Int]? = nil, binCount: Int = 15
    ) throws(EvaluationError) {
        let k = model.classes.count
        precondition(jll.count == labels.count * k, "jll \(jll.count) != labels \(labels.count) x classes \(k)")
        var index: [String: Int] = [:]
        for (i, label) in model.classes.enumerated() { index[label] = i }
        var classIndices: [Int] = []
        classIndices.reserveCapacity(labels.count)
        for (example, label) in labels.enumerated() {
            guard let i = index[label] else {
                throw .unknownLabel(label: label, classes: model.classes, path: path, line: lines?[example] ?? example + 1)
            }
            classIndices.append(i)
        }
        func metrics(_ temperature: Double?) -> ProbabilityMetrics {
            ProbabilityMetrics(
                logProbabilities: TextClassifier.logProbabilities(jointLogLikelihood: jll, classCount: k, temperature: temperature),
                labels: classIndices, binCount: binCount)
        }
        temperature = model.temperature
        uncalibrated = metrics(nil)
        calibrated = model.temperature.map { metrics($0) }
    }

    /// A small table, ending with a newline:
    /// ```
    /// probabilities (ECE over 15 equal-width bins of the top probability)
    ///                          log-loss    Brier      ECE
    /// uncalibrated (T = 1)       0.5123   0.2811   0.0912
    /// calibrated (T = 2.3117)    0.4210   0.2534   0.0215
    /// ```
    public func table(digits: Int = 4) -> String {
        let names = ["uncalibrated (T = 1)"] + (temperature.map { ["calibrated (T = \(ReportText.fixed($0, digits: 4)))"] } ?? [])
        let rows = [uncalibrated] + (calibrated.map { [$0] } ?? [])
        let width = names.map(\.count).max() ?? 0
        var text = "probabilities (ECE over \(uncalibrated.bins.count) equal-width bins of the top probability)\n"
        text += ReportText.left("", width) + ["log-loss", "Brier", "ECE"].map { "  " + ReportText.right($0, 8) }.joined() + "\n"
        for (name, metrics) in zip(names, rows) {
            text += ReportText.left(name, width)
                + [metrics.logLoss, metrics.brierScore, metrics.expectedCalibrationError]
                    .map { "  " + ReportText.right(ReportText.fixed($0, digits: digits), 8) }.joined() + "\n"
        }
        return text
    }

    /// `{"temperature": T or null, "uncalibrated": {...}, "calibrated": {...} or null}` with the
    /// members of `ProbabilityMetrics.json`.
    public var json: JSONText {
        .object([
            ("temperature", temperature.map(JSONText.number) ?? .null),
            ("uncalibrated", uncalibrated.json),
            ("calibrated", calibrated?.json ?? .null),
        ])
    }
}
