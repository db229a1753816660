import Testing
@testable import StanceKit

@Suite struct ConfusionMatrixTests {
    @Test("rows are true labels, columns predictions, in the given label order")
    func counts() throws {
        let matrix = try ConfusionMatrix(
            truth: ["a", "a", "b", "c", "c", "c"],
            predicted: ["a", "b", "b", "c", "a", "c"],
            labels: ["c", "b", "a"])
        // Hand count: (a,a) (a,b) (b,b) (c,c) (c,a) (c,c) -> row c: c=2 a=1; row b: b=1; row a: b=1 a=1.
        #expect(matrix.counts == [[2, 0, 1], [0, 1, 0], [0, 1, 1]])
        #expect(matrix.total == 6)
        #expect(matrix.correct == 4)
        #expect(matrix.support == [3, 1, 2])
        #expect(matrix.predictedCounts == [2, 2, 2])
    }

    @Test("an unknown true label reports PATH:LINE and the model's classes")
    func unknownTruth() {
        #expect(throws: EvaluationError.unknownLabel(label: "maybe", classes: ["con", "pro"],
                                                     path: "data/test.tsv", line: 12)) {
            try ConfusionMatrix(truth: ["pro", "maybe"], predicted: ["pro", "con"], labels: ["con", "pro"],
                                path: "data/test.tsv", lines: [11, 12])
        }
        let error = EvaluationError.unknownLabel(label: "maybe", classes: ["con", "pro"],
                                                 path: "data/test.tsv", line: 12)
        #expect(error.description == #"data/test.tsv:12: label "maybe" is not one of the model's classes (con, pro); fix the label or retrain with it"#)
    }

    @Test("without lines, the location is the 1-based example number")
    func defaultLocation() {
        #expect(throws: EvaluationError.unknownLabel(label: "x", classes: ["a"], path: "<labels>", line: 3)) {
            try ConfusionMatrix(truth: ["a", "a", "a"], predicted: ["a", "a", "x"], labels: ["a"])
        }
    }

    @Test("mismatched lengths and duplicate labels are errors with a fix")
    func malformedInput() {
        #expect(throws: EvaluationError.lengthMismatch(truth: 2, predicted: 1)) {
            try ConfusionMatrix(truth: ["a", "b"], predicted: ["a"], labels: ["a", "b"])
        }
        #expect(EvaluationError.lengthMismatch(truth: 2, predicted: 1).description
            == "got 2 true labels but 1 predictions; give exactly one prediction per labeled example")
        #expect(throws: EvaluationError.duplicateLabel("a")) {
            try ConfusionMatrix(truth: [], predicted: [], labels: ["a", "b", "a"])
        }
    }

    @Test("adding matrices pools the folds' counts")
    func pooling() {
        let first = ConfusionMatrix(labels: ["a", "b"], counts: [[1, 2], [3, 4]])
        var second = ConfusionMatrix(labels: ["a", "b"], counts: [[10, 0], [0, 10]])
        #expect((first + second).counts == [[11, 2], [3, 14]])
        second += first
        #expect(second == first + ConfusionMatrix(labels: ["a", "b"], counts: [[10, 0], [0, 10]]))
        #expect((first + ConfusionMatrix(labels: ["a", "b"])).counts == first.counts)
    }
}
