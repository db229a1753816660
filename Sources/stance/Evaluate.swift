import ArgumentParser
import Foundation
import StanceKit

/// `stance evaluate`: score a model on labeled data.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report accuracy, macro/weighted F1, per-class scores, the confusion matrix and probability quality.",
        discussion: "Probability quality: log-loss, Brier score (mean over examples of sum_c (p_c - y_c)^2) and "
            + "expected calibration error (15 equal-width bins of the top probability, the bins' |accuracy - "
            + "confidence| weighted by their share of examples); for a model trained with --calibrate, before "
            + "(T = 1) and after calibration.")

    @Option(help: ArgumentHelp("The model to evaluate.", valueName: "path"))
    var model: String

    @OptionGroup var data: DataFlags

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also write a self-contained HTML report: metrics, confusion heat map, precision/recall bars, "
            + "reliability diagram (15 bins) and the misclassified sentences with their probabilities.",
        valueName: "path.html"))
    var report: String?

    @Option(help: "Threads for scoring the counted rows (the results are identical for any count; default: all cores, at most 8). Loading the model and counting the texts' terms use two threads.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256, got \(threads)") }
    }

    func run() throws {
        ScoringHeap.configure()  // Before the model is read, as `classify` does.
        try Failure.guarding {
            // The model loads while the data is read, the texts' rows are counted while the
            // weights are derived, and the texts are scored once, for the predictions and the
            // probability metrics alike.
            let width = threads ?? min(8, ProcessInfo.processInfo.activeProcessorCount)
            let (classifier, corpus, jll) = try TextClassifier.load(
                from: model, threads: width, scoring: { try data.read() }, texts: { $0.texts })
            let k = classifier.classes.count
            let predicted = TextClassifier.bestClasses(jointLogLikelihood: jll, classCount: k).map { classifier.classes[$0] }
            let dataPath = data.paths.count == 1 ? data.paths[0] : data.paths.joined(separator: "+")
            let confusion = try ConfusionMatrix(
                truth: corpus.labels, predicted: predicted, labels: classifier.classes, path: dataPath,
                lines: corpus.lines)
            let metrics = ClassificationMetrics(confusion)
            if let report {
                let probabilities = TextClassifier.probabilities(
                    jointLogLikelihood: jll, classCount: k, temperature: classifier.temperature)
                let examples = (0 ..< corpus.count).map { i in
                    EvaluatedExample(
                        line: corpus.lines[i], text: corpus.texts[i], truth: corpus.labels[i], predicted: predicted[i],
                        probabilities: probabilities[i])
                }
                try EvaluationReport(modelPath: model, dataPath: dataPath, classes: classifier.classes, examples: examples)
                    .write(to: report)
            }
            let calibration = try CalibrationReport(
                jointLogLikelihood: jll, model: classifier, labels: corpus.labels, path: dataPath, lines: corpus.lines)
            print(json ? metrics.json(appending: [("calibration", calibration.json)])
                  : metrics.table(digits: 4) + "\n" + calibration.table())
        }
    }
}
