import ArgumentParser
import StanceKit

/// Output formats of `stance similar`.
enum SimilarFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl
}

/// `stance similar`: the training sentences nearest to each query in the model's latent
/// semantic space.
struct Similar: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the training sentences nearest to each text, with their labels and similarities.",
        discussion: "The model must carry a latent semantic space (stance train --lsa-rank R). Texts are "
            + "embedded as their TF-IDF rows projected on the top R right singular vectors of the training "
            + "matrix, scaled to unit length; similarity is the cosine, and all queries are compared with all "
            + "training sentences in one matrix product. A text with none of the model's terms has no neighbours.")

    @Option(help: ArgumentHelp("The model (default: the shipped Models/stance.model).", valueName: "path"))
    var model: String?

    @Option(help: "Number of neighbours per text.")
    var top: Int = 5

    @Option(help: "Output: text (a block per query) or jsonl (one object per query).")
    var format: SimilarFormat = .text

    @Option(help: ArgumentHelp("Also read texts from a file, one per non-empty line (- for standard input).",
                               valueName: "path"))
    var file: String?

    @Argument(help: "Texts to look up.")
    var texts: [String] = []

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard !texts.isEmpty || file != nil else { throw ValidationError("give texts as arguments or --file PATH") }
    }

    func run() throws {
        try Failure.guarding {
            let path = try model ?? ModelLocator.shippedModel()
            let classifier = try TextClassifier.load(from: path)
            guard classifier.semanticSpace != nil else {
                throw InputError(
                    description: "\(path): the model has no latent semantic space; "
                        + "retrain it with `stance train ... --lsa-rank 150` and pass it with --model",
                    code: .data)
            }
            var queries = texts
            if let file { queries += SentenceUnits.lines(of: try InputText.read(file, format: .auto).text).map(\.text) }
            let found = try classifier.nearest(to: TextBatch(queries), count: top)
            var output = ""
            for (number, (query, neighbours)) in zip(queries, found).enumerated() {
                switch format {
                case .jsonl:
                    output += JSONText.object([
                        ("query", .string(query)),
                        ("neighbours", .array(neighbours.enumerated().map { rank, neighbour in
                            .object([
                                ("rank", .integer(rank + 1)), ("index", .integer(neighbour.index)),
                                ("similarity", .number(Double(neighbour.similarity.description) ?? 0)),
                                ("label", .string(neighbour.label)), ("text", .string(neighbour.text)),
                            ])
                        })),
                    ]).text + "\n"
                case .text:
                    if number > 0 { output += "\n" }
                    output += "query \(number + 1): \(query)\n"
                    if neighbours.isEmpty { output += "   (none of the model's terms: no neighbours)\n" }
                    let width = classifier.classes.map(\.count).max() ?? 0
                    for (rank, neighbour) in neighbours.enumerated() {
                        output += String(rank + 1).leftPadded(4) + "  " + String(format4: Double(neighbour.similarity))
                            + "  " + neighbour.label.padding(toLength: width, withPad: " ", startingAt: 0)
                            + "  " + neighbour.text + "\n"
                    }
                }
            }
            print(output, terminator: "")
        }
    }
}
