/// A training sentence near a query in the latent semantic space.
public struct Neighbour: Sendable, Equatable {
    /// The sentence's position among the training sentences (0-based, in training order).
    public let index: Int
    /// The training sentence.
    public let text: String
    /// Its training label.
    public let label: String
    /// The cosine of the angle between the query's and the sentence's embeddings, in [-1, 1].
    public let similarity: Float

    /// A neighbour with the given values.
    public init(index: Int, text: String, label: String, similarity: Float) {
        self.index = index
        self.text = text
        self.label = label
        self.similarity = similarity
    }
}

/// A row index with its score, as the neighbour search returns them.
public struct ScoredIndex: Sendable, Equatable {
    /// The row.
    public let index: Int
    /// Its score (a cosine similarity).
    public let score: Float

    /// A scored index.
    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }

    /// Ranking order: the higher score first, the lower index on equal scores.
    @inline(__always)
    static func ranksBefore(_ a: ScoredIndex, _ b: ScoredIndex) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }
}
