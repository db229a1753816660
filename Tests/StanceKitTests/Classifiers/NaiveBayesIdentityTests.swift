import Testing
@testable import StanceKit

/// scikit-learn's identity checks on every variant.
@Suite struct NaiveBayesIdentityTests {
    static let kinds = NaiveBayesKind.allCases

    func data() throws -> (SparseMatrix, [String]) {
        let (_, matrix) = try Vectorizer.fit(TextBatch(SKLearnFixture.documents), options: .init(weighting: .counts))
        return (matrix, SKLearnFixture.labels)
    }

    @Test("probabilities sum to one and equal exp of the log-probabilities", arguments: kinds)
    func probabilities(kind: NaiveBayesKind) throws {
        let (matrix, labels) = try data()
        let model = try kind.fit(matrix, labels: labels, options: .init())
        let logs = model.predictLogProbabilities(matrix)
        let probabilities = model.predictProbabilities(matrix)
        for (logRow, row) in zip(logs, probabilities) {
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            for (l, p) in zip(logRow, row) { #expect(abs(exp(l) - p) < 1e-12) }
        }
    }

    @Test("partialFit over chunks gives exactly the counts and predictions of one fit", arguments: kinds)
    func partialFit(kind: NaiveBayesKind) throws {
        let (matrix, labels) = try data()
        let whole = try kind.fit(matrix, labels: labels, options: .init())
        var chunked = try kind.make(
            counts: NaiveBayesCounts(classes: whole.classes, featureCount: matrix.columnCount), options: .init())
        for chunk in [0 ..< 3, 3 ..< 5, 5 ..< 8] {
            chunked = try chunked.partialFitAny(matrix.rows(chunk), labels: Array(labels[chunk]))
        }
        #expect(chunked.counts == whole.counts)
        #expect(chunked.predictProbabilities(matrix) == whole.predictProbabilities(matrix))
    }

    @Test("fitted priors equal the class frequencies")
    func priors() throws {
        let (matrix, labels) = try data()
        let model = try MultinomialNaiveBayes.fit(matrix, labels: labels)
        #expect(model.counts.classCounts == [2, 3, 3])
        for (b, n) in zip(model.scorer.bias, [2.0, 3, 3]) { #expect(abs(b - log(n / 8)) < 1e-12) }
        let explicit = try MultinomialNaiveBayes.fit(matrix, labels: labels, options: .init(classPriors: [0.5, 0.25, 0.25]))
        #expect(abs(explicit.scorer.bias[0] - log(0.5)) < 1e-12)
    }

    @Test("one class, bad priors and unknown labels are errors with a fix")
    func errors() throws {
        let (matrix, labels) = try data()
        #expect(throws: ClassifierError.singleClass("a")) {
            try MultinomialNaiveBayes.fit(matrix, labels: Array(repeating: "a", count: 8))
        }
        #expect(throws: ClassifierError.self) {
            try MultinomialNaiveBayes.fit(matrix, labels: labels, options: .init(classPriors: [0.5, 0.5]))
        }
        #expect(throws: ClassifierError.self) {
            try MultinomialNaiveBayes.fit(matrix, labels: labels, options: .init(alpha: -1))
        }
        let model = try MultinomialNaiveBayes.fit(matrix, labels: labels)
        #expect(throws: ClassifierError.unknownLabel("other", known: model.classes)) {
            try model.partialFit(matrix.rows([0]), labels: ["other"])
        }
    }
}

extension NaiveBayesClassifier {
    /// `partialFit` through the existential.
    func partialFitAny(_ matrix: SparseMatrix, labels: [String]) throws -> any NaiveBayesClassifier {
        try partialFit(matrix, labels: labels)
    }
}

#if canImport(Glibc)
import Glibc
#endif
