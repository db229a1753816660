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

    func run() throws {
        try Failure.guarding {
            let classifier = try TextClassifier.load(from: model)
            let corpus = try data.read()
            let predicted = classifier.predict(corpus.texts)
            let confusion = try ConfusionMatrix(
                truth: corpus.labels, predicted: predicted, labels: classifier.classes,
                path: data.paths.count == 1 ? data.paths[0] : data.paths.joined(separator: "+"),
                lines: corpus.lines)
            let metrics = ClassificationMetrics(confusion)
            print(json ? metrics.json() : metrics.table(digits: 4))
        }
    }
}
