import ArgumentParser
import Foundation
import StanceKit

/// `stance train`: fit a vectorizer and a naive Bayes classifier and save the model.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on labeled data and save it.",
        discussion: "Data formats: TSV (label<TAB>text), CSV with a label,text header, JSON Lines "
            + "({\"label\": ..., \"text\": ...}) and fastText (__label__x text). The model is written "
            + "atomically: a failed or interrupted run leaves any previous file at --output untouched. "
            + "Between its two passes, training keeps each document's term counts in an unlinked "
            + "temporary file in $TMPDIR (default /tmp), about 8 bytes per distinct term per document.")

    @OptionGroup var data: DataFlags

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the model.", valueName: "path"))
    var output: String

    @OptionGroup var training: TrainingFlags

    @Option(help: "Threads for training and saving (the model is identical for any count; default: all cores, at most 8).")
    var threads: Int?

    @Flag(help: "Calibrate the probabilities: fit a temperature T (p = softmax(jll / T)) on out-of-fold scores and store it in the model (reads the data into memory).")
    var calibrate = false

    @Option(help: "Folds of the out-of-fold scores --calibrate fits on (at least 2).")
    var calibrationFolds: Int = 5

    @Option(help: ArgumentHelp(
        "Also store a latent semantic space of rank R for `stance similar`: a truncated SVD of the TF-IDF "
            + "training matrix, with the training sentences' embeddings (typical 100-300; 0: none).",
        valueName: "R"))
    var lsaRank: Int = 0

    @Option(help: "Power iterations of the randomized SVD behind --lsa-rank.")
    var lsaPowerIterations: Int = 4

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256, got \(threads)") }
        guard calibrationFolds >= 2 else { throw ValidationError("--calibration-folds must be at least 2, got \(calibrationFolds)") }
        guard lsaRank >= 0 else { throw ValidationError("--lsa-rank must be at least 0, got \(lsaRank)") }
        guard (0 ... 100).contains(lsaPowerIterations) else {
            throw ValidationError("--lsa-power-iterations must be in 0...100, got \(lsaPowerIterations)")
        }
    }

    func run() throws {
        try Failure.guarding {
            let start = Date()
            let options = try training.trainingOptions()
            var model: TextClassifier
            let summary: CorpusTrainer.Summary
            var fit: TemperatureFit?
            var lsaSeconds: Double?
            if calibrate || lsaRank > 0 {
                // Calibration folds and the semantic space need the sentences in memory.
                let corpus = try data.read()
                if calibrate {
                    (model, fit) = try TextClassifier.trainCalibrated(
                        texts: corpus.texts, labels: corpus.labels, options: options, folds: calibrationFolds, limits: training.limits)
                } else {
                    model = try TextClassifier.train(
                        texts: corpus.texts, labels: corpus.labels, options: options, limits: training.limits, threads: threads)
                }
                if lsaRank > 0 {
                    let lsaStart = Date()
                    model = try model.addingSemanticSpace(
                        texts: corpus.texts, labels: corpus.labels,
                        options: TruncatedSVD.Options(rank: lsaRank, powerIterations: lsaPowerIterations, seed: options.seed))
                    lsaSeconds = Date().timeIntervalSince(lsaStart)
                }
                summary = CorpusTrainer.Summary(corpus: corpus)
            } else {
                let source = CorpusStream(paths: data.paths, format: data.format.corpusFormat, options: data.readerOptions)
                let totalBytes = source.expectedBytes ?? 0
                let showProgress = !quiet && Terminal.stderrIsTerminal && totalBytes > 32 << 20
                let heap = TrainingHeap(corpusBytes: totalBytes)
                (model, summary) = try CorpusTrainer(options: options, limits: training.limits, threads: threads).train(source) { progress in
                    heap.reached(progress)
                    guard showProgress else { return }
                    let fraction = Double(progress.bytes) / Double(max(1, totalBytes))
                    switch progress.step {
                    case .counting: Terminal.progress("pass 1/2", fraction: fraction)
                    case .vocabulary: break
                    case .weighing: Terminal.progress("pass 2/2", fraction: fraction)
                    }
                }
            }
            let saveStart = Date()
            Heap.trim()  // The heap's free memory back before the model's bytes are allocated.
            try model.save(to: output, threads: threads ?? CorpusTrainer.defaultThreads)
            guard !quiet else { return }
            let seconds = Date().timeIntervalSince(start)
            let saveSeconds = Date().timeIntervalSince(saveStart)
            var text = TrainingSummary(summary: summary, model: model, seconds: seconds, lsaSeconds: lsaSeconds, saveSeconds: saveSeconds, output: output).text
            if let fit {
                text += String(format: "\ncalibration: temperature %.4f (out-of-fold log-loss %.4f -> %.4f, %d folds)",
                               fit.temperature, fit.logLossBefore, fit.logLossAfter, calibrationFolds)
            }
            print(text)
        }
    }
}

/// The few lines `stance train` prints.
struct TrainingSummary {
    let summary: CorpusTrainer.Summary
    let model: TextClassifier
    let seconds: Double
    let lsaSeconds: Double?
    let saveSeconds: Double
    let output: String

    var text: String {
        let width = model.classes.map(\.count).max() ?? 0
        var lines = ["trained \(model.options.model.rawValue) naive Bayes on \(summary.documents) examples"]
        for label in model.classes {
            let n = summary.classCounts[label] ?? 0
            let share = Double(n) / Double(max(1, summary.documents)) * 100
            lines.append("  \(label.padding(toLength: width, withPad: " ", startingAt: 0))  \(n) (\(String(format: "%.1f", share))%)")
        }
        if summary.skipped > 0 { lines.append("skipped \(summary.skipped) invalid lines") }
        lines.append("vocabulary: \(model.vectorizer.featureCount) features")
        if let space = model.semanticSpace, let lsaSeconds {
            let top = space.singularValues.prefix(3).map { String(format: "%.3f", $0) }.joined(separator: ", ")
            lines.append(
                "latent semantic space: rank \(space.rank), \(space.count) sentences, singular values \(top) ... "
                    + String(format: "%.3f; fitted in %.3f s", space.singularValues.last ?? 0, lsaSeconds))
        }
        let megabytes = Double(summary.bytes) / 1_000_000
        var time = String(format: "time: %.3f s (%.1f MB, %.1f MB/s)", seconds, megabytes, megabytes / max(seconds, 1e-9))
        if summary.countSeconds > 0 {
            time += String(format: "; read and count %.3f s, vocabulary %.3f s, weigh %.3f s, save %.3f s",
                           summary.countSeconds, summary.vocabularySeconds, summary.weighSeconds, saveSeconds)
        }
        lines.append(time)
        lines.append("model: \(output)")
        return lines.joined(separator: "\n")
    }
}
