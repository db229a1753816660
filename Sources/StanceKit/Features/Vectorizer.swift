import Foundation

/// A fitted count / binary / TF-IDF vectorizer, with scikit-learn's semantics.
///
/// Fitting numbers the vocabulary in sorted term order (as scikit-learn does), prunes it with
/// `minDF`, `maxDF` and `maxFeatures`, and for TF-IDF stores
/// `idf(t) = ln((1 + n) / (1 + df(t))) + 1` (smooth) or `ln(n / df(t)) + 1`, where `n` is the
/// number of training documents and `df(t)` the number containing `t`.
/// A document's value for term `t` is `tf(t) * idf(t)` with `tf` the count, or `1 + ln(count)`
/// when `sublinearTF`; rows are then scaled to unit l2 (or l1) norm.
public struct Vectorizer: Sendable {
    /// The options the vectorizer was fitted with.
    public let options: VectorizerOptions
    /// Terms; a term's id is its column.
    public let vocabulary: Vocabulary
    /// Inverse document frequency per column (TF-IDF only; empty otherwise).
    public let idf: [Double]
    /// The analyzer built from `options.tokenizer`.
    public let analyzer: Analyzer

    /// A vectorizer from its parts (used by the model reader).
    public init(options: VectorizerOptions, vocabulary: Vocabulary, idf: [Double]) {
        precondition(idf.isEmpty || idf.count == vocabulary.count, "idf.count \(idf.count) != vocabulary \(vocabulary.count)")
        self.options = options
        self.vocabulary = vocabulary
        self.idf = idf
        self.analyzer = Analyzer(options: options.tokenizer)
    }

    /// The number of features (columns).
    public var featureCount: Int { vocabulary.count }

    /// Fits on `texts` and returns the vectorizer with the transformed training matrix
    /// (scikit-learn's `fit_transform`). At most `maxVocabulary` distinct terms are counted
    /// (before pruning); one more throws `VectorizerError.vocabularyTooLarge`.
    public static func fit(
        _ texts: TextBatch, options: VectorizerOptions = .init(),
        maxVocabulary: Int = TrainingLimits().maxVocabulary
    ) throws(VectorizerError) -> (vectorizer: Vectorizer, matrix: SparseMatrix) {
        try options.validate()
        try TrainingLimits(maxVocabulary: maxVocabulary).validate()
        let analyzer = Analyzer(options: options.tokenizer)
        // The trainer's first pass on one partition, the whole batch as one chunk.
        var counters = [PartitionCounter(partition: 0, of: 1, keepTotals: options.maxFeatures != nil)]
        counters[0].count(texts, firstDocument: 0, analyzer: analyzer, maxVocabulary: maxVocabulary)
        if let document = CorpusTrainer.firstDocumentOverLimit(counters, documents: texts.count, limit: maxVocabulary) {
            throw .vocabularyTooLarge(limit: maxVocabulary, document: document + 1)
        }
        let rows = SpillChunk(words: TermSpill.record(labels: [UInt32](repeating: 0, count: texts.count), partitions: counters))
        let (vectorizer, columns) = try CorpusTrainer.prune(&counters, documents: texts.count, options: options)
        var matrix = rows.matrix(columns: columns, columnCount: vectorizer.featureCount)
        vectorizer.weigh(&matrix)
        return (vectorizer, matrix)
    }

    /// The feature matrix of `texts`; terms outside the vocabulary are ignored.
    public func transform(_ texts: TextBatch) -> SparseMatrix {
        var counter = TermCounter(vocabulary: vocabulary, growing: false)
        // A fixed vocabulary never grows, so counting cannot hit the limit.
        do { try counter.count(texts, analyzer: analyzer) } catch { preconditionFailure("\(error)") }
        var matrix = counter.matrix(columnCount: vocabulary.count, remap: nil)
        weigh(&matrix)
        return matrix
    }

    /// The feature matrix of `texts` given as strings.
    public func transform<S: Sequence>(_ texts: S) -> SparseMatrix where S.Element: StringProtocol {
        transform(TextBatch(texts))
    }

    /// Applies binary / tf-idf weighting and the row norm to a count matrix, in place. Each
    /// row is computed in `Double` and rounded to `Float` once, at the end.
    func weigh(_ matrix: inout SparseMatrix) {
        let weighting = options.weighting
        let sublinear = options.sublinearTF
        let norm = options.effectiveNorm
        let offsets = matrix.rowOffsets
        let columns = matrix.columns
        var row = [Double]()
        idf.withUnsafeBufferPointer { idf in
            matrix.values.withUnsafeMutableBufferPointer { values in
                for r in 0 ..< matrix.rowCount {
                    let start = offsets[r], end = offsets[r + 1]
                    row.removeAll(keepingCapacity: true)
                    var sum = 0.0
                    for k in start ..< end {
                        var v = Double(values[k])
                        switch weighting {
                        case .counts: break
                        case .binary: v = 1
                        case .tfidf: v = (sublinear ? 1 + log(v) : v) * idf[Int(columns[k])]
                        }
                        row.append(v)
                        switch norm {
                        case .l2: sum += v * v
                        case .l1: sum += abs(v)
                        case .none: break
                        }
                    }
                    let scale = norm == .none || sum == 0 ? 1 : (norm == .l2 ? 1 / sum.squareRoot() : 1 / sum)
                    for k in start ..< end { values[k] = Float(row[k - start] * scale) }
                }
            }
        }
    }
}
