import Testing
@testable import StanceKit

/// Checks idf vectors, TF-IDF rows, feature log-probabilities and predicted probabilities
/// against scikit-learn's, to 1e-5.
@Suite struct SKLearnParityTests {
    static let tolerance = 1e-5

    func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) <= Self.tolerance, "\(a) vs scikit-learn \(e)", sourceLocation: sourceLocation)
        }
    }

    var documents: TextBatch { TextBatch(SKLearnFixture.documents) }

    @Test("TF-IDF vocabulary order, smooth idf and l2-normalised rows match TfidfVectorizer")
    func tfidf() throws {
        let (vectorizer, matrix) = try Vectorizer.fit(documents)
        #expect(vectorizer.vocabulary.terms == SKLearnFixture.terms)
        expectClose(vectorizer.idf, SKLearnFixture.idf)
        expectClose(matrix.dense()[0].map(Double.init), SKLearnFixture.row0)
    }

    @Test("bigrams, sublinear tf and min_df match TfidfVectorizer")
    func bigrams() throws {
        var options = VectorizerOptions(tokenizer: .init(wordNGrams: 1 ... 2))
        options.sublinearTF = true
        options.minDF = 2
        let (vectorizer, matrix) = try Vectorizer.fit(documents, options: options)
        #expect(vectorizer.vocabulary.terms == SKLearnFixture.terms2)
        expectClose(vectorizer.idf, SKLearnFixture.idf2)
        expectClose(matrix.dense()[1].map(Double.init), SKLearnFixture.row1Bigrams)
    }

    @Test("max_df and max_features select the same terms as CountVectorizer")
    func maxFeatures() throws {
        let options = VectorizerOptions(weighting: .counts, maxDF: 0.5, maxFeatures: 5)
        let (vectorizer, _) = try Vectorizer.fit(documents, options: options)
        #expect(vectorizer.vocabulary.terms == SKLearnFixture.terms3)
    }

    @Test("MultinomialNB: feature log-probabilities, class prior and probabilities", arguments: ScoringPath.allCases)
    func multinomial(path: ScoringPath) throws {
        let (vectorizer, matrix) = try Vectorizer.fit(documents)
        let model = try MultinomialNaiveBayes.fit(matrix, labels: SKLearnFixture.labels)
        #expect(model.classes == ["analysis", "condemnation", "support"])
        expectClose(model.featureLogProbabilities[0], SKLearnFixture.multinomialLogProbabilitiesClass0)
        expectClose(model.scorer.bias, SKLearnFixture.multinomialClassLogPrior)
        let probabilities = model.predictProbabilities(vectorizer.transform(SKLearnFixture.test), path: path)
        expectClose(probabilities.flatMap { $0 }, SKLearnFixture.multinomialProbabilities)
    }

    @Test("ComplementNB: weights and probabilities, with and without norm", arguments: ScoringPath.allCases)
    func complement(path: ScoringPath) throws {
        let (vectorizer, matrix) = try Vectorizer.fit(documents)
        let test = vectorizer.transform(SKLearnFixture.test)
        let model = try ComplementNaiveBayes.fit(matrix, labels: SKLearnFixture.labels, options: .init(alpha: 0.5))
        expectClose(model.featureLogProbabilities[1], SKLearnFixture.complementWeightsClass1)
        expectClose(model.predictProbabilities(test, path: path).flatMap { $0 }, SKLearnFixture.complementProbabilities)
        let normalized = try ComplementNaiveBayes.fit(
            matrix, labels: SKLearnFixture.labels, options: .init(alpha: 1, normalizeWeights: true))
        expectClose(
            normalized.predictProbabilities(test, path: path).flatMap { $0 },
            SKLearnFixture.complementNormalizedProbabilities)
    }

    @Test("BernoulliNB on binary counts: log-probabilities and probabilities", arguments: ScoringPath.allCases)
    func bernoulli(path: ScoringPath) throws {
        let (vectorizer, matrix) = try Vectorizer.fit(documents, options: .init(weighting: .binary))
        let model = try BernoulliNaiveBayes.fit(matrix, labels: SKLearnFixture.labels)
        expectClose(model.featureLogProbabilities[2], SKLearnFixture.bernoulliLogProbabilitiesClass2)
        let probabilities = model.predictProbabilities(vectorizer.transform(SKLearnFixture.test), path: path)
        expectClose(probabilities.flatMap { $0 }, SKLearnFixture.bernoulliProbabilities)
    }

    @Test("MultinomialNB on raw counts with a uniform prior and alpha 0.1")
    func multinomialCounts() throws {
        let (vectorizer, matrix) = try Vectorizer.fit(documents, options: .init(weighting: .counts))
        let model = try MultinomialNaiveBayes.fit(
            matrix, labels: SKLearnFixture.labels, options: .init(alpha: 0.1, fitPrior: false))
        let probabilities = model.predictProbabilities(vectorizer.transform(SKLearnFixture.test))
        expectClose(probabilities.flatMap { $0 }, SKLearnFixture.multinomialCountsProbabilities)
    }
}
