#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SemanticSpace {
    /// The vectorizer options of the space's features for a model whose vectorizer has
    /// `options`: the same tokenizer and sublinear tf, TF-IDF with smooth idf, l2 rows.
    public static func featureOptions(for options: VectorizerOptions) -> VectorizerOptions {
        VectorizerOptions(tokenizer: options.tokenizer, weighting: .tfidf, sublinearTF: options.sublinearTF,
                          smoothIDF: true, norm: .l2)
    }

    /// Fits a space on `texts` (normally the model's training sentences) with their `labels`,
    /// over the vocabulary and tokenizer of `model`: counts the terms, computes the smooth idf
    /// over these texts, decomposes the TF-IDF matrix (`TruncatedSVD`) and embeds every text.
    public static func fit(
        texts: TextBatch, labels: [String], vocabularyOf model: Vectorizer, options: TruncatedSVD.Options
    ) throws(SemanticSpaceError) -> SemanticSpace {
        try options.validate()
        guard texts.count == labels.count else { throw .lengthMismatch(texts: texts.count, labels: labels.count) }
        guard texts.count > 0, model.featureCount > 0 else { throw .noExamples }
        let counting = Vectorizer(
            options: VectorizerOptions(tokenizer: model.options.tokenizer, weighting: .counts, norm: RowNorm.none),
            vocabulary: model.vocabulary, idf: [])
        var matrix = counting.transform(texts)
        var df = [Int](repeating: 0, count: model.featureCount)
        for column in matrix.columns { df[Int(column)] += 1 }
        let n = Double(texts.count)
        let idf = df.map { log((1 + n) / (1 + Double($0))) + 1 }
        let vectorizer = Vectorizer(options: featureOptions(for: model.options), vocabulary: model.vocabulary, idf: idf)
        vectorizer.weigh(&matrix)

        let svd = try TruncatedSVD.fit(matrix, options: options)
        var embeddings = matrix.multiplied(byRowMajor: svd.rightSingularVectors, columns: svd.rank)
        normalizeRows(&embeddings, width: svd.rank)
        return SemanticSpace(
            options: options, vectorizer: vectorizer, singularValues: svd.singularValues,
            projection: svd.rightSingularVectors, embeddings: embeddings, texts: texts, labels: labels)
    }
}

extension TextClassifier {
    /// This model with a latent semantic space fitted on `texts` and `labels` (normally its
    /// training data) over its vocabulary; see `SemanticSpace`.
    ///
    /// ```swift
    /// let model = try TextClassifier.train(texts: corpus.texts, labels: corpus.labels, options: options)
    ///     .addingSemanticSpace(texts: corpus.texts, labels: corpus.labels, options: .init(rank: 150))
    /// for neighbour in try model.nearest(to: TextBatch(["Seoul condemned the pact."]), count: 3)[0] {
    ///     print(neighbour.similarity, neighbour.label, neighbour.text)
    /// }
    /// ```
    public func addingSemanticSpace(texts: TextBatch, labels: [String], options: TruncatedSVD.Options)
        throws(SemanticSpaceError) -> TextClassifier
    {
        let known = Set(classes)
        if let unknown = labels.first(where: { !known.contains($0) }) { throw .unknownLabel(unknown, known: classes) }
        let space = try SemanticSpace.fit(texts: texts, labels: labels, vocabularyOf: vectorizer, options: options)
        return TextClassifier(
            vectorizer: vectorizer, classifier: classifier, options: self.options, temperature: temperature, semanticSpace: space)
    }

    /// The `count` training sentences nearest to each text in the model's latent semantic space,
    /// most similar first; see `SemanticSpace.nearest(to:count:)`.
    /// - Throws: `SemanticSpaceError.noSemanticSpace` when the model was trained without one.
    public func nearest(to texts: TextBatch, count: Int) throws(SemanticSpaceError) -> [[Neighbour]] {
        guard let semanticSpace else { throw .noSemanticSpace }
        return semanticSpace.nearest(to: texts, count: count)
    }
}
