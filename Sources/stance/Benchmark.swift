import ArgumentParser
import StanceKit

/// `stance benchmark`: measurements in a release build, as JSON lines and a table.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the scoring paths and the neighbour search (build with -c release).",
        discussion: "--scoring-crossover times the sparse SIMD path against the dense OpenBLAS GEMM path "
            + "over a grid of shapes and prints, per shape, the speed-up of the dense path; "
            + "LinearScorer.denseCrossoverDensity is set from this measurement. --similar times the "
            + "nearest-neighbour search of `stance similar` (one GEMM per batch of queries) against a plain "
            + "loop of dot products over the same random unit embeddings, for training sentences x rank x queries.")

    @Flag(help: "Measure the sparse/dense scoring crossover.")
    var scoringCrossover = false

    @Flag(help: "Measure the GEMM neighbour search against a plain loop.")
    var similar = false

    @Option(help: "Timed repetitions per case (the median is reported).")
    var repetitions: Int = 5

    @Option(help: "Rows per scored batch.")
    var rows: Int = 1024

    @Option(help: "Seed of the generated data.")
    var seed: UInt64 = 42

    @Flag(help: "Print only JSON lines.")
    var json = false

    func validate() throws {
        guard scoringCrossover || similar else {
            throw ValidationError("choose a benchmark: --scoring-crossover or --similar")
        }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
    }

    func run() throws {
        if scoringCrossover { runScoringCrossover() }
        if similar { runSimilar() }
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
