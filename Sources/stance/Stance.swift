import ArgumentParser
import StanceKit

/// The `stance` command: train, evaluate and apply naive Bayes stance classifiers.
@main
struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "Train, evaluate and apply TF-IDF + naive Bayes text classifiers.",
        subcommands: []
    )
}
