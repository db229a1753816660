import ArgumentParser
import Foundation
import StanceKit

/// `stance search`: cross-validated search over training options.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cross-validated search over classifier, features, n-grams, alpha, min-df, sublinear tf and character n-grams.",
        discussion: "Every candidate is scored by stratified K-fold cross-validation on the same folds (the "
            + "vectorizer fitted on each training part only) and ranked by mean macro-F1, then mean accuracy. "
            + "The full grid: multinomial, complement and Bernoulli (binary features only) naive Bayes; tfidf "
            + "(with and without sublinear tf), counts and binary features; word n-grams up to 1, 2 and 3; alpha "
            + "0.1, 0.3 and 1.0; min-df 1 and 2; no character n-grams, 2-4 and 3-5 (486 candidates). --quick: alpha "
            + "0.3 and 1.0, min-df 1, no character n-grams (54 candidates).")

    @OptionGroup var data: DataFlags

    @Option(help: "Number of folds (at least 2).")
    var folds: Int = 5

    @Option(help: "Seed of the fold shuffle.")
    var seed: UInt64 = 0

    @Flag(help: "Search the small grid (54 candidates) instead of the full one (486).")
    var quick = false

    @Option(help: "Rows of the ranked table to print (0: all).")
    var top: Int = 20

    @Flag(help: "Print one JSON object (every candidate, ranked) instead of the table.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
        guard top >= 0 else { throw ValidationError("--top must be >= 0, got \(top)") }
    }

    func run() throws {
        try Failure.guarding {
            let corpus = try data.read()
            let grid: OptionSearch.Grid = quick ? .quick : .full
            let showProgress = Terminal.stderrIsTerminal
            let results = try OptionSearch.run(corpus: corpus, grid: grid, folds: folds, seed: seed) { done, total in
                if showProgress { Terminal.progress("search", fraction: Double(done) / Double(total)) }
            }
            var command = ["stance", "train"] + data.paths.flatMap { ["--data", $0] }
            if data.format != .auto { command += ["--format", data.format.rawValue] }
            command += ["--output", "stance.model"]
            if let best = results.first { command += TrainingFlags.arguments(for: best.options) }
            if json {
                print(JSONText.object([
                    ("folds", .integer(folds)), ("seed", .string(String(seed))), ("examples", .integer(corpus.count)),
                    ("candidates", .integer(results.count)),
                    ("ranking", .array(results.map { result in
                        .object([
                            ("rank", .integer(result.rank)),
                            ("flags", .string(TrainingFlags.arguments(for: result.options).joined(separator: " "))),
                            ("macro_f1", .number(result.summary.meanMacroF1)),
                            ("macro_f1_std", .number(result.summary.macroF1StandardDeviation)),
                            ("accuracy", .number(result.summary.meanAccuracy)),
                            ("accuracy_std", .number(result.summary.accuracyStandardDeviation)),
                        ])
                    })),
                    ("command", .string(command.joined(separator: " "))),
                ]).text)
                return
            }
            var text = "\(folds)-fold cross-validation of \(results.count) candidates on \(corpus.count) examples "
                + "(seed \(seed)), ranked by mean macro-F1\n"
            text += "rank  macro-F1 ± std     accuracy ± std     options\n"
            for result in top == 0 ? results[...] : results.prefix(top) {
                let s = result.summary
                text += String(result.rank).leftPadded(4) + "  "
                    + String(format: "%.4f ± %.4f    %.4f ± %.4f    ", s.meanMacroF1, s.macroF1StandardDeviation,
                             s.meanAccuracy, s.accuracyStandardDeviation)
                    + TrainingFlags.arguments(for: result.options).joined(separator: " ") + "\n"
            }
            text += "\nbest: " + command.joined(separator: " ")
            print(text)
        }
    }
}
