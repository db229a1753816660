import ArgumentParser
import StanceKit

/// `stance evaluate`: score a model on labeled data.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report accuracy, macro/weighted F1, per-class scores and the confusion matrix.")

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

    func run() throws {
        try Failure.guarding {
            let classifier = try TextClassifier.load(from: model)
            let corpus = try data.read()
            let predicted = classifier.predict(corpus.texts)
            let dataPath = data.paths.count == 1 ? data.paths[0] : data.paths.joined(separator: "+")
            let confusion = try ConfusionMatrix(
                truth: corpus.labels, predicted: predicted, labels: classifier.classes, path: dataPath,
                lines: corpus.lines)
            let metrics = ClassificationMetrics(confusion)
            if let report {
                let probabilities = classifier.predictProbabilities(corpus.texts)
                let examples = (0 ..< corpus.count).map { i in
                    EvaluatedExample(
                        line: corpus.lines[i], text: corpus.texts[i], truth: corpus.labels[i], predicted: predicted[i],
                        probabilities: probabilities[i])
                }
                try EvaluationReport(modelPath: model, dataPath: dataPath, classes: classifier.classes, examples: examples)
                    .write(to: report)
            }
            print(json ? metrics.json() : metrics.table(digits: 4))
        }
    }
}
