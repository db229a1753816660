import Testing
@testable import StanceKit

@Suite struct OptionSearchTests {
    /// The class is in the word order only: unigrams see the same bag in both classes, bigrams
    /// ("red then" / "then red") separate them perfectly.
    static let orderCorpus: LabeledCorpus = {
        var corpus = CorpusBuilderFixture()
        for filler in ["today", "again", "now", "here", "there", "later", "soon", "twice"] {
            corpus.add("forward", "red then blue \(filler)")
            corpus.add("backward", "blue then red \(filler)")
        }
        return corpus.corpus
    }()

    static let stanceCorpus: LabeledCorpus = {
        var corpus = CorpusBuilderFixture()
        for (label, text) in zip(SKLearnFixture.labels, SKLearnFixture.documents) { corpus.add(label, text) }
        for text in ["Exports rose in March", "The vote is on Friday", "Officials met in Geneva"] { corpus.add("analysis", text) }
        for text in ["They hailed the accord", "Voters cheered the plan"] { corpus.add("support", text) }
        for text in ["Activists slammed the verdict", "Critics attacked the budget"] { corpus.add("condemnation", text) }
        return corpus.corpus
    }()

    static let ngramGrid = OptionSearch.Grid(
        models: [.multinomial], weightings: [.counts], sublinearTF: [false], ngrams: [1, 2], alphas: [1.0],
        minDFs: [1], characterNGrams: [nil])

    @Test("a clearly better option (bigrams when only word order tells the classes apart) ranks first")
    func betterFirst() throws {
        let results = try OptionSearch.run(corpus: Self.orderCorpus, grid: Self.ngramGrid, folds: 4, seed: 3)
        #expect(results.map(\.rank) == [1, 2])
        #expect(results[0].options.vectorizer.tokenizer.wordNGrams == 1 ... 2)
        #expect(results[0].summary.meanMacroF1 == 1)
        #expect(results[1].summary.meanMacroF1 < 0.7)
    }

    /// Cross-validation written out the plain way: a `TextClassifier` trained on each training part.
    static func reference(_ corpus: LabeledCorpus, _ options: TrainingOptions, folds: Int) throws -> CrossValidationSummary {
        let splits = StratifiedKFold(folds: folds, seed: options.seed).splits(labels: corpus.labels)
        return CrossValidationSummary(folds: try splits.map { train, test in
            let training = corpus.subset(train), testing = corpus.subset(test)
            let model = try TextClassifier.train(texts: training.texts, labels: training.labels, options: options)
            return try ConfusionMatrix(truth: testing.labels, predicted: model.predict(testing.texts), labels: corpus.classes)
        })
    }

    @Test("every candidate's scores equal CrossValidation.run and a plain per-fold training with the same folds")
    func sameAsCrossValidation() throws {
        let results = try OptionSearch.run(corpus: Self.stanceCorpus, grid: .quick, folds: 2, seed: 5)
        #expect(results.count == 54)
        #expect(Set(results.map(\.gridIndex)).count == 54)
        for result in results {
            #expect(result.options.seed == 5)
            let direct = try CrossValidation.run(corpus: Self.stanceCorpus, options: result.options, folds: 2)
            #expect(direct == result.summary, "\(result.options)")
            #expect(try Self.reference(Self.stanceCorpus, result.options, folds: 2) == result.summary, "\(result.options)")
        }
        for (a, b) in zip(results, results.dropFirst()) {
            #expect(a.summary.meanMacroF1 > b.summary.meanMacroF1
                || (a.summary.meanMacroF1 == b.summary.meanMacroF1 && a.summary.meanAccuracy >= b.summary.meanAccuracy))
        }
    }

    @Test("the search is deterministic")
    func deterministic() throws {
        let first = try OptionSearch.run(corpus: Self.stanceCorpus, grid: .quick, folds: 3, seed: 1)
        let second = try OptionSearch.run(corpus: Self.stanceCorpus, grid: .quick, folds: 3, seed: 1)
        #expect(first == second)
    }

    @Test("the grids have the documented sizes and pair Bernoulli with binary features only")
    func grids() {
        #expect(OptionSearch.Grid.quick.candidates().count == 54)
        let full = OptionSearch.Grid.full.candidates()
        #expect(full.count == 486)
        #expect(Set(full).count == 486)
        #expect(full.allSatisfy { $0.model != .bernoulli || $0.vectorizer.weighting == .binary })
        #expect(full.allSatisfy { !$0.vectorizer.sublinearTF || $0.vectorizer.weighting == .tfidf })
    }
}

/// Builds a small `LabeledCorpus` line by line.
struct CorpusBuilderFixture {
    private var texts: [String] = []
    private var labels: [String] = []

    mutating func add(_ label: String, _ text: String) {
        labels.append(label)
        texts.append(text)
    }

    var corpus: LabeledCorpus {
        LabeledCorpus(texts: TextBatch(texts), labels: labels, lines: Array(1 ..< labels.count + 1))
    }
}
