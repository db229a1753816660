import Testing

@testable import StanceKit

/// Models at the edge of the maths still score to finite probabilities and survive saving.
@Suite struct DegenerateModelTests {
    // Found while fuzzing the model loader: with a single feature, complement NB with `norm`
    // divided 0 by 0, so `stance train` wrote a model whose weights were NaN and which the
    // loader (rightly) refused.
    @Test("complement NB with norm on a one-feature vocabulary scores every class alike")
    func complementSingleFeature() throws {
        let options = TrainingOptions(model: .complement, classifier: .init(normalizeWeights: true))
        let model = try TextClassifier.train(texts: TextBatch(["x", "x x"]), labels: ["a", "b"], options: options)
        #expect(model.vectorizer.featureCount == 1)
        #expect(model.predictProbabilities(TextBatch(["x", "y"])) == [[0.5, 0.5], [0.5, 0.5]])
        let loaded = try ModelFile.decode(ModelFile.encode(model), path: "m")
        #expect(loaded.predictProbabilities(TextBatch(["x"])) == [[0.5, 0.5]])
    }

    @Test("weights that are not finite, or beyond ±1e6, are not bounded")
    func bounded() {
        #expect(LinearScorer(classWeights: [[-750, 0.5], [1e6, -1e6]], bias: [-1e6, 0]).isBounded)
        for bad in [Double.nan, .infinity, -.infinity, 2e6] {
            #expect(!LinearScorer(classWeights: [[0, bad], [0, 0]], bias: [0, 0]).isBounded, "\(bad)")
            #expect(!LinearScorer(classWeights: [[0, 0], [0, 0]], bias: [0, bad]).isBounded, "\(bad)")
        }
        #expect(ClassifierError.unboundedWeights(alpha: 1e-10).description
            == "training gave weights that are not finite or beyond ±1000000.0 (--alpha 1e-10 is too small for these counts); "
            + "raise --alpha")
    }
}
