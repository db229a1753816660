/// Vocabulary selection and idf from corpus statistics, shared by `Vectorizer.fit` and the
/// chunked trainer so both give the same vectorizer for the same data.
enum VocabularyPruning {
    /// The ids of `vocabulary` to keep, in sorted-term order: `minDF <= df <= maxDF * n`, then the
    /// `maxFeatures` with the highest `totals` (ties to the term that sorts first).
    static func keptIDs(
        vocabulary: Vocabulary, documentFrequencies df: [Int32], totals: [Double], documents n: Int,
        options: VectorizerOptions
    ) throws(VectorizerError) -> [Int32] {
        guard vocabulary.count > 0 else { throw .noTokens }
        let maxDocumentCount = options.maxDF * Double(n)
        var kept = vocabulary.idsSortedByTerm().filter { id in
            let d = Int(df[Int(id)])
            return d >= options.minDF && Double(d) <= maxDocumentCount
        }
        guard !kept.isEmpty else {
            throw .emptyVocabularyAfterPruning(minDF: options.minDF, maxDF: options.maxDF, documents: n)
        }
        if let limit = options.maxFeatures, kept.count > limit {
            let order = kept.indices.sorted { a, b in
                let ta = totals[Int(kept[a])], tb = totals[Int(kept[b])]
                return ta != tb ? ta > tb : a < b
            }
            kept = order.prefix(limit).sorted().map { kept[$0] }
        }
        return kept
    }

    /// `idf(t) = ln((1 + n) / (1 + df)) + 1` (smooth) or `ln(n / df) + 1`, for the kept ids; empty
    /// unless the weighting is TF-IDF.
    static func idf(kept: [Int32], documentFrequencies df: [Int32], documents n: Int, options: VectorizerOptions)
        -> [Double]
    {
        guard options.weighting == .tfidf else { return [] }
        let total = Double(n)
        return kept.map { id in
            let d = Double(df[Int(id)])
            return options.smoothIDF ? log((1 + total) / (1 + d)) + 1 : log(total / d) + 1
        }
    }

    /// The fitted vectorizer for the kept ids.
    static func vectorizer(
        vocabulary: Vocabulary, documentFrequencies df: [Int32], totals: [Double], documents n: Int,
        options: VectorizerOptions
    ) throws(VectorizerError) -> (vectorizer: Vectorizer, kept: [Int32]) {
        let kept = try keptIDs(vocabulary: vocabulary, documentFrequencies: df, totals: totals, documents: n, options: options)
        let idf = idf(kept: kept, documentFrequencies: df, documents: n, options: options)
        return (Vectorizer(options: options, vocabulary: vocabulary.selecting(kept), idf: idf), kept)
    }
}

#if canImport(Glibc)
import Glibc
#endif
