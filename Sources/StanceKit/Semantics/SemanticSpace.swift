/// A latent semantic space (LSA; Deerwester et al., "Indexing by latent semantic analysis",
/// JASIS 41(6), 1990) over a model's vocabulary, with the training sentences embedded in it.
///
/// Features are the model's terms weighted by TF-IDF whatever the classifier's own weighting:
/// smooth idf `ln((1 + n) / (1 + df)) + 1` over the `n` training sentences, the model's
/// sublinear-tf choice, rows scaled to unit l2 norm. With `X` that `n x V` training matrix and
/// `X ≈ U_R Σ_R V_Rᵀ` its truncated SVD (`TruncatedSVD`), a text with feature row `x` is
/// embedded as `e = x V_R / ||x V_R||` (zero when `x V_R = 0`).
///
/// The projection is `V_R` (the right singular vectors), not `V_R Σ_R⁻¹`: a training row then
/// lands on `u_i Σ_R`, exactly scikit-learn's `TruncatedSVD.transform`, and each latent
/// direction counts in the cosine in proportion to its singular value, so the few strong
/// directions, not the many weak ones, decide which sentences are close. `Σ_R⁻¹` (the classic
/// "folding-in" to `U` coordinates) weighs all `R` directions equally. Measured on the stance
/// corpus (train -> 537 dev sentences, scikit-learn, same label as the nearest neighbour / as the
/// 5-neighbour vote): at R = 150, `V_R` 0.739 / 0.773 and `V_R Σ_R⁻¹` 0.741 / 0.780, a difference
/// of 1 and 4 sentences; at R = 50 and 300 `Σ_R⁻¹` was 0.6-2.4 points ahead on the vote and
/// within 1.3 on the nearest neighbour. No clear winner, so `V_R` stays for the reason above.
/// Training sentences are embedded with the same formula as queries, so a training sentence
/// given as a query finds itself with similarity 1.
public struct SemanticSpace: Sendable {
    /// The options it was fitted with (`rank` is the rank asked for).
    public let options: TruncatedSVD.Options
    /// Turns texts into the TF-IDF rows `x` (the model's vocabulary and tokenizer).
    public let vectorizer: Vectorizer
    /// `σ_1 >= ... >= σ_R` of the training matrix.
    public let singularValues: [Float]
    /// `V_R`, `featureCount x rank`, row-major.
    public let projection: [Float]
    /// The training sentences' embeddings, `count x rank`, row-major, unit rows (or zero).
    public let embeddings: [Float]
    /// The training sentences, in training order.
    public let texts: TextBatch
    /// Their labels.
    public let labels: [String]

    /// A space from its parts (used by `fit` and the model reader); the shapes are checked.
    public init(options: TruncatedSVD.Options, vectorizer: Vectorizer, singularValues: [Float], projection: [Float],
                embeddings: [Float], texts: TextBatch, labels: [String]) {
        let rank = singularValues.count
        precondition(rank >= 1, "a semantic space needs rank >= 1")
        precondition(projection.count == vectorizer.featureCount * rank,
                     "projection has \(projection.count) values, expected \(vectorizer.featureCount) x \(rank)")
        precondition(labels.count == texts.count, "labels \(labels.count) != texts \(texts.count)")
        precondition(embeddings.count == texts.count * rank,
                     "embeddings have \(embeddings.count) values, expected \(texts.count) x \(rank)")
        self.options = options
        self.vectorizer = vectorizer
        self.singularValues = singularValues
        self.projection = projection
        self.embeddings = embeddings
        self.texts = texts
        self.labels = labels
    }

    /// The dimension `R` of the space.
    public var rank: Int { singularValues.count }
    /// The number of training sentences.
    public var count: Int { texts.count }
    /// The number of features (the model's vocabulary).
    public var featureCount: Int { vectorizer.featureCount }

    /// The embeddings of `texts`, `texts.count x rank`, row-major: `x V_R` scaled to unit length
    /// (left at zero for a text with none of the model's terms).
    public func embed(_ texts: TextBatch) -> [Float] {
        var embedded = vectorizer.transform(texts).multiplied(byRowMajor: projection, columns: rank)
        Self.normalizeRows(&embedded, width: rank)
        return embedded
    }

    /// The `count` training sentences nearest to each text, most similar first (fewer when the
    /// space holds fewer sentences; none for a text with none of the model's terms). The
    /// similarities of the whole batch are one GEMM (`NeighbourSearch.gemm`).
    public func nearest(to texts: TextBatch, count: Int) -> [[Neighbour]] {
        precondition(count >= 0, "nearest(to:count:) needs count >= 0, got \(count)")
        let queries = embed(texts)
        let found = NeighbourSearch.gemm(queries: queries, embeddings: embeddings, dimension: rank, count: count)
        return found.enumerated().map { query, scored in
            let offset = query * rank
            guard (0 ..< rank).contains(where: { queries[offset + $0] != 0 }) else { return [] }
            return scored.map { Neighbour(index: $0.index, text: self.texts[$0.index], label: labels[$0.index], similarity: $0.score) }
        }
    }

    /// Scales each row of the row-major `matrix` (`width` wide) to unit l2 norm; zero rows stay zero.
    static func normalizeRows(_ matrix: inout [Float], width: Int) {
        guard width > 0 else { return }
        matrix.withUnsafeMutableBufferPointer { m in
            for start in stride(from: 0, to: m.count, by: width) {
                var sum: Double = 0
                for c in start ..< start + width { sum += Double(m[c]) * Double(m[c]) }
                guard sum > 0 else { continue }
                let scale = Float(1 / sum.squareRoot())
                for c in start ..< start + width { m[c] *= scale }
            }
        }
    }
}
