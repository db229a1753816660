import Foundation
import Testing

/// `stance benchmark --cold-start` checks its runs and skips cleanly without the shipped model;
/// `stance classify` on the sparse path does not load OpenBLAS. Correctness only, no timing.
@Suite(.serialized) struct ColdStartTests {
    /// The one JSON object `--json` prints.
    static func object(_ output: String) throws -> [String: Any] {
        let line = try #require(output.split(separator: "\n").first)
        return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// The JSON object of `stance benchmark --cold-start --json` with `arguments`, which must exit 0.
    static func measured(_ arguments: [String]) throws -> [String: Any] {
        let result = try StanceProcess.run(["benchmark", "--cold-start", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try object(result.stdout)
    }

    @Test("the cold-start case runs classify as a process and its output matches the in-process one")
    func measures() throws {
        let object = try Self.measured(["--repetitions", "3"])
        #expect(object["case"] as? String == "cold-start-classify-seed")
        #expect(object["check"] as? String == "ok")
        #expect((object["repetitions"] as? Int ?? 0) >= 20)
        #expect((object["min_seconds"] as? Double ?? 0) > 0)
        #expect(object["target_seconds"] as? Double == 0.05)
    }

    @Test("--pause idles before each timed run and is recorded; a pause outside 0...60 s is refused")
    func pause() throws {
        let object = try Self.measured(["--pause", "0.01"])
        #expect(object["check"] as? String == "ok")
        #expect(object["pause_seconds"] as? Double == 0.01)
        #expect((object["repetitions"] as? Int ?? 0) >= 20)
        for bad in ["-1", "61"] {
            let refused = try StanceProcess.run(["benchmark", "--cold-start", "--pause=\(bad)"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--pause must be between 0 and 60 seconds, got"), "\(refused.stderr)")
        }
    }

    @Test("without a shipped model in reach the case is skipped with a note, exit 0")
    func skips() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stance-cold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A copy of the executable outside the package: no model beside or above it.
        let copy = scratch.appendingPathComponent("stance")
        try FileManager.default.copyItem(at: StanceProcess.executable, to: copy)
        let result = try StanceProcess.run(
            ["benchmark", "--cold-start", "--json"], in: scratch, executable: copy)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.object(result.stdout)["skipped"] as? String
            == "no Models/stance.model in the working directory or above the executable")
    }

    @Test("classify on the seed article never loads OpenBLAS (it is loaded only for dense algebra)")
    func openBLASNotLoaded() throws {
        let result = try StanceProcess.run(
            ["classify", ArticleInputTests.seed], environment: ["LD_DEBUG": "files"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("file=libswiftCore.so"), "LD_DEBUG had no effect: \(result.stderr.prefix(200))")
        #expect(!result.stderr.contains("libopenblas"))
    }
}
