import Testing
@testable import StanceKit

@Suite struct SemanticSpaceTests {
    static func model(rank: Int = 4, options: TrainingOptions = .init()) throws -> TextClassifier {
        let texts = TextBatch(SKLearnFixture.documents)
        return try TextClassifier.train(texts: texts, labels: SKLearnFixture.labels, options: options)
            .addingSemanticSpace(texts: texts, labels: SKLearnFixture.labels, options: .init(rank: rank, seed: 3))
    }

    @Test("each training sentence is its own nearest neighbour, with similarity 1 and its label",
          arguments: [TrainingOptions(), TrainingOptions(vectorizer: .init(weighting: .binary), model: .complement)])
    func selfNeighbours(options: TrainingOptions) throws {
        let model = try Self.model(rank: 6, options: options)
        let found = try model.nearest(to: TextBatch(SKLearnFixture.documents), count: 3)
        for (i, neighbours) in found.enumerated() {
            let first = try #require(neighbours.first)
            #expect(first.index == i)
            #expect(first.text == SKLearnFixture.documents[i])
            #expect(first.label == SKLearnFixture.labels[i])
            #expect(abs(first.similarity - 1) < 1e-4)
            #expect(neighbours.map(\.similarity) == neighbours.map(\.similarity).sorted(by: >))
        }
    }

    @Test("embeddings are unit rows; the space uses TF-IDF even for a binary model")
    func embeddings() throws {
        let model = try Self.model(options: TrainingOptions(vectorizer: .init(weighting: .binary), model: .complement))
        let space = try #require(model.semanticSpace)
        #expect(space.rank == 4)
        #expect(space.vectorizer.options.weighting == .tfidf)
        // The fixture's smooth idf, from scikit-learn (SKLearnFixture.idf): the same counts give the same weights.
        for (found, expected) in zip(space.vectorizer.idf, SKLearnFixture.idf) { #expect(abs(found - expected) < 1e-12) }
        for i in 0 ..< space.count {
            let norm = (0 ..< space.rank).reduce(0.0) { $0 + Double(space.embeddings[i * space.rank + $1] * space.embeddings[i * space.rank + $1]) }
            #expect(abs(norm - 1) < 1e-5)
        }
        #expect(space.embed(TextBatch(SKLearnFixture.documents)) == space.embeddings)
    }

    @Test("a text with none of the model's terms has no neighbours; the count is capped by the sentences")
    func edges() throws {
        let model = try Self.model()
        let found = try model.nearest(to: TextBatch(["zzz qqq", "the pact"]), count: 100)
        #expect(found[0].isEmpty)
        #expect(found[1].count == SKLearnFixture.documents.count)
    }

    @Test("a model without a space, mismatched or unknown labels are typed errors")
    func errors() throws {
        let texts = TextBatch(SKLearnFixture.documents)
        let plain = try TextClassifier.train(texts: texts, labels: SKLearnFixture.labels)
        #expect(throws: SemanticSpaceError.noSemanticSpace) { try plain.nearest(to: texts, count: 1) }
        #expect(SemanticSpaceError.noSemanticSpace.description.hasSuffix("retrain it with `stance train ... --lsa-rank 150`"))
        #expect(throws: SemanticSpaceError.lengthMismatch(texts: 8, labels: 1)) {
            try SemanticSpace.fit(texts: texts, labels: ["support"], vocabularyOf: plain.vectorizer, options: .init(rank: 2))
        }
        let wrong = SKLearnFixture.labels.map { $0 == "support" ? "praise" : $0 }
        #expect(throws: SemanticSpaceError.unknownLabel("praise", known: plain.classes)) {
            try plain.addingSemanticSpace(texts: texts, labels: wrong, options: .init(rank: 2))
        }
    }
}
