import ArgumentParser
import Foundation
import StanceKit

/// `stance benchmark`: measurements in a release build, as JSON lines and a table.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the pipeline, the scoring paths and the neighbour search (build with -c release).",
        discussion: "Without a flag: the pipeline cases (tokenize, vectorizer fit and transform, naive Bayes fit, "
            + "scoring on both paths, training end to end with 1 and N threads, model encode/decode, predict, and "
            + "classifying the seed article with the shipped model), on --corpus or on --megabytes of text generated "
            + "from --seed; each case self-checks its result. Then the cold start: `stance classify` on the seed "
            + "article run as a new process, spawn to exit, median and min against the 50 ms target, each run's "
            + "output checked against the in-process classification (skipped, with a note, when the shipped "
            + "model and seed are not found); --cold-start runs only that. --scoring-crossover times the sparse SIMD path against the dense OpenBLAS GEMM path "
            + "over a grid of shapes and prints, per shape, the speed-up of the dense path; "
            + "LinearScorer.denseCrossoverDensity is set from this measurement. --similar times the "
            + "nearest-neighbour search of `stance similar` (one GEMM per batch of queries) against a plain "
            + "loop of dot products over the same random unit embeddings, for training sentences x rank x queries.")

    @Flag(help: "Measure the sparse/dense scoring crossover.")
    var scoringCrossover = false

    @Flag(help: "Measure the GEMM neighbour search against a plain loop.")
    var similar = false

    @Flag(help: "Measure only the cold start of `stance classify` on the seed article.")
    var coldStart = false

    @Option(help: ArgumentHelp(
        "Seconds idle before each timed cold-start run (default 0: back to back). A pause of a few seconds "
            + "lets the system take freed memory back, so each run starts as a command run now and then does.",
        valueName: "seconds"))
    var pause: Double = 0

    @Option(help: "Timed repetitions per case (the median is reported).")
    var repetitions: Int = 5

    @Option(help: "Rows per scored batch.")
    var rows: Int = 1024

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Labeled data for the pipeline cases (default: generated).", valueName: "path"))
    var corpus: String?

    @Option(help: "Megabytes of generated text for the pipeline cases.")
    var megabytes: Double = 20

    @Option(help: "Word n-grams 1...N for the pipeline cases (TF-IDF + multinomial NB).")
    var ngrams: Int = 2

    @Option(help: "Threads for the multi-threaded training case (default: all cores, at most 8).")
    var threads: Int?

    @Flag(help: "Print only JSON lines.")
    var json = false

    func validate() throws {
        guard megabytes > 0 && megabytes <= 4096 else { throw ValidationError("--megabytes must be in (0, 4096]") }
        guard (1 ... 8).contains(ngrams) else { throw ValidationError("--ngrams must be between 1 and 8") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
        guard pause >= 0 && pause <= 60 else { throw ValidationError("--pause must be between 0 and 60 seconds, got \(pause)") }
    }

    func run() throws {
        if scoringCrossover { runScoringCrossover() }
        if similar { runSimilar() }
        if coldStart { try runColdStartOnly() }
        if !scoringCrossover && !similar && !coldStart { try Failure.guarding { try runPipeline() } }
    }

    /// The table header, the same for every case.
    static let tableHeader = "case                        median s     min s      MB/s  check"

    /// Prints a case's JSON line and returns its table row.
    func emit(_ name: String, median: Double, minimum: Double, repetitions: Int, bytes: Int, documents: Int?,
              failure: String?, extra: [(String, JSONText)] = []) -> String {
        let rate = bytes == 0 ? 0 : Double(bytes) / 1e6 / median
        var members: [(String, JSONText)] = [
            ("case", .string(name)), ("median_seconds", .number(median)), ("min_seconds", .number(minimum)),
            ("repetitions", .integer(repetitions)), ("bytes", .integer(bytes)), ("mb_per_second", .number(rate)),
        ]
        if let documents { members.append(("documents", .integer(documents))) }
        members.append(("check", .string(failure ?? "ok")))
        print(JSONText.object(members + extra).text)
        return name.padding(toLength: 26, withPad: " ", startingAt: 0)
            + String(format: "  %9.4f  %9.4f  %8.1f  %@", median, minimum, rate, failure ?? "ok")
    }

    /// Runs the cold-start case: its table row and note, and whether its check failed. A missing
    /// model or seed skips it (a JSON line with "skipped", a note), which is not a failure.
    func runColdStart() -> (rows: [String], failed: Bool) {
        let coldStart: ColdStartCase
        switch ColdStartCase.locate(repetitions: max(20, repetitions), pause: pause) {
        case .success(let found): coldStart = found
        case .failure(let reason):
            print(JSONText.object([("case", .string(ColdStartCase.name)), ("skipped", .string(reason.text))]).text)
            return (["\(ColdStartCase.name): skipped: \(reason.text); run from the package folder "
                + "(or with the executable under it) to measure it"], false)
        }
        let (times, bytes, failure) = coldStart.run()
        guard let minimum = times.first else {
            let failure = failure ?? "no runs"
            return ([emit(ColdStartCase.name, median: 0, minimum: 0, repetitions: 0, bytes: bytes, documents: nil, failure: failure)], true)
        }
        let median = times[times.count / 2]
        let met = median < ColdStartCase.target
        let row = emit(
            ColdStartCase.name, median: median, minimum: minimum, repetitions: times.count, bytes: bytes, documents: nil,
            failure: failure,
            extra: [("warmup", .integer(ColdStartCase.warmup)), ("pause_seconds", .number(pause)),
                    ("target_seconds", .number(ColdStartCase.target)), ("median_meets_target", .bool(met))])
        let idle = pause > 0 ? ", \(String(format: "%g", pause)) s idle before each" : ""
        let note = "cold start (`stance classify \(ColdStartCase.seed)` spawned, start to exit, \(times.count) runs\(idle)): "
            + "median \(String(format: "%.1f", median * 1000)) ms, min \(String(format: "%.1f", minimum * 1000)) ms; "
            + "target \(Int(ColdStartCase.target * 1000)) ms \(met ? "met" : "NOT met")"
        return ([row, note], failure != nil)
    }

    func runColdStartOnly() throws {
        let (rows, failed) = runColdStart()
        if !json { Terminal.error(([Self.tableHeader] + rows).joined(separator: "\n")) }
        if failed { throw ExitCode(Failure.Code.data.rawValue) }
    }

    func runPipeline() throws {
        let data: LabeledCorpus
        if let corpus {
            data = try CorpusReader.read(path: corpus)
        } else {
            data = SyntheticCorpus.generate(megabytes: megabytes, seed: seed)
        }
        var options = TrainingOptions()
        options.vectorizer.tokenizer.wordNGrams = 1 ... ngrams
        let trainerThreads = CorpusTrainer(threads: threads).threads
        var table = [Self.tableHeader]
        var failures = 0
        func emit(_ name: String, median: Double, minimum: Double, bytes: Int, failure: String?) {
            table.append(self.emit(name, median: median, minimum: minimum, repetitions: repetitions, bytes: bytes,
                                   documents: data.count, failure: failure))
            if failure != nil { failures += 1 }
        }
        try PipelineBenchmark(corpus: data, options: options, repetitions: repetitions, threads: trainerThreads).run { r in
            emit(r.name, median: r.median, minimum: r.minimum, bytes: r.bytes, failure: r.failure)
        }
        // Classifying the seed article with the shipped model, loading included.
        if let modelPath = try? ModelLocator.shippedModel() {
            let seedPath = URL(fileURLWithPath: modelPath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("seeds/000_ff11f20161483f68.txt").path
            if let article = try? String(contentsOfFile: seedPath, encoding: .utf8) {
                var labels: [Prediction] = []
                let times = BenchmarkClock.measure(warmup: 1, repetitions: repetitions) {
                    guard let model = try? TextClassifier.load(from: modelPath) else { return }
                    let sentences = SentenceSplitter().split(article).filter { $0.kind == .content }
                    labels = model.classify(TextBatch(sentences.map(\.text)))
                    BlackHole.consume(labels.count)
                }
                emit("classify-seed-article", median: times[times.count / 2], minimum: times[0], bytes: article.utf8.count,
                     failure: labels.count == 24 ? nil : "expected 24 sentences, got \(labels.count)")
            }
        }
        let (coldStartRows, coldStartFailed) = runColdStart()
        table += coldStartRows
        if coldStartFailed { failures += 1 }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        table.append("documents \(data.count), \(String(format: "%.1f", Double(data.texts.bytes.count) / 1e6)) MB, "
            + "\(trainerThreads) threads, peak RSS \(usage.ru_maxrss / 1024) MB")
        if !json { Terminal.error(table.joined(separator: "\n")) }
        if failures > 0 { throw ExitCode(Failure.Code.data.rawValue) }
    }

    func runSimilar() {
        var table = ["sentences  rank  queries  top   gemm ms    loop ms   gemm speed-up  same neighbours"]
        for rows in [2_500, 25_000] {
            for dimension in [150, 300] {
                for queries in [1, 16, 256] {
                    let point = SimilarityBenchmark.measure(
                        rows: rows, dimension: dimension, queries: queries, seed: seed, repetitions: repetitions)
                    print(JSONText.object([
                        ("case", .string("similar")), ("rows", .integer(point.rows)),
                        ("dimension", .integer(point.dimension)), ("queries", .integer(point.queries)),
                        ("top", .integer(point.count)), ("gemm_seconds", .number(point.gemmSeconds)),
                        ("loop_seconds", .number(point.loopSeconds)), ("gemm_speedup", .number(point.gemmSpeedup)),
                        ("same_neighbours", .bool(point.agree)),
                    ]).text)
                    table.append(
                        "\(String(rows).leftPadded(9))  \(String(dimension).leftPadded(4))  \(String(queries).leftPadded(7))  "
                            + "\(String(point.count).leftPadded(3))  \(String(format4: point.gemmSeconds * 1000).leftPadded(9))  "
                            + "\(String(format4: point.loopSeconds * 1000).leftPadded(9))  "
                            + "\(String(format4: point.gemmSpeedup).leftPadded(14))  \(point.agree)")
                }
            }
        }
        if !json { Terminal.error(table.joined(separator: "\n")) }
    }

    func runScoringCrossover() {
        var table = ["classes  features  density   sparse ms   dense ms   dense speed-up  max |diff|"]
        for classes in [2, 3, 20] {
            for features in [2_000, 20_000] {
                for density in [0.001, 0.01, 0.05, 0.1, 0.3, 0.6, 1.0] {
                    let point = ScoringCrossover.measure(
                        rows: rows, features: features, classes: classes, density: density, seed: seed,
                        repetitions: repetitions)
                    print(JSONText.object([
                        ("case", .string("scoring-crossover")), ("rows", .integer(point.rows)),
                        ("features", .integer(point.features)), ("classes", .integer(point.classes)),
                        ("density", .number(point.density)), ("sparse_seconds", .number(point.sparseSeconds)),
                        ("dense_seconds", .number(point.denseSeconds)), ("dense_speedup", .number(point.denseSpeedup)),
                        ("max_abs_difference", .number(point.maxDifference)),
                    ]).text)
                    table.append(
                        "\(String(classes).leftPadded(7))  \(String(features).leftPadded(8))  "
                            + "\(String(density).leftPadded(7))  \(String(format4: point.sparseSeconds * 1000).leftPadded(10))  "
                            + "\(String(format4: point.denseSeconds * 1000).leftPadded(9))  "
                            + "\(String(format4: point.denseSpeedup).leftPadded(15))  \(point.maxDifference)")
                }
            }
        }
        if !json { Terminal.error(table.joined(separator: "\n")) }
    }
}
