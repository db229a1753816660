/// A training sentence near an explained text.
public struct Neighbour: Sendable, Equatable {
    /// The training sentence.
    public let text: String
    /// Its label.
    public let label: String
    /// How close it is (for cosine similarity in a latent space: in -1...1, larger is nearer).
    public let similarity: Double

    /// A neighbour from its parts.
    public init(text: String, label: String, similarity: Double) {
        self.text = text
        self.label = label
        self.similarity = similarity
    }
}

/// Finds the training sentences nearest to given texts, for `TextClassifier.explain`.
///
/// The explanation itself needs only the model's weights; neighbours need an embedding of the
/// training sentences (such as a latent semantic space), which a model may or may not carry.
/// Anything that can answer "the `count` nearest training sentences of each text" conforms.
public protocol NeighbourProvider: Sendable {
    /// The `count` nearest training sentences of each text, nearest first; one list per text.
    func neighbours(of texts: TextBatch, count: Int) -> [[Neighbour]]
}
