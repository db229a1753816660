import Foundation
import Testing
import StanceKit

/// The README's library example for explanation, inspection, calibration and search, on the
/// shipped stance data (with a smaller search so the debug test stays quick).
@Suite struct LibraryExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test("the README example runs and its invariants hold")
    func example() throws {
        let corpus = try CorpusReader.read(path: Self.root + "/Data/stance/train.tsv")
        var options = TrainingOptions(model: .complement)
        options.vectorizer.weighting = .binary
        options.vectorizer.tokenizer.wordNGrams = 1 ... 2
        let (model, fit) = try TextClassifier.trainCalibrated(
            texts: corpus.texts, labels: corpus.labels, options: options, folds: 5)
        #expect(fit.logLossAfter <= fit.logLossBefore && model.temperature == fit.temperature)

        let inspection = ModelInspection(model: model, top: 10)
        #expect(inspection.topTerms.map(\.count) == [10, 10, 10])
        let why = model.explain("Seoul condemned the pact.")
        #expect(why.label == "condemnation")
        for c in why.classes.indices { #expect(abs(why.scores[c] - why.jointLogLikelihood[c]) < 1e-4) }

        let dev = try CorpusReader.read(path: Self.root + "/Data/stance/dev.tsv")
        let report = try CalibrationReport(model: model, texts: dev.texts, labels: dev.labels)
        let ece = try #require(report.calibrated?.expectedCalibrationError)
        #expect(ece < report.uncalibrated.expectedCalibrationError)

        let small = OptionSearch.Grid(models: [.complement, .multinomial], weightings: [.binary], sublinearTF: [false],
                                      ngrams: [1, 2], alphas: [1.0], minDFs: [1], characterNGrams: [nil])
        let ranked = try OptionSearch.run(corpus: corpus, grid: small, folds: 3)
        #expect(ranked.count == 4 && ranked[0].rank == 1)
    }
}
