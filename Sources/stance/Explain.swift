import ArgumentParser
import StanceKit

/// Output formats of `stance explain`.
enum ExplainFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl
}

/// `stance explain`: why each sentence got its label.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each feature's contribution to each class's score, and the evidence for and against the label.",
        discussion: "Every model scores a sentence as bias + sum_j x_j W[c, j]; explain lists each word n-gram and "
            + "character n-gram of the sentence with x_j W[c, j] per class, and these plus the bias add up to the "
            + "model's joint log-likelihood. Evidence for the label: features whose contribution to the label "
            + "exceeds their largest contribution to another class; evidence against: the reverse. The text output "
            + "marks them in the sentence ({+for+}, [-against-], or colour on a terminal unless NO_COLOR is set).")

    @Option(help: ArgumentHelp("The model (default: the shipped Models/stance.model).", valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("Explain the sentences of this article (- for standard input).", valueName: "path"))
    var file: String?

    @Flag(help: "With --file: treat each non-empty line as one sentence instead of splitting an article.")
    var sentences = false

    @Option(help: "Output: text (highlighted sentence, evidence, contribution table) or jsonl (the numbers).")
    var format: ExplainFormat = .text

    @Option(help: "How many features to cite as evidence for and against the label.")
    var top: Int = 5

    @Argument(help: ArgumentHelp("Sentences to explain, each as given.", valueName: "sentence"))
    var texts: [String] = []

    func validate() throws {
        guard (file == nil) != texts.isEmpty else {
            throw ValidationError("give sentences as arguments or --file PATH (one of the two)")
        }
        if sentences && file == nil { throw ValidationError("--sentences applies to --file") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() throws {
        try Failure.guarding {
            let classifier = try TextClassifier.load(from: try model ?? ModelLocator.shippedModel())
            var units = texts
            if let file {
                let text = try InputText.read(file, format: .auto).text
                units = (sentences ? SentenceUnits.lines(of: text) : SentenceUnits.article(text, keepNonContent: false))
                    .map(\.text)
            }
            var writer = ExplanationWriter(format: format, color: Terminal.colorAllowed)
            let neighbours: (any NeighbourProvider)? = classifier.semanticSpace == nil ? nil : SemanticNeighbours(model: classifier)
            for (index, explanation) in classifier.explain(units, top: top, neighbours: neighbours).enumerated() {
                writer.write(explanation, index: index)
            }
            writer.flush()
        }
    }
}
