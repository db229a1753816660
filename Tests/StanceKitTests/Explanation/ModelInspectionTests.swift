import Testing
@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ModelInspectionTests {
    /// Shared filler words in every class; "hooray" planted in every support sentence and
    /// "shameful" in every condemnation sentence.
    static let corpus: (texts: [String], labels: [String]) = {
        let filler = ["the", "council", "said", "today", "plan", "city", "vote", "report", "on", "new"]
        var texts: [String] = [], labels: [String] = []
        for i in 0 ..< 12 {
            let words = (0 ..< 4).map { filler[(i * 3 + $0 * 7) % filler.count] }
            for (label, cue) in [("analysis", nil), ("condemnation", "shameful"), ("support", "hooray")] as [(String, String?)] {
                texts.append((words + (cue.map { [$0] } ?? [])).joined(separator: " "))
                labels.append(label)
            }
        }
        return (texts, labels)
    }()

    @Test("a planted cue word ranks first for its class", arguments: NaiveBayesKind.allCases)
    func plantedCue(kind: NaiveBayesKind) throws {
        for weighting in FeatureWeighting.allCases where kind != .bernoulli || weighting == .binary {
            let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2), weighting: weighting), model: kind)
            let model = try TextClassifier.train(texts: TextBatch(Self.corpus.texts), labels: Self.corpus.labels, options: options)
            let inspection = ModelInspection(model: model, top: 5)
            #expect(inspection.classes == ["analysis", "condemnation", "support"])
            #expect(inspection.topTerms[1].first?.term == "shameful", "\(kind) \(weighting)")
            #expect(inspection.topTerms[2].first?.term == "hooray", "\(kind) \(weighting)")
            #expect(inspection.topTerms[2].first?.countElsewhere == 0)
            #expect(inspection.trainingCounts == [12, 12, 12])
            #expect(inspection.vocabularySize == model.vectorizer.featureCount)
            for terms in inspection.topTerms {
                #expect(terms.count == 5)
                #expect(terms.map(\.score) == terms.map(\.score).sorted(by: >))
            }
        }
    }

    @Test("scores match a hand calculation")
    func handCalculation() {
        // N_cj = [[2, 0, 1], [0, 3, 1]], N_c = [2, 3], alpha = 1, |V| = 3.
        let counts = NaiveBayesCounts(classes: ["a", "b"], featureCount: 3, classCounts: [2, 3], featureCounts: [2, 0, 1, 0, 3, 1])
        let multinomial = ModelInspection.scores(counts: counts, kind: .multinomial, alpha: 1)
        // P(w0 | a) = 3 / 6, P(w0 | not a) = 1 / 7.
        #expect(abs(multinomial[0][0] - log(3.5)) < 1e-12)
        // P(w1 | b) = 4 / 7, P(w1 | not b) = 1 / 6.
        #expect(abs(multinomial[1][1] - log(24.0 / 7)) < 1e-12)
        #expect(ModelInspection.scores(counts: counts, kind: .complement, alpha: 1) == multinomial)
        let bernoulli = ModelInspection.scores(counts: counts, kind: .bernoulli, alpha: 1)
        // p = (2 + 1) / (2 + 2), q = (0 + 1) / (3 + 2).
        #expect(abs(bernoulli[0][0] - log(3.75)) < 1e-12)
        // p = (1 + 1) / (3 + 2), q = (1 + 1) / (2 + 2).
        #expect(abs(bernoulli[1][2] - log(0.8)) < 1e-12)
    }

    @Test("the report and JSON show options, counts and character n-grams by display name")
    func report() throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(characterNGrams: 3 ... 3)), model: .complement)
        let model = try TextClassifier.train(texts: TextBatch(Self.corpus.texts), labels: Self.corpus.labels, options: options)
        let inspection = ModelInspection(model: model, top: 40)
        let table = inspection.table()
        #expect(table.contains("vocabulary: \(model.vectorizer.featureCount) features"))
        #expect(table.contains("tokenizer.char_ngrams=3-3"))
        #expect(table.contains("[hoo]"))
        #expect(!table.contains("\u{1}"))
        #expect(inspection.json.text.contains("\"display\":\"[hoo]\",\"kind\":\"char\""))
    }
}
