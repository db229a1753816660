/// Finds the training sentences nearest to given texts, for `TextClassifier.explain`.
///
/// The explanation itself needs only the model's weights; neighbours need an embedding of the
/// training sentences (such as a latent semantic space), which a model may or may not carry.
/// Anything that can answer "the `count` nearest training sentences of each text" conforms.
public protocol NeighbourProvider: Sendable {
    /// The `count` nearest training sentences of each text, nearest first; one list per text.
    func neighbours(of texts: TextBatch, count: Int) -> [[Neighbour]]
}

/// Neighbours from a model's latent semantic space (`TextClassifier.nearest`); none when the
/// model was trained without one.
public struct SemanticNeighbours: NeighbourProvider {
    /// The model whose semantic space is searched.
    public let model: TextClassifier

    /// Neighbours from `model`'s semantic space.
    public init(model: TextClassifier) {
        self.model = model
    }

    public func neighbours(of texts: TextBatch, count: Int) -> [[Neighbour]] {
        guard model.semanticSpace != nil, let found = try? model.nearest(to: texts, count: count) else {
            return Array(repeating: [], count: texts.count)
        }
        return found
    }
}
