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
    /// The vocabulary's word n-grams by word ids, which `transform` looks them up in when
    /// present (`NGramIndex`): built by the model reader, nil for a vectorizer just fitted
    /// (which looks its terms up by their bytes).
    let ngramIndex: NGramIndex?
    /// The `WIDX` payload of a model file (`WordIDSection`) for this vocabulary, when training
    /// derived it from its tokens' ranks; nil otherwise (the writer then looks the words up).
    let wordIDs: [UInt8]?

    /// A vectorizer from its parts.
    public init(options: VectorizerOptions, vocabulary: Vocabulary, idf: [Double]) {
        self.init(options: options, vocabulary: vocabulary, idf: idf, ngramIndex: nil)
    }

    /// A vectorizer from its parts, the index of its vocabulary's word n-grams (the model
    /// reader's) and the `WIDX` payload for its vocabulary (the trainer's).
    init(options: VectorizerOptions, vocabulary: Vocabulary, idf: [Double], ngramIndex: NGramIndex?, wordIDs: [UInt8]? = nil) {
        precondition(idf.isEmpty || idf.count == vocabulary.count, "idf.count \(idf.count) != vocabulary \(vocabulary.count)")
        precondition(ngramIndex.map { $0.lengths == options.tokenizer.wordNGrams } ?? true, "index of other n-gram lengths")
        self.options = options
        self.vocabulary = vocabulary
        self.idf = idf
        self.analyzer = Analyzer(options: options.tokenizer)
        self.ngramIndex = ngramIndex
        self.wordIDs = wordIDs
    }

    /// This vectorizer with `wordIDs`, the `WIDX` payload for its vocabulary.
    func with(wordIDs: [UInt8]?) -> Vectorizer {
        Vectorizer(options: options, vocabulary: vocabulary, idf: idf, ngramIndex: ngramIndex, wordIDs: wordIDs)
    }

    /// This vectorizer with `idf` instead of its own (empty: none, or not held for now).
    func with(idf: [Double]) -> Vectorizer {
        Vectorizer(options: options, vocabulary: vocabulary, idf: idf, ngramIndex: ngramIndex, wordIDs: wordIDs)
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
        let sizes = PartitionCounter.TableSizes.expected(
            bytes: texts.bytes.count, partitions: 1, longestGram: options.tokenizer.wordNGrams.upperBound)
        var counters = [PartitionCounter(partition: 0, of: 1, keepTotals: options.maxFeatures != nil, expected: sizes)]
        var tokens = ChunkTokens()
        PartitionCounter.count(&counters, tokens: &tokens, texts: texts, firstDocument: 0, analyzer: analyzer, maxVocabulary: maxVocabulary)
        if let document = CorpusTrainer.firstDocumentOverLimit(counters, documents: texts.count, limit: maxVocabulary) {
            throw .vocabularyTooLarge(limit: maxVocabulary, document: document + 1)
        }
        let rows = SpillChunk(words: TermSpill.record(labels: [UInt32](repeating: 0, count: texts.count), partitions: counters))
        let (vectorizer, columns) = try CorpusTrainer.prune(&counters, documents: texts.count, options: options)
        var matrix = rows.matrix(columns: columns, columnCount: vectorizer.featureCount)
        vectorizer.weigh(&matrix)
        return (vectorizer, matrix)
    }

    /// The feature matrix of `texts`; terms outside the vocabulary are ignored. Rows are
    /// counted one document at a time (`DocumentTerms`), with sorted columns.
    public func transform(_ texts: TextBatch) -> SparseMatrix {
        transform(texts, documents: 0 ..< texts.count)
    }

    /// The feature matrix of the documents `documents` of `texts`, one row each.
    func transform(_ texts: TextBatch, documents: Range<Int>) -> SparseMatrix {
        var terms = DocumentTerms()
        var offsets = [0]
        offsets.reserveCapacity(documents.count + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        for document in documents {
            texts.withDocument(document) { terms.count($0, analyzer: analyzer, vocabulary: vocabulary, index: ngramIndex) }
            columns.append(contentsOf: terms.ids)
            values.append(contentsOf: terms.counts)
            offsets.append(columns.count)
        }
        var matrix = SparseMatrix(
            rowCount: documents.count, columnCount: vocabulary.count, rowOffsets: offsets, columns: columns, values: values)
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
        let offsets = matrix.rowOffsets
        var row = [Double]()
        matrix.columns.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeMutableBufferPointer { values in
                for r in 0 ..< matrix.rowCount {
                    let range = offsets[r] ..< offsets[r + 1]
                    // The hints run into the next rows' columns, so a row's first idf values are
                    // on their way before it begins.
                    let following = range.upperBound ..< min(columns.count, range.upperBound + Self.idfLookahead)
                    weighRow(
                        columns: UnsafeBufferPointer(rebasing: columns[range]),
                        values: UnsafeMutableBufferPointer(rebasing: values[range]), scratch: &row,
                        following: UnsafeBufferPointer(rebasing: columns[following]))
                }
            }
        }
    }

    /// How many columns ahead `weighRow` hints the idf it will read.
    static let idfLookahead = 32

    /// Weighs one row of counts in place (`values[k]` counts term `columns[k]`): `tf * idf`
    /// (or 1 for binary), then scaled to unit norm; computed in `Double`, rounded to `Float`
    /// once. `scratch` is a reusable buffer.
    ///
    /// The norm's sum (of the squares for l2, of the weights for l1) is exact and rounded once
    /// (`ExactSum`), so it does not depend on the order of the row's terms, and training need
    /// not sort a row to weigh it as this does (`RowWeigher`); scikit-learn sums in its own
    /// order, so the two may differ in the last bit. A term outside `ExactSum`'s range (which
    /// no count, tf-idf or binary weight is) makes it the plain sum in the row's order.
    ///
    /// `following`, the columns of the rows weighed next, are hinted as this row ends (the idf
    /// `idfLookahead` columns ahead runs on into them).
    @inline(__always)
    func weighRow(
        columns: UnsafeBufferPointer<Int32>, values: UnsafeMutableBufferPointer<Float>, scratch row: inout [Double],
        following: UnsafeBufferPointer<Int32> = UnsafeBufferPointer(start: nil, count: 0)
    ) {
        let weighting = options.weighting
        let sublinear = options.sublinearTF
        let norm = options.effectiveNorm
        row.removeAll(keepingCapacity: true)
        idf.withUnsafeBufferPointer { idf in
            // A column's idf is a cache miss in a large vocabulary (20 Newsgroups with bigrams:
            // 1.2 million values, 9.6 MB), and was 82% of this loop's samples: each is hinted
            // `idfLookahead` columns ahead, so the misses overlap (see `Prefetch`): `stance evaluate`
            // on its test set, task clock 575 -> 546 ms (same run, medians of 10). With 16 columns
            // ahead, within the row, the load still had 46% of the samples of `weigh`; 32 ahead and
            // on into the next rows (`following`): `evaluate` 0.1654 -> 0.1607 s (16 alternating
            // runs) and 0.1591 -> 0.1557 s (20), with the ×10 file's model 0.1561 -> 0.1522 s (12);
            // 16 ahead across rows alone measured no different (0.1648 s).
            let hinted = weighting == .tfidf ? idf.baseAddress : nil
            if let hinted {
                for k in 0 ..< min(Self.idfLookahead, values.count) { Prefetch.read(hinted + Int(columns[k])) }
            }
            for k in 0 ..< values.count {
                if let hinted {
                    let ahead = k + Self.idfLookahead
                    if ahead < values.count {
                        Prefetch.read(hinted + Int(columns[ahead]))
                    } else if ahead - values.count < following.count {
                        Prefetch.read(hinted + Int(following[ahead - values.count]))
                    }
                }
                let v = Vectorizer.termWeight(
                    count: Double(values[k]), idf: weighting == .tfidf ? idf[Int(columns[k])] : 0,
                    weighting: weighting, sublinearTF: sublinear)
                row.append(v)
            }
        }
        let total = row.withUnsafeBufferPointer { Vectorizer.exactNormSum($0, norm: norm) ?? Vectorizer.orderedSum($0, norm: norm) }
        let scale = Vectorizer.normScale(total, norm: norm)
        for k in 0 ..< values.count { values[k] = Float(row[k] * scale) }
    }

    /// The norm's sum of `weights` (their squares for l2, their absolute values for l1; 0 for
    /// none), exact and rounded once (`ExactSum`): the same in any order of the weights. Nil
    /// when a term is outside `ExactSum`'s range; the caller then sums the row by ascending
    /// column (`orderedSum`).
    @inline(__always)
    static func exactNormSum(_ weights: UnsafeBufferPointer<Double>, norm: RowNorm) -> Double? {
        var sum = ExactSum()
        switch norm {
        case .l2: for w in weights { sum.add(w * w) }
        case .l1: for w in weights { sum.add(abs(w)) }
        case .none: break
        }
        return sum.isExact ? sum.value : nil
    }

    /// The norm's sum of `weights` term by term in their order: what `weighRow` falls back to
    /// when a term is outside `ExactSum`'s range.
    static func orderedSum(_ weights: UnsafeBufferPointer<Double>, norm: RowNorm) -> Double {
        var sum = 0.0
        switch norm {
        case .l2: for w in weights { sum += w * w }
        case .l1: for w in weights { sum += abs(w) }
        case .none: break
        }
        return sum
    }

    /// A term's weight before the row norm: its count `tf` (counts), 1 (binary), or `tf * idf`
    /// with `1 + ln(tf)` for `tf` when `sublinearTF` (tfidf; `idf` is read only then).
    @inline(__always)
    static func termWeight(count tf: Double, idf: Double, weighting: FeatureWeighting, sublinearTF: Bool) -> Double {
        switch weighting {
        case .counts: return tf
        case .binary: return 1
        case .tfidf: return (sublinearTF ? 1 + log(tf) : tf) * idf
        }
    }

    /// The factor that gives a row unit norm, from `sum`, its weights' squares (l2) or absolute
    /// values (l1) summed; 1 without a norm or for an empty sum.
    @inline(__always)
    static func normScale(_ sum: Double, norm: RowNorm) -> Double {
        norm == .none || sum == 0 ? 1 : (norm == .l2 ? 1 / sum.squareRoot() : 1 / sum)
    }
}
