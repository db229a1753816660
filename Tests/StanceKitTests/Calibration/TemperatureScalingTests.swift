import Testing
@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite struct TemperatureScalingTests {
    /// A uniform double in [0, 1) from the top 53 bits.
    static func uniform(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

    /// `n` examples over `k` classes: logits uniform in [-spread, spread], labels drawn from
    /// softmax(logits), so softmax(logits) is calibrated; the scores are logits x `temperature`.
    static func synthetic(n: Int, k: Int, spread: Double, temperature: Double, seed: UInt64) -> ([Double], [Int]) {
        var rng = SplitMix64(seed: seed)
        var scores: [Double] = [], labels: [Int] = []
        for _ in 0 ..< n {
            let logits = (0 ..< k).map { _ in (uniform(&rng) * 2 - 1) * spread }
            let p = LogSumExp.normalize(logits[...]).map { exp($0) }
            var u = uniform(&rng), label = k - 1
            for c in 0 ..< k {
                if u < p[c] { label = c; break }
                u -= p[c]
            }
            scores += logits.map { $0 * temperature }
            labels.append(label)
        }
        return (scores, labels)
    }

    @Test("recovers a known temperature from synthetic scores", arguments: [0.5, 1.0, 2.5, 8.0])
    func recovers(temperature: Double) {
        let (scores, labels) = Self.synthetic(n: 20_000, k: 3, spread: 3, temperature: temperature, seed: 11)
        let fit = TemperatureScaling.fit(scores: scores, labels: labels, classCount: 3)
        #expect(abs(fit.temperature / temperature - 1) < 0.05, "fitted \(fit.temperature) for \(temperature)")
        #expect(fit.logLossAfter <= fit.logLossBefore)
    }

    @Test("never increases the fitting log-loss, and reports the loss at the temperature it returns",
          arguments: 0 ..< 20)
    func neverWorse(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let k = 2 + seed % 3, n = 5 + seed * 3
        let scale = [0.01, 1, 30, 500][seed % 4]
        let scores = (0 ..< n * k).map { _ in (Self.uniform(&rng) - 0.5) * scale }
        let labels = (0 ..< n).map { _ in Int(rng.bounded(below: UInt64(k))) }
        let fit = TemperatureScaling.fit(scores: scores, labels: labels, classCount: k)
        let atOne = TemperatureScaling.logLoss(scores: scores, labels: labels, classCount: k, temperature: 1)
        let atFit = TemperatureScaling.logLoss(scores: scores, labels: labels, classCount: k, temperature: fit.temperature)
        #expect(fit.logLossBefore == atOne)
        #expect(fit.logLossAfter == atFit)
        #expect(fit.logLossAfter <= fit.logLossBefore)
        #expect(TemperatureScaling.searchRange.contains(fit.temperature))
        // The returned temperature is a minimum: nearby temperatures inside the range are no better.
        // (Random labels often put the minimum at the top of the range: uniform probabilities.)
        for factor in [0.9, 1.1] where TemperatureScaling.searchRange.contains(fit.temperature * factor) {
            let nearby = TemperatureScaling.logLoss(
                scores: scores, labels: labels, classCount: k, temperature: fit.temperature * factor)
            #expect(nearby >= fit.logLossAfter - 1e-12, "T \(fit.temperature) x \(factor)")
        }
    }

    @Test("the log-loss matches a hand calculation")
    func handLogLoss() {
        // softmax([0, ln 3]) = [1/4, 3/4]; at T = 2: softmax([0, ln 3 / 2]) = [1, sqrt 3] / (1 + sqrt 3).
        let scores = [0, log(3.0)]
        #expect(abs(TemperatureScaling.logLoss(scores: scores, labels: [1], classCount: 2, temperature: 1) + log(0.75)) < 1e-12)
        let p = 3.0.squareRoot() / (1 + 3.0.squareRoot())
        #expect(abs(TemperatureScaling.logLoss(scores: scores, labels: [1], classCount: 2, temperature: 2) + log(p)) < 1e-12)
    }

    @Test("a calibrated model keeps its predictions and reports softmax(jll / T)")
    func calibratedModel() throws {
        let texts = TextBatch(ModelInspectionTests.corpus.texts), labels = ModelInspectionTests.corpus.labels
        let options = TrainingOptions(vectorizer: .init(weighting: .binary), model: .multinomial)
        let (model, fit) = try TextClassifier.trainCalibrated(texts: texts, labels: labels, options: options, folds: 3)
        let plain = try TextClassifier.train(texts: texts, labels: labels, options: options)
        #expect(model.temperature == fit.temperature)
        #expect(fit.logLossAfter <= fit.logLossBefore)
        #expect(model.predict(texts) == plain.predict(texts))
        let jll = plain.jointLogLikelihood(texts)
        for (row, p) in model.predictProbabilities(texts).enumerated() {
            let expected = LogSumExp.normalize(jll[row * 3 ..< row * 3 + 3].map { $0 / fit.temperature }[...]).map { exp($0) }
            for c in 0 ..< 3 { #expect(abs(p[c] - expected[c]) < 1e-12) }
        }
        let heldOut = try TextClassifier.outOfFoldJointLogLikelihood(texts: texts, labels: labels, options: options, folds: 3)
        #expect(TemperatureScaling.fit(scores: heldOut.scores, labels: heldOut.labels, classCount: 3) == fit)
        #expect(model.withTemperature(nil).predictProbabilities(texts) == plain.predictProbabilities(texts))
    }

    @Test("too few folds or examples per class are reported with the flag to change")
    func errors() {
        let texts = TextBatch(SKLearnFixture.documents), labels = SKLearnFixture.labels
        #expect(throws: CalibrationError.tooFewFolds(1)) {
            try TextClassifier.trainCalibrated(texts: texts, labels: labels, folds: 1)
        }
        #expect(throws: CalibrationError.tooFewExamples(label: "analysis", count: 2, folds: 3)) {
            try TextClassifier.trainCalibrated(texts: texts, labels: labels, folds: 3)
        }
        #expect(CalibrationError.tooFewExamples(label: "analysis", count: 2, folds: 3).description
            == "class \"analysis\" has 2 examples, fewer than --calibration-folds 3; lower --calibration-folds or add examples")
    }
}
