/// How counts become feature values: raw counts, presence, or TF-IDF.
public enum FeatureWeighting: String, Sendable, CaseIterable {
    /// Term counts, as scikit-learn's `CountVectorizer`.
    case counts
    /// 1 for every term present, as `CountVectorizer(binary=True)`.
    case binary
    /// `tf * idf`, as `TfidfVectorizer`.
    case tfidf
}

/// Row normalisation applied after weighting.
public enum RowNorm: String, Sendable, CaseIterable {
    /// Divide each row by its Euclidean length `sqrt(sum v^2)`.
    case l2
    /// Divide each row by `sum |v|`.
    case l1
    /// Leave rows as they are.
    case none
}

/// Options of `Vectorizer`, with scikit-learn's semantics and names.
public struct VectorizerOptions: Sendable, Equatable, Hashable {
    /// Tokenization and n-grams.
    public var tokenizer: TokenizerOptions
    /// Feature values. Default `.tfidf`.
    public var weighting: FeatureWeighting
    /// Keep terms found in at least this many documents (`min_df` as an integer). Default 1.
    public var minDF: Int
    /// Drop terms found in more than this fraction of documents (`max_df` as a float). Default 1.0.
    public var maxDF: Double
    /// Keep only the terms with the highest total counts over the corpus (`max_features`); ties
    /// go to the term that sorts first (scikit-learn's unstable argsort leaves ties unspecified).
    /// Default nil (all).
    public var maxFeatures: Int?
    /// Replace tf with `1 + ln(tf)` (`sublinear_tf`). TF-IDF only. Default false.
    public var sublinearTF: Bool
    /// Smooth idf: `ln((1 + n) / (1 + df)) + 1`; otherwise `ln(n / df) + 1`. Default true.
    public var smoothIDF: Bool
    /// Row norm; nil means the scikit-learn default for the weighting (l2 for TF-IDF, none for
    /// counts and binary, which `CountVectorizer` never normalises).
    public var norm: RowNorm?

    /// Options with the documented defaults.
    public init(
        tokenizer: TokenizerOptions = .init(), weighting: FeatureWeighting = .tfidf, minDF: Int = 1,
        maxDF: Double = 1.0, maxFeatures: Int? = nil, sublinearTF: Bool = false, smoothIDF: Bool = true,
        norm: RowNorm? = nil
    ) {
        self.tokenizer = tokenizer
        self.weighting = weighting
        self.minDF = minDF
        self.maxDF = maxDF
        self.maxFeatures = maxFeatures
        self.sublinearTF = sublinearTF
        self.smoothIDF = smoothIDF
        self.norm = norm
    }

    /// The norm actually applied.
    public var effectiveNorm: RowNorm { norm ?? (weighting == .tfidf ? .l2 : .none) }

    /// Checks the values, throwing the first problem found.
    public func validate() throws(VectorizerError) {
        if minDF < 1 { throw .invalidOption("--min-df must be at least 1, got \(minDF)") }
        if !(maxDF > 0 && maxDF <= 1) { throw .invalidOption("--max-df must be in (0, 1], got \(maxDF)") }
        if let maxFeatures, maxFeatures < 1 {
            throw .invalidOption("--max-features must be at least 1, got \(maxFeatures)")
        }
        if tokenizer.minimumTokenLength < 1 {
            throw .invalidOption("the minimum token length must be at least 1, got \(tokenizer.minimumTokenLength)")
        }
        if tokenizer.wordNGrams.lowerBound < 1 || tokenizer.wordNGrams.upperBound > 8 {
            throw .invalidOption("--ngrams must be between 1 and 8, got \(tokenizer.wordNGrams.upperBound)")
        }
        if let range = tokenizer.characterNGrams, range.lowerBound < 1 || range.upperBound > 16 {
            throw .invalidOption("character n-gram lengths must be between 1 and 16")
        }
    }
}

/// Problems fitting a vectorizer.
public enum VectorizerError: Error, CustomStringConvertible, Equatable {
    /// An option value is out of range.
    case invalidOption(String)
    /// No document produced a token.
    case noTokens
    /// Every term was pruned by `min_df` / `max_df`.
    case emptyVocabularyAfterPruning(minDF: Int, maxDF: Double, documents: Int)
    /// Document `document` (1-based) brought a term past `TrainingLimits.maxVocabulary`.
    case vocabularyTooLarge(limit: Int, document: Int)

    public var description: String {
        switch self {
        case .invalidOption(let message):
            return "\(message); see --help for the allowed values"
        case .noTokens:
            return "empty vocabulary: the documents contain no tokens; check the text column and the encoding"
        case .emptyVocabularyAfterPruning(let minDF, let maxDF, let documents):
            return "after pruning, no terms remain (--min-df \(minDF), --max-df \(maxDF), \(documents) documents); "
                + "try a lower --min-df or a higher --max-df"
        case .vocabularyTooLarge(let limit, let document):
            return "the vocabulary grew past --max-vocabulary \(limit) distinct terms at document \(document) "
                + "(terms are counted before --min-df/--max-features pruning); raise --max-vocabulary if memory allows, "
                + "or use fewer n-grams (--ngrams, --char-ngrams)"
        }
    }
}
