/// Caps on what training may allocate, so a hostile or mistaken corpus gets a clear error
/// instead of exhausting memory. Limits are not part of a model: they are not stored in the
/// model file and do not change a model that fits under them.
public struct TrainingLimits: Sendable, Equatable, Hashable {
    /// The most distinct terms (word and character n-grams, before `minDF` / `maxDF` /
    /// `maxFeatures` pruning) the vectorizer may count. Checked as each term is added, so
    /// counting stops with an error instead of growing without bound. Measured on this machine
    /// (`stance train --max-vocabulary K` on 4 million distinct 7-byte terms): counting costs
    /// about 50 bytes per term, and a whole training run that keeps every term (3 classes)
    /// peaked at about 210 bytes per term. Default 20,000,000: about 1 GB while counting and
    /// about 4 GB for a run that keeps them all, far above the vocabulary of a real corpus (all
    /// of Data/stance/*.tsv has 53,679 uni+bigrams, 74,677 with character 2-4-grams),
    /// and below the `Int32` term ids' ceiling.
    public var maxVocabulary: Int
    /// The most weights (`classes x features` after pruning) the classifier may hold. Naive Bayes
    /// keeps dense class-by-feature tables (counts in Float64, a Float64 copy while deriving the
    /// weights, the weights in Float32, the encoded file), about 32 bytes per weight at the peak
    /// (measured: 1,000 classes x 20,000 and x 40,000 features peaked at 0.66 and 1.29 GB).
    /// Default 100,000,000 (about 3.2 GB), which admits 3 classes x 20 million features or
    /// 3,000 classes x 33,000 features.
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
