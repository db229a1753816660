import ArgumentParser
import Foundation
import StanceKit

/// `stance train`: fit a vectorizer and a naive Bayes classifier and save the model.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on labeled data and save it.",
        discussion: "Data formats: TSV (label<TAB>text), CSV with a label,text header, JSON Lines "
            + "({\"label\": ..., \"text\": ...}) and fastText (__label__x text). The model is written "
            + "atomically: a failed or interrupted run leaves any previous file at --output untouched.")

    @OptionGroup var data: DataFlags

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the model.", valueName: "path"))
    var output: String

    @OptionGroup var training: TrainingFlags

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        try Failure.guarding {
            let start = Date()
            let corpus = try data.read()
            let options = try training.trainingOptions()
            let model = try TextClassifier.train(
                texts: corpus.texts, labels: corpus.labels, options: options, limits: training.limits)
            try model.save(to: output)
            guard !quiet else { return }
            let seconds = Date().timeIntervalSince(start)
            print(TrainingSummary(corpus: corpus, model: model, seconds: seconds, output: output).text)
        }
    }
}

/// The few lines `stance train` prints.
struct TrainingSummary {
    let corpus: LabeledCorpus
    let model: TextClassifier
    let seconds: Double
    let output: String

    var text: String {
        var counts: [String: Int] = [:]
        for label in corpus.labels { counts[label, default: 0] += 1 }
        let width = model.classes.map(\.count).max() ?? 0
        var lines = ["trained \(model.options.model.rawValue) naive Bayes on \(corpus.count) examples"]
        for label in model.classes {
            let n = counts[label] ?? 0
            let share = Double(n) / Double(max(1, corpus.count)) * 100
            lines.append("  \(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(n) (\(String(format: "%.1f", share))%)")
        }
        if corpus.skipped > 0 { lines.append("skipped \(corpus.skipped) invalid lines") }
        lines.append("vocabulary: \(model.vectorizer.featureCount) features")
        let megabytes = Double(corpus.texts.bytes.count) / 1_000_000
        lines.append(String(format: "time: %.3f s (%.1f MB, %.1f MB/s)", seconds, megabytes, megabytes / max(seconds, 1e-9)))
        lines.append("model: \(output)")
        return lines.joined(separator: "\n")
    }
}
