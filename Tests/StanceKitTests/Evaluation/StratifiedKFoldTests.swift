import Testing
@testable import StanceKit

@Suite struct StratifiedKFoldTests {
    /// 23 labels, interleaved: 11 "pro", 7 "con", 5 "neutral".
    static let labels: [String] = (0..<23).map { i in
        i % 2 == 0 && i < 22 ? "pro" : (i % 3 == 0 || i > 20 ? "neutral" : "con")
    }

    @Test("the fixture has the class sizes the other tests assume")
    func fixture() {
        let counts = Dictionary(Self.labels.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(counts == ["pro": 11, "con": 7, "neutral": 5])
    }

    @Test("test folds partition the indices; train is the complement; both sorted", arguments: [2, 3, 5])
    func partition(folds: Int) {
        let splits = StratifiedKFold(folds: folds, seed: 1).splits(labels: Self.labels)
        #expect(splits.count == folds)
        #expect(splits.flatMap(\.test).sorted() == Array(Self.labels.indices))
        for split in splits {
            #expect(split.test == split.test.sorted() && split.train == split.train.sorted())
            #expect(Set(split.train).isDisjoint(with: split.test))
            #expect(split.train.count + split.test.count == Self.labels.count)
        }
        let sizes = splits.map(\.test.count)
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    }

    @Test("every fold holds floor or ceil of each class", arguments: [2, 3, 5])
    func stratified(folds: Int) {
        let splits = StratifiedKFold(folds: folds, seed: 2).splits(labels: Self.labels)
        for (label, total) in [("pro", 11), ("con", 7), ("neutral", 5)] {
            for split in splits {
                let inFold = split.test.filter { Self.labels[$0] == label }.count
                #expect(inFold == total / folds || inFold == (total + folds - 1) / folds)
            }
        }
    }

    @Test("the same seed gives the same folds; another seed different ones")
    func determinism() {
        let a = StratifiedKFold(folds: 4, seed: 42).splits(labels: Self.labels).map(\.test)
        let b = StratifiedKFold(folds: 4, seed: 42).splits(labels: Self.labels).map(\.test)
        let c = StratifiedKFold(folds: 4, seed: 43).splits(labels: Self.labels).map(\.test)
        #expect(a == b)
        #expect(a != c)
        let assignment = StratifiedKFold(folds: 4, seed: 42).foldAssignment(labels: Self.labels)
        for (k, test) in a.enumerated() { #expect(test.allSatisfy { assignment[$0] == k }) }
    }

    @Test("validate names the problem and the fix")
    func validation() throws {
        let splitter = StratifiedKFold(folds: 5, seed: 0)
        #expect(throws: EvaluationError.tooFewExamples(label: "x", count: 3, folds: 5)) {
            try splitter.validate(labels: ["x", "y", "x", "y", "x", "y", "y", "y"])
        }
        #expect(EvaluationError.tooFewExamples(label: "x", count: 3, folds: 5).description
            == #"class "x" has 3 examples, fewer than --folds 5; lower --folds or add examples"#)
        #expect(throws: EvaluationError.tooFewFolds(1)) { try StratifiedKFold(folds: 1, seed: 0).validate(labels: ["a"]) }
        #expect(EvaluationError.tooFewFolds(1).description == "folds must be at least 2, got 1; use --folds 2 or more")
        #expect(throws: EvaluationError.noExamples) { try splitter.validate(labels: []) }
        try StratifiedKFold(folds: 5, seed: 0).validate(labels: Self.labels)
    }

    @Test("invalid settings never trap: no splits below 2 folds, small classes just skip folds")
    func noTraps() {
        #expect(StratifiedKFold(folds: 1, seed: 0).splits(labels: Self.labels).isEmpty)
        #expect(StratifiedKFold(folds: -3, seed: 0).foldAssignment(labels: Self.labels).isEmpty)
        let splits = StratifiedKFold(folds: 6, seed: 0).splits(labels: Self.labels)
        #expect(splits.flatMap(\.test).sorted() == Array(Self.labels.indices))
        #expect(StratifiedKFold(folds: 3, seed: 0).splits(labels: []).allSatisfy { $0.test.isEmpty && $0.train.isEmpty })
    }
}
