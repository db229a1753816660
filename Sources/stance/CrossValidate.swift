import ArgumentParser
import StanceKit

/// `stance cross-validate`: stratified K-fold cross-validation.
struct CrossValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cross-validate",
        abstract: "Stratified K-fold cross-validation: mean and spread of accuracy and macro-F1, pooled confusion matrix.")

    @OptionGroup var data: DataFlags

    @Option(help: "Number of folds (at least 2).")
    var folds: Int = 10

    @OptionGroup var training: TrainingFlags

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2, got \(folds)") }
    }

    func run() throws {
        try Failure.guarding {
            let corpus = try data.read()
            let options = try training.trainingOptions()
            let summary = try CrossValidation.run(corpus: corpus, options: options, folds: folds, limits: training.limits)
            print(json ? summary.json() : summary.table(digits: 4))
        }
    }
}
