/// Nearest neighbours by cosine similarity among unit-length embeddings.
///
/// Both functions take row-major matrices `dimension` wide: `queries` (`q x dimension`) and
/// `embeddings` (`n x dimension`), every row of unit length or zero, so the cosine similarity of
/// query `a` and row `b` is the dot product `Q[a] · E[b]`. They return, per query, the `k` rows
/// with the largest similarity, best first (`TopK`: higher score, then lower index).
public enum NeighbourSearch {
    /// At most this many similarities are held at once (32 MB): queries are taken in blocks of
    /// `max(1, similarityBudget / n)` rows.
    public static let similarityBudget = 1 << 23

    /// The similarities of a block of queries against all rows are one GEMM,
    /// `S = Q Eᵀ` (`block x dimension` times `dimension x n`, `sgemm` with `Eᵀ`), followed by a
    /// partial selection of each row of `S`. A batch of up to `similarityBudget / n` queries is
    /// one GEMM.
    public static func gemm(
        queries: [Float], embeddings: [Float], dimension: Int, count k: Int, similarityBudget: Int = similarityBudget
    ) -> [[ScoredIndex]] {
        let (q, n) = shapes(queries: queries, embeddings: embeddings, dimension: dimension)
        var result: [[ScoredIndex]] = []
        result.reserveCapacity(q)
        guard q > 0 else { return result }
        let block = max(1, min(q, similarityBudget / max(1, n)))
        var similarities = [Float](repeating: 0, count: block * n)
        queries.withUnsafeBufferPointer { queries in
            embeddings.withUnsafeBufferPointer { embeddings in
                similarities.withUnsafeMutableBufferPointer { s in
                    var first = 0
                    while first < q {
                        let rows = min(block, q - first)
                        if n > 0 {
                            BLAS.gemm(
                                m: rows, n: n, k: dimension, a: queries.baseAddress! + first * dimension,
                                b: embeddings.baseAddress!, transposeB: true, c: s.baseAddress!)
                        }
                        for row in 0 ..< rows {
                            result.append(TopK.select(UnsafeBufferPointer(rebasing: s[row * n ..< (row + 1) * n]), count: k))
                        }
                        first += rows
                    }
                }
            }
        }
        return result
    }

    /// The same neighbours by a plain loop: one scalar dot product per (query, row), then the
    /// same selection. The reference the GEMM path is measured and tested against.
    public static func loop(queries: [Float], embeddings: [Float], dimension: Int, count k: Int) -> [[ScoredIndex]] {
        let (q, n) = shapes(queries: queries, embeddings: embeddings, dimension: dimension)
        var row = [Float](repeating: 0, count: n)
        return queries.withUnsafeBufferPointer { queries in
            embeddings.withUnsafeBufferPointer { embeddings in
                row.withUnsafeMutableBufferPointer { row in
                    (0 ..< q).map { a in
                        let query = queries.baseAddress! + a * dimension
                        for b in 0 ..< n {
                            let embedding = embeddings.baseAddress! + b * dimension
                            var dot: Float = 0
                            for c in 0 ..< dimension { dot += query[c] * embedding[c] }
                            row[b] = dot
                        }
                        return TopK.select(UnsafeBufferPointer(row), count: k)
                    }
                }
            }
        }
    }

    private static func shapes(queries: [Float], embeddings: [Float], dimension: Int) -> (queries: Int, rows: Int) {
        precondition(dimension >= 1, "neighbour search: dimension \(dimension) must be at least 1")
        precondition(queries.count % dimension == 0 && embeddings.count % dimension == 0,
                     "neighbour search: \(queries.count) query and \(embeddings.count) embedding values "
                        + "are not multiples of dimension \(dimension)")
        return (queries.count / dimension, embeddings.count / dimension)
    }
}
