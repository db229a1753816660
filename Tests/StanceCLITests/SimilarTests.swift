import Foundation
import Testing

/// train --lsa-rank, then similar (text, jsonl, --file), with the real binary in a temp directory.
@Suite(.serialized) struct SimilarTests {
    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("train --lsa-rank stores a space; similar lists the nearest training sentences")
    func similar() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try write(EndToEndTests.training, "train.tsv", in: dir)
        let model = dir.appendingPathComponent("lsa.model").path
        let plain = dir.appendingPathComponent("plain.model").path

        let train = try StanceProcess.run(["train", "--data", data, "--output", model, "--lsa-rank", "5"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("latent semantic space: rank 5, 12 sentences"))
        #expect(try StanceProcess.run(["train", "--data", data, "--output", plain]).status == 0)
        let sizes = try [model, plain].map { try #require(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        #expect(sizes[0] > sizes[1])

        let jsonl = try StanceProcess.run([
            "similar", "--model", model, "--top", "2", "--format", "jsonl",
            "Critics slammed the ruling as a disgrace.", "qqq zzz",
        ])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let neighbours = try #require(first["neighbours"] as? [[String: Any]])
        #expect(neighbours.count == 2)
        #expect(neighbours[0]["text"] as? String == "Critics slammed the ruling as a disgrace.")
        #expect(neighbours[0]["label"] as? String == "condemnation")
        #expect(neighbours[0]["index"] as? Int == 2)
        let similarity = try #require(neighbours[0]["similarity"] as? Double)
        #expect(abs(similarity - 1) < 1e-4)
        #expect(try #require(neighbours[1]["similarity"] as? Double) <= similarity)
        let second = try #require(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect((second["neighbours"] as? [Any])?.isEmpty == true)

        let queries = try write("Farmers praised the subsidy plan warmly.\n\nExports rose by four percent in March.\n", "q.txt", in: dir)
        let text = try StanceProcess.run(["similar", "--model", model, "--top", "1", "--file", queries])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("query 1: Farmers praised the subsidy plan warmly.\n   1  1.0000  support"))
        #expect(text.stdout.contains("query 2: Exports rose by four percent in March.\n   1  1.0000  analysis"))

        let missing = try StanceProcess.run(["similar", "--model", plain, "anything"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("\(plain): the model has no latent semantic space; retrain it with"))
        let usage = try StanceProcess.run(["similar", "--model", model])
        #expect(usage.status == 64)
        let rank = try StanceProcess.run(["train", "--data", data, "--output", model, "--lsa-rank=-1"])
        #expect(rank.status == 64)
        #expect(rank.stderr.contains("--lsa-rank must be at least 0"))
    }
}

/// evaluate --report writes one self-contained HTML page and still prints the table.
@Suite(.serialized) struct EvaluationReportCLITests {
    @Test("evaluate --report on the shipped model and the test split")
    func report() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.html").path
        let result = try StanceProcess.run([
            "evaluate", "--model", "Models/stance.model", "--data", "Data/stance/test.tsv", "--report", path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("macro avg"))
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<code>Data/stance/test.tsv</code>"))
        #expect(page.contains("aria-label=\"confusion matrix\""))
        #expect(!page.contains("http"))
        let failed = try StanceProcess.run([
            "evaluate", "--model", "Models/stance.model", "--data", "Data/stance/test.tsv",
            "--report", dir.appendingPathComponent("no/such/dir/r.html").path,
        ])
        #expect(failed.status == 74)
        #expect(failed.stderr.contains("cannot write the report"))
    }
}
