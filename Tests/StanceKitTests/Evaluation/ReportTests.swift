import Foundation
import Testing
@testable import StanceKit

@Suite struct ReportTests {
    /// Parses `text` with Foundation, as a consumer of `--json` would.
    func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    func fixture() throws -> ClassificationMetrics {
        try ClassificationMetrics(truth: SklearnFixture.truth, predicted: SklearnFixture.predicted,
                                  labels: SklearnFixture.labels)
    }

    @Test("metrics JSON parses and has exactly the documented keys, in order")
    func metricsJSON() throws {
        let text = try fixture().json()
        let json = try parse(text)
        #expect(Set(json.keys) == ["accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"])
        #expect(text.hasPrefix(#"{"accuracy":0.6,"macro_f1":"#))
        #expect((json["accuracy"] as? Double) == 0.6)
        let perClass = try #require(json["per_class"] as? [String: [String: Any]])
        #expect(Set(perClass.keys) == ["con", "neutral", "pro"])
        let pro = try #require(perClass["pro"])
        #expect(Set(pro.keys) == ["precision", "recall", "f1", "support"])
        #expect((pro["recall"] as? Double) == 0.625 && (pro["support"] as? Int) == 8)
        let confusion = try #require(json["confusion"] as? [String: Any])
        #expect((confusion["labels"] as? [String]) == ["con", "neutral", "pro"])
        #expect((confusion["matrix"] as? [[Int]]) == [[4, 1, 1], [2, 3, 1], [2, 1, 5]])
    }

    @Test("cross-validation JSON adds spreads and per-fold arrays; numbers round-trip")
    func crossValidationJSON() throws {
        let summary = CrossValidationSummary(folds: CrossValidationSummaryTests.folds)
        let text = summary.json()
        let json = try parse(text)
        #expect(Set(json.keys) == [
            "folds", "accuracy", "accuracy_std", "macro_f1", "macro_f1_std", "weighted_f1",
            "fold_accuracy", "fold_macro_f1", "per_class", "confusion",
        ])
        #expect((json["folds"] as? Int) == 3)
        #expect((json["fold_accuracy"] as? [Double])?.count == 3 && (json["fold_macro_f1"] as? [Double])?.count == 3)
        // swift-corelibs-foundation's JSONSerialization parses numbers slightly off on Linux (a last-digit
        // error), so it only checks the value to 1e-15; exact round-tripping is checked on the text.
        let accuracy = try #require(json["accuracy"] as? Double)
        #expect(abs(accuracy - summary.meanAccuracy) < 1e-15)
        for (key, value) in [("accuracy", summary.meanAccuracy), ("macro_f1_std", summary.macroF1StandardDeviation),
                             ("weighted_f1", summary.pooled.weightedF1)] {
            #expect(text.contains("\"\(key)\":\(value.description),"))
            #expect(Double(value.description) == value)
        }
        #expect(text.contains(#""fold_accuracy":[0.8,0.7,0.9],"#))
        #expect(text == summary.json())
    }

    @Test("the report part of the table is byte-for-byte scikit-learn's", arguments: [2, 4])
    func sklearnTable(digits: Int) throws {
        // print(repr(classification_report(y_true, y_pred, labels=["con", "neutral", "pro"], digits=d)))
        // with scikit-learn 1.9.1 on SklearnFixture, for d = 2 and d = 4.
        let expected = digits == 2
            ? "              precision    recall  f1-score   support\n\n         con       0.50      0.67      0.57         6\n     neutral       0.60      0.50      0.55         6\n         pro       0.71      0.62      0.67         8\n\n    accuracy                           0.60        20\n   macro avg       0.60      0.60      0.59        20\nweighted avg       0.62      0.60      0.60        20\n"
            : "              precision    recall  f1-score   support\n\n         con     0.5000    0.6667    0.5714         6\n     neutral     0.6000    0.5000    0.5455         6\n         pro     0.7143    0.6250    0.6667         8\n\n    accuracy                         0.6000        20\n   macro avg     0.6048    0.5972    0.5945        20\nweighted avg     0.6157    0.6000    0.6017        20\n"
        let table = try fixture().table(digits: digits)
        #expect(table.hasPrefix(expected))
    }

    @Test("the table ends with the confusion matrix, labels on both axes")
    func confusionGrid() {
        let m = ClassificationMetrics(ConfusionMatrix(labels: ["neg", "pos"], counts: [[4, 2], [1, 3]]))
        #expect(m.table().hasSuffix("""

            confusion matrix (rows: true label, columns: predicted label)
                 neg  pos
            neg    4    2
            pos    1    3

            """))
        let wide = ClassificationMetrics(ConfusionMatrix(labels: ["a", "bb"], counts: [[1234, 0], [5, 6]]))
        #expect(wide.confusionTable().hasSuffix("\n       a    bb\n a  1234     0\nbb     5     6\n"))
    }

    @Test("fixed-point rounding matches Python's format on the exact binary value")
    func fixedPoint() {
        // Python: [format(x, ".2f") for x in (0.125, 0.375, 0.625, 0.285, 0.995, 1.0, 0.0, 2/3, 1e-9)]
        //   -> ['0.12', '0.38', '0.62', '0.28', '0.99', '1.00', '0.00', '0.67', '0.00']
        let values = [0.125, 0.375, 0.625, 0.285, 0.995, 1.0, 0.0, 2.0 / 3, 1e-9]
        #expect(values.map { ReportText.fixed($0, digits: 2) }
            == ["0.12", "0.38", "0.62", "0.28", "0.99", "1.00", "0.00", "0.67", "0.00"])
        // format(12.5, ".0f") -> '12'; format(-0.5, ".1f") -> '-0.5'; format(0.45, ".1f") -> '0.5'
        #expect(ReportText.fixed(12.5, digits: 0) == "12" && ReportText.fixed(-0.5, digits: 1) == "-0.5")
        #expect(ReportText.fixed(0.45, digits: 1) == "0.5")
    }

    @Test("JSONText escapes quotes, backslashes and control characters and keeps key order")
    func jsonText() throws {
        let text = JSONText.object([
            ("z", .string("say \"hi\"\\ \n\t\u{01} é")),
            ("a", .numbers([0.1, 1, .nan])),
            ("m", .object([("ok", .bool(true)), ("n", .null), ("i", .integers([-2]))])),
        ]).text
        #expect(text == #"{"z":"say \"hi\"\\ \n\t\u0001 é","a":[0.1,1.0,null],"m":{"ok":true,"n":null,"i":[-2]}}"#)
        let parsed = try parse(text)
        #expect((parsed["z"] as? String) == "say \"hi\"\\ \n\t\u{01} é")
    }

    @Test("the cross-validation table lists folds, mean, std, then the pooled report")
    func crossValidationTable() {
        let table = CrossValidationSummary(folds: CrossValidationSummaryTests.folds).table()
        #expect(table.hasPrefix("""
            fold  accuracy  macro-f1   support
               1      0.80      0.80        10
               2      0.70      0.70        10
               3      0.90      0.90        10
            mean      0.80      0.80
            std       0.08      0.08

            pooled over 3 folds:
                          precision
            """))
        #expect(table.contains("    accuracy                           0.80        30\n"))
    }
}
