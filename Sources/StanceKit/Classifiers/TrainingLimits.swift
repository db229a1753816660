/// Caps on what training may allocate, so a hostile or mistaken corpus gets a clear error
/// instead of exhausting memory. Limits are not part of a model: they are not stored in the
/// model file and do not change a model that fits under them.
public struct TrainingLimits: Sendable, Equatable, Hashable {
    /// The most distinct terms (word and character n-grams, before `minDF` / `maxDF` /
    /// `maxFeatures` pruning) the vectorizer may count. Checked as terms are added, so memory
    /// stays bounded (about 60 bytes per term plus the term's bytes while counting). Default
    /// 20,000,000: about 1.5 GB of counting tables, far above the vocabulary of any corpus this
    /// toolkit targets (the 3,576-sentence stance corpus has under 60,000 uni+bigrams), and well
    /// below the `Int32` ids' ceiling of 2^31 - 1.
    public var maxVocabulary: Int
    /// The most weights (`classes x features` after pruning) the classifier may hold. Naive Bayes
    /// keeps dense class-by-feature tables: counts (Float64) and weights (Float32, classes padded
    /// to a multiple of 8) plus a Float64 copy while deriving them, so each weight costs about
    /// 20-30 bytes at the peak. Default 100,000,000 (2-3 GB), which admits 3 classes x 20 million
    /// features or 3,000 classes x 33,000 features.
    public var maxWeights: Int

    /// The largest `maxVocabulary` accepted: term ids are `Int32`.
    public static let vocabularyCeiling = Int(Int32.max) - 1

    /// Limits with the documented defaults.
    public init(maxVocabulary: Int = 20_000_000, maxWeights: Int = 100_000_000) {
        self.maxVocabulary = maxVocabulary
        self.maxWeights = maxWeights
    }

    /// Checks the values, throwing the first problem found.
    public func validate() throws(VectorizerError) {
        guard maxVocabulary >= 1 && maxVocabulary <= Self.vocabularyCeiling else {
            throw .invalidOption("--max-vocabulary must be between 1 and \(Self.vocabularyCeiling), got \(maxVocabulary)")
        }
        guard maxWeights >= 1 else { throw .invalidOption("--max-weights must be at least 1, got \(maxWeights)") }
    }

    /// Throws `ClassifierError.tooManyWeights` when `classes x features` exceeds `maxWeights`.
    public func checkWeights(classes: Int, features: Int) throws(ClassifierError) {
        let (weights, overflow) = classes.multipliedReportingOverflow(by: features)
        guard !overflow, weights <= maxWeights else {
            throw .tooManyWeights(classes: classes, features: features, limit: maxWeights)
        }
    }
}
