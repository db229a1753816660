import Testing
@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ExplanationTests {
    static let variants: [TrainingOptions] = [
        TrainingOptions(),
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2), weighting: .binary), model: .complement),
        TrainingOptions(
            vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 3, characterNGrams: 2 ... 4), sublinearTF: true),
            model: .multinomial, classifier: .init(alpha: 0.3)),
        TrainingOptions(vectorizer: .init(weighting: .counts), model: .bernoulli, classifier: .init(alpha: 0.5)),
        TrainingOptions(vectorizer: .init(weighting: .counts), model: .complement, classifier: .init(normalizeWeights: true)),
    ]

    static let texts = SKLearnFixture.test + SKLearnFixture.documents + ["zebra", "The summit welcomed the summit"]

    func model(_ options: TrainingOptions) throws -> TextClassifier {
        try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels, options: options)
    }

    @Test("bias plus contributions equals the joint log-likelihood recomputed in Double (1e-9 relative)",
          arguments: 0 ..< variants.count)
    func sums(variant: Int) throws {
        let model = try model(Self.variants[variant])
        let classifier = model.classifier
        // Independent recomputation: the classifier's own parameters, rounded to Float as it scores.
        let (weights, bias) = (classifier.classWeights, classifier.scorer.bias)
        let jll = model.jointLogLikelihood(TextBatch(Self.texts))
        let k = model.classes.count
        for (row, explanation) in model.explain(Self.texts).enumerated() {
            let x = model.vectorizer.transform(TextBatch([Self.texts[row]]))
            for c in 0 ..< k {
                var expected = bias[c]
                for entry in 0 ..< x.nonzeroCount {
                    let raw = x.values[entry]
                    let value = model.options.model != .bernoulli ? Double(raw)
                        : (raw > classifier.options.binarizeThreshold ? 1 : 0)
                    expected += value * Double(Float(weights[c][Int(x.columns[entry])]))
                }
                let summed = explanation.bias[c] + explanation.features.reduce(0) { $0 + $1.contributions[c] }
                let scale = max(abs(expected), 1e-300)
                #expect(abs(explanation.scores[c] - expected) <= 1e-9 * scale, "row \(row) class \(c)")
                #expect(abs(summed - expected) <= 1e-9 * scale, "row \(row) class \(c)")
                // The model accumulates the same products in Float.
                #expect(explanation.jointLogLikelihood[c] == jll[row * k + c])
                #expect(abs(explanation.scores[c] - jll[row * k + c]) <= 1e-5 * max(1, abs(expected)))
            }
        }
    }

    @Test("label and probabilities are the model's; margins and evidence follow their definitions",
          arguments: 0 ..< variants.count)
    func evidence(variant: Int) throws {
        let model = try model(Self.variants[variant])
        let explanations = model.explain(Self.texts, top: 3)
        #expect(explanations.map(\.label) == model.predict(TextBatch(Self.texts)))
        #expect(explanations.map(\.probabilities) == model.predictProbabilities(TextBatch(Self.texts)))
        for e in explanations {
            for f in e.features {
                let others = e.classes.indices.filter { $0 != e.predicted }
                let strongest = others.map { f.contributions[$0] }.max() ?? 0
                #expect(f.rival != e.predicted)
                #expect(f.contributions[f.rival] == strongest)
                #expect(f.margin == f.contributions[e.predicted] - strongest)
            }
            #expect(e.evidenceFor.count <= 3 && e.evidenceAgainst.count <= 3)
            #expect(e.evidenceFor.allSatisfy { $0.margin > 0 } && e.evidenceAgainst.allSatisfy { $0.margin < 0 })
            #expect(e.evidenceFor.map(\.margin) == e.evidenceFor.map(\.margin).sorted(by: >))
            #expect(e.evidenceAgainst.map(\.margin) == e.evidenceAgainst.map(\.margin).sorted())
            let positive = e.features.filter { $0.margin > 0 }.map(\.margin).sorted(by: >)
            #expect(e.evidenceFor.map(\.margin) == Array(positive.prefix(3)))
            #expect(e.neighbours == nil)
        }
    }

    @Test("tokens map back to the words of the text with their n-grams; unknown words are listed")
    func tokens() throws {
        let model = try model(Self.variants[2])
        let e = model.explain("Seoul  welcomed the zebra!")
        #expect(e.tokens.map(\.start) == [0, 7, 16, 20])
        #expect(e.tokens.map(\.end) == [5, 15, 19, 25])
        #expect(e.unknownWords == ["zebra"])
        let welcomed = try #require(e.features.firstIndex { $0.term == "welcomed" })
        let bigram = try #require(e.features.firstIndex { $0.term == "welcomed the" })
        let gram = try #require(e.features.firstIndex { $0.displayName == "[wel]" })
        #expect(e.features[gram].isCharacterNGram)
        #expect(e.tokens[1].features.contains(welcomed) && e.tokens[1].features.contains(bigram))
        #expect(e.tokens[1].features.contains(gram))
        #expect(e.tokens[2].features.contains(bigram) && !e.tokens[2].features.contains(welcomed))
        #expect(e.tokens[3].features.allSatisfy { e.features[$0].isCharacterNGram })
    }

    struct FixedNeighbours: NeighbourProvider {
        func neighbours(of texts: TextBatch, count: Int) -> [[Neighbour]] {
            (0 ..< texts.count).map { i in
                (0 ..< count).map { Neighbour(index: $0, text: "\(texts[i]) #\($0)", label: "analysis", similarity: 1 / Float($0 + 1)) }
            }
        }
    }

    @Test("a neighbour provider's answers are attached to each explanation in order")
    func neighbours() throws {
        let model = try model(Self.variants[0])
        let explanations = model.explain(["a pact", "the deal"], neighbours: FixedNeighbours(), neighbourCount: 2)
        #expect(explanations[0].neighbours?.map(\.text) == ["a pact #0", "a pact #1"])
        #expect(explanations[1].neighbours?.first?.text == "the deal #0")
    }
}
