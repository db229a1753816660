extension OptionSearch {
    /// The option values to try; candidates are every combination, except that sublinear tf
    /// applies to TF-IDF only and Bernoulli NB is paired with binary features only (it binarises
    /// its input, so counts or TF-IDF would repeat the binary candidate).
    public struct Grid: Sendable, Equatable {
        /// Classifiers.
        public var models: [NaiveBayesKind]
        /// Feature values.
        public var weightings: [FeatureWeighting]
        /// Sublinear tf on and/or off (TF-IDF only).
        public var sublinearTF: [Bool]
        /// Longest word n-gram (n-grams `1...n`).
        public var ngrams: [Int]
        /// Smoothing.
        public var alphas: [Double]
        /// Minimum document frequencies.
        public var minDFs: [Int]
        /// Character n-gram ranges (nil: none).
        public var characterNGrams: [ClosedRange<Int>?]

        /// A grid with the given values.
        public init(
            models: [NaiveBayesKind], weightings: [FeatureWeighting], sublinearTF: [Bool], ngrams: [Int],
            alphas: [Double], minDFs: [Int], characterNGrams: [ClosedRange<Int>?]
        ) {
            self.models = models
            self.weightings = weightings
            self.sublinearTF = sublinearTF
            self.ngrams = ngrams
            self.alphas = alphas
            self.minDFs = minDFs
            self.characterNGrams = characterNGrams
        }

        /// Every classifier and weighting, word n-grams 1-3, alpha 0.3 and 1.0, min-df 1,
        /// sublinear tf on and off, no character n-grams: 54 candidates.
        public static let quick = Grid(
            models: NaiveBayesKind.allCases, weightings: FeatureWeighting.allCases, sublinearTF: [false, true],
            ngrams: [1, 2, 3], alphas: [0.3, 1.0], minDFs: [1], characterNGrams: [nil])

        /// `quick` plus alpha 0.1, min-df 2 and character n-grams 2-4 and 3-5: 486 candidates.
        public static let full = Grid(
            models: NaiveBayesKind.allCases, weightings: FeatureWeighting.allCases, sublinearTF: [false, true],
            ngrams: [1, 2, 3], alphas: [0.1, 0.3, 1.0], minDFs: [1, 2], characterNGrams: [nil, 2 ... 4, 3 ... 5])

        /// The candidates, feature settings outermost (character n-grams, n-grams, min-df,
        /// weighting, sublinear tf), then classifier and alpha; other options come from `base`.
        public func candidates(base: TrainingOptions = .init()) -> [TrainingOptions] {
            var result: [TrainingOptions] = []
            for characters in characterNGrams {
                for n in ngrams {
                    for minDF in minDFs {
                        for weighting in weightings {
                            for sublinear in sublinearTF where !sublinear || weighting == .tfidf {
                                for model in models where model != .bernoulli || weighting == .binary {
                                    for alpha in alphas {
                                        var options = base
                                        options.vectorizer.tokenizer.characterNGrams = characters
                                        options.vectorizer.tokenizer.wordNGrams = 1 ... n
                                        options.vectorizer.minDF = minDF
                                        options.vectorizer.weighting = weighting
                                        options.vectorizer.sublinearTF = sublinear
                                        options.model = model
                                        options.classifier.alpha = alpha
                                        result.append(options)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return result
        }
    }
}
