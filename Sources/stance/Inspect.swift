import ArgumentParser
import StanceKit

/// `stance inspect`: what a model is made of and which n-grams drive each class.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a model's options, vocabulary size, training counts and most indicative n-grams per class.",
        discussion: "A feature's score for class c is ln P(w|c) - ln P(w|not c) from the training counts "
            + "smoothed with the model's alpha (document shares for Bernoulli models); character n-grams are "
            + "shown as [gram].")

    @Option(help: ArgumentHelp("The model (default: the shipped Models/stance.model).", valueName: "path"))
    var model: String?

    @Option(help: "How many n-grams to list per class.")
    var top: Int = 10

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() throws {
        try Failure.guarding {
            let path = try model ?? ModelLocator.shippedModel()
            let inspection = ModelInspection(model: try TextClassifier.load(from: path), top: top)
            print(json ? inspection.json.text : "model: \(path)\n" + inspection.table(), terminator: json ? "\n" : "")
        }
    }
}
