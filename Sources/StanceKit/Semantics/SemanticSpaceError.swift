/// Problems fitting or using a latent semantic space. Each message says what is wrong and ends
/// with how to fix it.
public enum SemanticSpaceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An option is out of range (the message names it and its value).
    case invalidOption(String)
    /// There are no sentences (or no features) to decompose.
    case noExamples
    /// The number of texts and labels differ.
    case lengthMismatch(texts: Int, labels: Int)
    /// A label is not one of the model's classes.
    case unknownLabel(String, known: [String])
    /// LAPACK's `sgesdd` did not converge.
    case didNotConverge(rank: Int)
    /// The model carries no latent semantic space.
    case noSemanticSpace

    public var description: String {
        switch self {
        case .invalidOption(let message):
            return "\(message); see --help for the allowed values"
        case .noExamples:
            return "no sentences or no features to build a latent semantic space from; check the training data"
        case .lengthMismatch(let texts, let labels):
            return "got \(texts) texts but \(labels) labels; give one label per text"
        case .unknownLabel(let label, let known):
            return "label \"\(label)\" is not one of the model's classes (\(known.joined(separator: ", "))); "
                + "fit the semantic space on the model's training data"
        case .didNotConverge(let rank):
            return "the singular value decomposition (rank \(rank)) did not converge; "
                + "try another --lsa-rank or --seed"
        case .noSemanticSpace:
            return "the model has no latent semantic space; retrain it with `stance train ... --lsa-rank 150`"
        }
    }
}
