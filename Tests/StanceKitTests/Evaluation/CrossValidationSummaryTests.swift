import Testing
@testable import StanceKit

fileprivate func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

@Suite struct CrossValidationSummaryTests {
    static let folds = [
        ConfusionMatrix(labels: ["neg", "pos"], counts: [[4, 1], [1, 4]]),
        ConfusionMatrix(labels: ["neg", "pos"], counts: [[4, 1], [2, 3]]),
        ConfusionMatrix(labels: ["neg", "pos"], counts: [[5, 0], [1, 4]]),
    ]

    @Test("mean and population standard deviation of fold scores match numpy")
    func meanAndSpread() {
        // numpy 2 / scikit-learn 1.9.1, offline, expanding each matrix into y_true / y_pred lists:
        //   acc = [accuracy_score(t, p) ...]                -> [0.8, 0.7, 0.9]
        //   np.mean(acc), np.std(acc)                       -> 0.7999999999999999, 0.08164965809277262
        //   mf = [f1_score(t, p, average="macro") ...]      -> [0.8, 0.696969696969697, 0.898989898989899]
        //   np.mean(mf), np.std(mf)                         -> 0.7986531986531986, 0.08247990022412174
        // By hand: accuracy std = sqrt((0.01 + 0.01 + 0) / 3) = sqrt(0.02 / 3).
        let summary = CrossValidationSummary(folds: Self.folds)
        #expect(zip(summary.foldAccuracy, [0.8, 0.7, 0.9]).allSatisfy(close))
        #expect(zip(summary.foldMacroF1, [0.8, 0.696969696969697, 0.898989898989899]).allSatisfy(close))
        #expect(close(summary.meanAccuracy, 0.7999999999999999))
        #expect(close(summary.accuracyStandardDeviation, 0.08164965809277262))
        #expect(close(summary.accuracyStandardDeviation, (0.02 / 3).squareRoot()))
        #expect(close(summary.meanMacroF1, 0.7986531986531986))
        #expect(close(summary.macroF1StandardDeviation, 0.08247990022412174))
    }

    @Test("the pooled metrics come from the summed matrix")
    func pooled() {
        // classification_report of all 30 pooled predictions (same offline run):
        //   neg f1 0.8125, pos f1 0.7857142857142857, accuracy 0.8, weighted f1 0.7991071428571428
        let summary = CrossValidationSummary(folds: Self.folds)
        #expect(summary.pooled.confusion.counts == [[13, 2], [4, 11]])
        #expect(close(summary.pooled.perClass[0].f1, 0.8125) && close(summary.pooled.perClass[1].f1, 0.7857142857142857))
        #expect(close(summary.pooled.accuracy, 0.8) && close(summary.pooled.weightedF1, 0.7991071428571428))
    }

    @Test("one fold has standard deviation 0 and its own scores as means")
    func singleFold() {
        let summary = CrossValidationSummary(folds: [Self.folds[1]])
        #expect(summary.accuracyStandardDeviation == 0 && summary.macroF1StandardDeviation == 0)
        #expect(summary.meanAccuracy == summary.folds[0].accuracy && summary.meanMacroF1 == summary.folds[0].macroF1)
        #expect(summary.pooled == summary.folds[0])
    }
}
