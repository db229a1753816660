/// Splits labeled examples into `folds` train/test pairs that keep each class's share in every fold,
/// in the spirit of scikit-learn's `StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)`.
///
/// The algorithm (not scikit-learn's exact one, so fold contents differ from it):
/// 1. group example indices by label, labels taken in ascending order;
/// 2. shuffle each group with `deterministicShuffle` from one `SplitMix64(seed:)`, groups in that order;
/// 3. deal the groups' indices round-robin into the folds, the dealer position carrying on from one
///    group to the next.
///
/// So a class with `n` examples puts `⌊n / folds⌋` or `⌈n / folds⌉` of them in each fold, and fold
/// sizes differ by at most one. Fold `k` tests on its own indices and trains on all the others; both
/// lists are sorted ascending. The same labels and seed give the same splits on every platform.
public struct StratifiedKFold: Sendable, Equatable {
    /// The number of folds (at least 2 for `validate(labels:)` to pass).
    public let folds: Int
    /// The seed of the `SplitMix64` that shuffles each class.
    public let seed: UInt64

    /// A splitter into `folds` folds shuffled by `seed`; call `validate(labels:)` before `splits(labels:)`.
    public init(folds: Int, seed: UInt64) {
        self.folds = folds
        self.seed = seed
    }

    /// Checks that `labels` can be split: at least 2 folds, at least one example, and at least
    /// `folds` examples of every class (so every test fold sees every class).
    ///
    /// - Throws: `EvaluationError.tooFewFolds`, `.noExamples` or `.tooFewExamples` (the first class,
    ///   in ascending label order, that is too small).
    public func validate(labels: [String]) throws(EvaluationError) {
        guard folds >= 2 else { throw .tooFewFolds(folds) }
        guard !labels.isEmpty else { throw .noExamples }
        for (label, members) in Self.groups(labels) where members.count < folds {
            throw .tooFewExamples(label: label, count: members.count, folds: folds)
        }
    }

    /// The `folds` (train, test) index pairs for examples labeled `labels`.
    ///
    /// Never traps: with `folds < 2` it returns no splits, and a class smaller than `folds` is simply
    /// missing from some test folds; `validate(labels:)` reports both as errors.
    public func splits(labels: [String]) -> [(train: [Int], test: [Int])] {
        guard folds >= 2 else { return [] }
        return testFolds(labels: labels).map { test in
            var inTest = [Bool](repeating: false, count: labels.count)
            for index in test { inTest[index] = true }
            return (train: labels.indices.filter { !inTest[$0] }, test: test)
        }
    }

    /// The fold number, in `0 ..< folds`, of every example (empty when `folds < 2`).
    public func foldAssignment(labels: [String]) -> [Int] {
        guard folds >= 2 else { return [] }
        var fold = [Int](repeating: 0, count: labels.count)
        for (k, test) in testFolds(labels: labels).enumerated() {
            for index in test { fold[index] = k }
        }
        return fold
    }

    /// The test indices of each fold, each sorted ascending; `folds >= 2`.
    private func testFolds(labels: [String]) -> [[Int]] {
        var rng = SplitMix64(seed: seed)
        var tests = [[Int]](repeating: [], count: folds)
        var dealer = 0
        for (_, members) in Self.groups(labels) {
            var shuffled = members
            deterministicShuffle(&shuffled, using: &rng)
            for index in shuffled {
                tests[dealer].append(index)
                dealer = dealer + 1 == folds ? 0 : dealer + 1
            }
        }
        return tests.map { $0.sorted() }
    }

    /// Example indices grouped by label, labels in ascending order, indices ascending within a group.
    private static func groups(_ labels: [String]) -> [(label: String, members: [Int])] {
        var members: [String: [Int]] = [:]
        for (index, label) in labels.enumerated() {
            members[label, default: []].append(index)
        }
        return members.keys.sorted().map { (label: $0, members: members[$0] ?? []) }
    }
}
