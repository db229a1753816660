import Testing

@testable import StanceKit

@Suite struct TrainingLimitsTests {
    let texts = TextBatch(SKLearnFixture.documents)

    /// The number of distinct unigrams in the fixture, counted by an unlimited fit.
    func vocabularySize() throws -> Int {
        try Vectorizer.fit(texts).vectorizer.featureCount
    }

    @Test("a vocabulary of exactly the limit fits; one term fewer stops while counting")
    func vocabularyLimit() throws {
        let size = try vocabularySize()
        #expect(try Vectorizer.fit(texts, maxVocabulary: size).vectorizer.featureCount == size)
        #expect(throws: VectorizerError.self) { try Vectorizer.fit(texts, maxVocabulary: size - 1) }
        do {
            _ = try Vectorizer.fit(texts, maxVocabulary: 3)
            Issue.record("no error past the limit")
        } catch {
            // "Seoul condemned the pact as a threat": the fourth distinct term is in document 1.
            #expect(error == .vocabularyTooLarge(limit: 3, document: 1))
            #expect(error.description.hasPrefix("the vocabulary grew past --max-vocabulary 3 distinct terms at document 1"))
        }
    }

    @Test("the limit counts terms before pruning")
    func beforePruning() throws {
        let size = try vocabularySize()
        let options = VectorizerOptions(minDF: 2)
        #expect(try Vectorizer.fit(texts, options: options).vectorizer.featureCount < size)
        #expect(throws: VectorizerError.vocabularyTooLarge(limit: size - 1, document: 8)) {
            try Vectorizer.fit(texts, options: options, maxVocabulary: size - 1)
        }
    }

    @Test("classes x features past maxWeights throws before the classifier is allocated")
    func weightLimit() throws {
        let features = try vocabularySize()
        let labels = SKLearnFixture.labels
        let limits = TrainingLimits(maxWeights: 3 * features - 1)
        #expect(throws: ClassifierError.tooManyWeights(classes: 3, features: features, limit: 3 * features - 1)) {
            try TextClassifier.train(texts: texts, labels: labels, limits: limits)
        }
        let model = try TextClassifier.train(texts: texts, labels: labels, limits: TrainingLimits(maxWeights: 3 * features))
        #expect(model.classes.count == 3)
        #expect(throws: ClassifierError.tooManyWeights(classes: .max, features: 2, limit: 10)) {
            try TrainingLimits(maxWeights: 10).checkWeights(classes: .max, features: 2)
        }
    }

    @Test("limits out of range are option errors", arguments: [
        TrainingLimits(maxVocabulary: 0), TrainingLimits(maxVocabulary: Int(Int32.max)), TrainingLimits(maxWeights: 0),
    ])
    func invalid(limits: TrainingLimits) {
        #expect(throws: VectorizerError.self) { try limits.validate() }
    }
}
