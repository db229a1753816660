import Foundation
import Testing

/// inspect, explain, search, train --calibrate and evaluate's probability metrics, end to end.
@Suite(.serialized) struct UnderstandingTests {
    func json(_ text: some StringProtocol) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A temporary directory holding the end-to-end training data and a bigram model of it.
    func trained(_ extra: [String] = []) throws -> (dir: URL, data: String, model: String) {
        let dir = try StanceProcess.temporaryDirectory()
        let data = dir.appendingPathComponent("train.tsv").path
        try EndToEndTests.training.write(toFile: data, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent("m.model").path
        let result = try StanceProcess.run(["train", "--data", data, "--output", model, "--ngrams", "2"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return (dir, data, model)
    }

    @Test("inspect prints options, counts and top n-grams; --json has --top terms per class")
    func inspect() throws {
        let (dir, _, model) = try trained(["--model", "complement", "--char-ngrams", "3-4"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try StanceProcess.run(["inspect", "--model", model, "--top", "3"])
        #expect(text.status == 0, "\(text.stderr)")
        for expected in ["vocabulary:", "classifier: complement naive Bayes", "condemnation", "tokenizer.word_ngrams=1-2",
                         "most indicative n-grams per class"] {
            #expect(text.stdout.contains(expected), "\(expected)")
        }
        let object = try json(try StanceProcess.run(["inspect", "--model", model, "--top", "4", "--json"]).stdout)
        let top = try #require(object["top"] as? [String: [[String: Any]]])
        #expect(Set(top.keys) == ["analysis", "condemnation", "support"])
        #expect(top.values.allSatisfy { $0.count == 4 })
        #expect((object["training_counts"] as? [String: Double]) == ["analysis": 4, "condemnation": 4, "support": 4])
        #expect(object["temperature"] is NSNull)
        let bad = try StanceProcess.run(["inspect", "--model", model, "--top", "0"])
        #expect(bad.status == 64)
    }

    @Test("explain: contributions plus bias sum to the score and the model's joint log-likelihood")
    func explainJSON() throws {
        let (dir, _, model) = try trained()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try StanceProcess.run(
            ["explain", "--model", model, "--format", "jsonl", "The minister condemned the attack.", "Farmers praised it."])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try json(lines[0])
        #expect(first["label"] as? String == "condemnation")
        let bias = try #require(first["bias"] as? [String: Double])
        let score = try #require(first["score"] as? [String: Double])
        let jll = try #require(first["joint_log_likelihood"] as? [String: Double])
        let features = try #require(first["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        for label in ["analysis", "condemnation", "support"] {
            let sum = features.reduce(try #require(bias[label])) { total, feature in
                total + ((feature["contributions"] as? [String: Double])?[label] ?? .nan)
            }
            let expected = try #require(score[label])
            #expect(abs(sum - expected) <= 1e-9 * abs(expected))
            #expect(abs(try #require(jll[label]) - expected) <= 1e-5 * abs(expected))
        }
        let evidence = try #require(first["evidence_for"] as? [[String: Any]])
        #expect(evidence.contains { $0["display"] as? String == "condemned" })
        #expect(try json(lines[1])["label"] as? String == "support")
    }

    @Test("explain text marks the evidence without colour when stdout is not a terminal; --file --sentences reads lines")
    func explainText() throws {
        let (dir, _, model) = try trained()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try StanceProcess.run(["explain", "--model", model, "--file", "-", "--sentences"],
                                           input: "The minister condemned the attack.\n\nFarmers praised the plan.\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("[1] ") && result.stdout.contains("{+condemned+}"))
        #expect(result.stdout.contains("[2] "))
        #expect(!result.stdout.contains("[3] "))
        #expect(result.stdout.contains("evidence for condemnation: {+"))
        #expect(result.stdout.contains("contributions x_j W[c, j]"))
        #expect(!result.stdout.contains("\u{1B}["))
        let none = try StanceProcess.run(["explain", "--model", model])
        #expect(none.status == 64)
        #expect(none.stderr.contains("give sentences as arguments or --file PATH"))
    }

    @Test("search ranks the candidates, prints the winning command, and is deterministic")
    func search() throws {
        let (dir, data, _) = try trained()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["search", "--data", data, "--folds", "2", "--quick", "--seed", "3", "--json"]
        let first = try StanceProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let object = try json(first.stdout)
        #expect(object["candidates"] as? Int == 54)
        let ranking = try #require(object["ranking"] as? [[String: Any]])
        #expect(ranking.count == 54)
        #expect(ranking.compactMap { $0["rank"] as? Int } == Array(1 ... 54))
        let f1 = ranking.compactMap { $0["macro_f1"] as? Double }
        #expect(f1 == f1.sorted(by: >))
        let command = try #require(object["command"] as? String)
        let flags = try #require(ranking.first?["flags"] as? String)
        #expect(command == "stance train --data \(data) --output stance.model " + flags)
        #expect(try StanceProcess.run(arguments).stdout == first.stdout)

        let table = try StanceProcess.run(["search", "--data", data, "--folds", "2", "--quick", "--top", "3"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("2-fold cross-validation of 54 candidates on 12 examples"))
        #expect(table.stdout.contains("best: stance train --data \(data) --output stance.model --model"))
        #expect(table.stdout.split(separator: "\n").filter { $0.hasPrefix("   ") }.count == 3)
    }

    @Test("train --calibrate stores a temperature; evaluate reports log-loss, Brier and ECE before and after")
    func calibrate() throws {
        let (dir, data, plain) = try trained()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("c.model").path
        let train = try StanceProcess.run(
            ["train", "--data", data, "--output", model, "--ngrams", "2", "--calibrate", "--calibration-folds", "2"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("calibration: temperature "))
        #expect(train.stdout.contains("2 folds"))

        let evaluate = try json(try StanceProcess.run(["evaluate", "--model", model, "--data", data, "--json"]).stdout)
        let calibration = try #require(evaluate["calibration"] as? [String: Any])
        #expect(calibration["temperature"] is Double)
        let before = try #require(calibration["uncalibrated"] as? [String: Double])
        let after = try #require(calibration["calibrated"] as? [String: Double])
        #expect(Set(before.keys) == ["log_loss", "brier", "ece"] && Set(after.keys) == ["log_loss", "brier", "ece"])
        let table = try StanceProcess.run(["evaluate", "--model", model, "--data", data])
        #expect(table.stdout.contains("uncalibrated (T = 1)"))
        #expect(table.stdout.contains("calibrated (T = "))

        let uncalibrated = try json(try StanceProcess.run(["evaluate", "--model", plain, "--data", data, "--json"]).stdout)
        let none = try #require(uncalibrated["calibration"] as? [String: Any])
        #expect(none["temperature"] is NSNull && none["calibrated"] is NSNull)
        #expect(try StanceProcess.run(["inspect", "--model", model, "--json"]).stdout.contains("\"temperature\":"))

        let tooMany = try StanceProcess.run(
            ["train", "--data", data, "--output", model + "2", "--calibrate", "--calibration-folds", "5"])
        #expect(tooMany.status == 65)
        #expect(tooMany.stderr.contains("fewer than --calibration-folds 5"))
        #expect(!FileManager.default.fileExists(atPath: model + "2"))
    }

    @Test("the new commands document their options")
    func help() throws {
        for (command, flags) in [("inspect", ["--model", "--top", "--json"]),
                                 ("explain", ["--model", "--file", "--sentences", "--format", "--top"]),
                                 ("search", ["--data", "--folds", "--seed", "--quick", "--json"]),
                                 ("train", ["--calibrate", "--calibration-folds"])] {
            let result = try StanceProcess.run([command, "--help"])
            #expect(result.status == 0, "\(command)")
            for flag in flags { #expect(result.stdout.contains(flag), "\(command) --help lacks \(flag)") }
        }
    }
}
