import Testing
@testable import StanceKit

/// Equal to within 1e-12 (scikit-learn's numbers are float64 too; only summation order may differ).
fileprivate func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

/// The 20-item fixture scored by scikit-learn below.
enum SklearnFixture {
    static let labels = ["con", "neutral", "pro"]
    static let truth = [
        "pro", "pro", "pro", "pro", "pro", "pro", "pro", "pro", "con", "con",
        "con", "con", "con", "con", "neutral", "neutral", "neutral", "neutral", "neutral", "neutral",
    ]
    static let predicted = [
        "pro", "pro", "pro", "pro", "pro", "con", "con", "neutral", "con", "con",
        "con", "con", "pro", "neutral", "neutral", "neutral", "neutral", "pro", "con", "con",
    ]
}

@Suite struct ClassificationMetricsTests {
    @Test("two classes, computed by hand")
    func handComputed() {
        // Rows true, columns predicted: neg -> (4 neg, 2 pos); pos -> (1 neg, 3 pos).
        // neg: tp 4, predicted 5, support 6 -> p 4/5, r 4/6, f1 2*4/(6+5) = 8/11.
        // pos: tp 3, predicted 5, support 4 -> p 3/5, r 3/4, f1 2*3/(4+5) = 6/9.
        // accuracy 7/10; macro f1 (8/11 + 6/9)/2; weighted f1 (6*8/11 + 4*6/9)/10.
        let m = ClassificationMetrics(ConfusionMatrix(labels: ["neg", "pos"], counts: [[4, 2], [1, 3]]))
        #expect(close(m.perClass[0].precision, 0.8) && close(m.perClass[0].recall, 4.0 / 6))
        #expect(close(m.perClass[0].f1, 8.0 / 11) && m.perClass[0].support == 6)
        #expect(close(m.perClass[1].precision, 0.6) && close(m.perClass[1].recall, 0.75))
        #expect(close(m.perClass[1].f1, 6.0 / 9) && m.perClass[1].support == 4)
        #expect(close(m.accuracy, 0.7))
        #expect(close(m.macroF1, (8.0 / 11 + 6.0 / 9) / 2))
        #expect(close(m.weightedF1, (6 * 8.0 / 11 + 4 * 6.0 / 9) / 10))
        #expect(close(m.weightedPrecision, (6 * 0.8 + 4 * 0.6) / 10))
    }

    @Test("a class never predicted has precision 0 and F1 0; an empty class scores 0 everywhere")
    func zeroDivision() {
        // Rows true: a -> 2 a; b -> 2 a (b never predicted); c has no examples and no predictions.
        // a: p 2/4, r 2/2, f1 4/(2+4) = 2/3.  b: p 0/0 -> 0, r 0/2 = 0, f1 0/(2+0) = 0.  c: all 0.
        // macro f1 (2/3 + 0 + 0)/3 = 2/9; weighted f1 (2*2/3 + 2*0 + 0*0)/4 = 1/3; accuracy 2/4.
        let m = ClassificationMetrics(ConfusionMatrix(labels: ["a", "b", "c"],
                                                      counts: [[2, 0, 0], [2, 0, 0], [0, 0, 0]]))
        #expect(m.perClass[1].precision == 0 && m.perClass[1].recall == 0 && m.perClass[1].f1 == 0)
        #expect(m.perClass[2] == ClassMetrics(label: "c", precision: 0, recall: 0, f1: 0, support: 0))
        #expect(close(m.perClass[0].f1, 2.0 / 3))
        #expect(close(m.macroF1, 2.0 / 9) && close(m.weightedF1, 1.0 / 3) && m.accuracy == 0.5)
    }

    @Test("an empty matrix scores 0 instead of dividing by zero")
    func empty() {
        let m = ClassificationMetrics(ConfusionMatrix(labels: ["a", "b"]))
        #expect(m.accuracy == 0 && m.macroF1 == 0 && m.weightedF1 == 0)
    }

    @Test("matches scikit-learn's classification_report on a 20-item fixture")
    func sklearn() throws {
        // scikit-learn 1.9.1, offline:
        //   from sklearn.metrics import classification_report
        //   classification_report(y_true, y_pred, labels=["con", "neutral", "pro"], output_dict=True)
        // with y_true, y_pred = SklearnFixture.truth, SklearnFixture.predicted. It printed:
        //   con      {'precision': 0.5, 'recall': 0.6666666666666666, 'f1-score': 0.5714285714285714, 'support': 6.0}
        //   neutral  {'precision': 0.6, 'recall': 0.5, 'f1-score': 0.5454545454545454, 'support': 6.0}
        //   pro      {'precision': 0.7142857142857143, 'recall': 0.625, 'f1-score': 0.6666666666666666, 'support': 8.0}
        //   accuracy 0.6
        //   macro avg    {'precision': 0.6047619047619048, 'recall': 0.5972222222222222, 'f1-score': 0.5945165945165946}
        //   weighted avg {'precision': 0.6157142857142857, 'recall': 0.6, 'f1-score': 0.6017316017316017}
        // and confusion_matrix(...) -> [[4, 1, 1], [2, 3, 1], [2, 1, 5]].
        let m = try ClassificationMetrics(truth: SklearnFixture.truth, predicted: SklearnFixture.predicted,
                                          labels: SklearnFixture.labels)
        #expect(m.confusion.counts == [[4, 1, 1], [2, 3, 1], [2, 1, 5]])
        let expected: [(Double, Double, Double, Int)] = [
            (0.5, 0.6666666666666666, 0.5714285714285714, 6),
            (0.6, 0.5, 0.5454545454545454, 6),
            (0.7142857142857143, 0.625, 0.6666666666666666, 8),
        ]
        for (got, want) in zip(m.perClass, expected) {
            #expect(close(got.precision, want.0) && close(got.recall, want.1))
            #expect(close(got.f1, want.2) && got.support == want.3)
        }
        #expect(close(m.accuracy, 0.6))
        #expect(close(m.macroPrecision, 0.6047619047619048) && close(m.macroRecall, 0.5972222222222222))
        #expect(close(m.macroF1, 0.5945165945165946))
        #expect(close(m.weightedPrecision, 0.6157142857142857) && close(m.weightedRecall, 0.6))
        #expect(close(m.weightedF1, 0.6017316017316017))
    }

    @Test("a listed label with no examples counts in the macro average, as with sklearn's labels=")
    func sklearnUnusedLabel() throws {
        // Same fixture, labels=["con", "neutral", "pro", "other"], zero_division=0, output_dict=True:
        //   other {'precision': 0.0, 'recall': 0.0, 'f1-score': 0.0, 'support': 0.0}
        //   macro avg    {'precision': 0.4535714285714286, 'recall': 0.44791666666666663, 'f1-score': 0.4458874458874459}
        //   weighted avg {'precision': 0.6157142857142857, 'recall': 0.6, 'f1-score': 0.6017316017316017}
        let m = try ClassificationMetrics(truth: SklearnFixture.truth, predicted: SklearnFixture.predicted,
                                          labels: SklearnFixture.labels + ["other"])
        #expect(m.perClass[3] == ClassMetrics(label: "other", precision: 0, recall: 0, f1: 0, support: 0))
        #expect(close(m.macroPrecision, 0.4535714285714286) && close(m.macroRecall, 0.44791666666666663))
        #expect(close(m.macroF1, 0.4458874458874459) && close(m.weightedF1, 0.6017316017316017))
    }
}
