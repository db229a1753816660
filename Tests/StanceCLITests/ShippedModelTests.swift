import Foundation
import Testing

/// The shipped model can never drift from the data and the code: retraining it with
/// scripts/train-stance-model gives the committed Models/stance.model byte for byte.
@Suite(.serialized) struct ShippedModelTests {
    @Test("scripts/train-stance-model reproduces Models/stance.model byte for byte")
    func reproducible() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("stance.model").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [StanceProcess.packageRoot.appendingPathComponent("scripts/train-stance-model").path, output]
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE"] = StanceProcess.executable.path
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let committed = try Data(contentsOf: StanceProcess.packageRoot.appendingPathComponent("Models/stance.model"))
        let retrained = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(retrained == committed, "retrain with scripts/train-stance-model and commit the result")
    }

    @Test("classify with no flags reads the seed article with the shipped model")
    func seedArticle() throws {
        let result = try StanceProcess.run(["classify", "--format", "jsonl", "seeds/000_ff11f20161483f68.txt"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try result.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(rows.count == 24)
        let labels = rows.compactMap { $0["label"] as? String }
        #expect(Set(labels).isSubset(of: ["analysis", "condemnation", "support"]))
        let yoon = try #require(rows.first { ($0["sentence"] as? String)?.hasPrefix("South Korean President Yoon") == true })
        #expect(yoon["label"] as? String == "condemnation")
        let kim = try #require(rows.first { ($0["sentence"] as? String)?.contains("expressing full support") == true })
        #expect(kim["label"] as? String == "support")
        #expect(!labels.contains("advertising"))
    }

    @Test("the shipped model scores at least 0.85 macro-F1 on the held-out test split")
    func testSplit() throws {
        let result = try StanceProcess.run(["evaluate", "--model", "Models/stance.model", "--data", "Data/stance/test.tsv", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let macroF1 = try #require(object["macro_f1"] as? Double)
        #expect(macroF1 >= 0.85)
    }
}
