import Foundation
import StanceKit

/// `stance benchmark`'s cold-start case, issue 5's target: `stance classify` on the seed article
/// with the shipped model, process start to exit, under 50 ms. This executable is spawned as
/// `stance classify seeds/000_ff11f20161483f68.txt` in the package folder (so the model is found
/// as the user's command finds it), 3 times untimed, then `repetitions` times timed
/// (`ProcessTimer`: spawn to `waitpid`, CLOCK_MONOTONIC), each after `pause` seconds idle (0:
/// back to back; a few seconds let this VM hand freed memory back to the host first, the case of
/// a command run now and then: see `ScoringHeap`). Each run must exit 0 and print
/// exactly what this process prints for the same article through the same code
/// (`Classify.label` and `ClassificationWriter`, without colour, as for a pipe).
struct ColdStartCase {
    static let name = "cold-start-classify-seed"
    static let seed = "seeds/000_ff11f20161483f68.txt"
    /// The target, in seconds.
    static let target = 0.050
    static let warmup = 3

    /// The package folder: the shipped model's (found as `classify` finds it), if it holds the seed.
    let root: String
    /// This executable.
    let executable: String
    let repetitions: Int
    /// Seconds idle before each timed run.
    let pause: Double

    /// The case, or why it cannot run here.
    static func locate(repetitions: Int, pause: Double) -> Result<ColdStartCase, SkipReason> {
        guard let model = try? ModelLocator.shippedModel() else {
            return .failure(SkipReason(text: "no \(ModelLocator.relativePath) in the working directory or above the executable"))
        }
        let root = URL(fileURLWithPath: model).deletingLastPathComponent().deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: root + "/" + seed) else {
            return .failure(SkipReason(text: "no \(seed) in \(root)"))
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            return .failure(SkipReason(text: "this executable's path is unknown (no /proc/self/exe)"))
        }
        return .success(ColdStartCase(root: root, executable: executable, repetitions: repetitions, pause: pause))
    }

    struct SkipReason: Error {
        let text: String
    }

    /// The measured times (seconds, sorted), the article's size, and nil or what was wrong.
    func run() -> (times: [Double], bytes: Int, failure: String?) {
        let expected: String
        let bytes: Int
        do {
            let classifier = try TextClassifier.load(from: root + "/" + ModelLocator.relativePath)
            let input = try InputText.read(root + "/" + Self.seed, format: .auto)
            let (units, predictions) = Classify.label(input, with: classifier, lines: false, keepNonContent: false)
            var writer = ClassificationWriter(
                format: .text, classes: classifier.classes, threshold: 0, showFile: false, color: false,
                output: .memory())
            writer.article(path: Self.seed, input: input, units: units, predictions: predictions)
            expected = writer.text
            bytes = input.text.utf8.count
        } catch {
            return ([], 0, "the in-process classification failed: \(error)")
        }
        var times: [Double] = []
        for index in 0 ..< Self.warmup + repetitions {
            let run: ProcessTimer.Run
            if index >= Self.warmup && pause > 0 { Thread.sleep(forTimeInterval: pause) }
            do {
                run = try ProcessTimer.run(executable, arguments: ["classify", Self.seed], directory: root)
            } catch {
                return (times.sorted(), bytes, error.description)
            }
            if let failure = Self.check(run, expected: expected) { return (times.sorted(), bytes, "run \(index + 1): \(failure)") }
            if index >= Self.warmup { times.append(run.seconds) }
        }
        return (times.sorted(), bytes, nil)
    }

    /// nil when `run` exited 0 with `expected` as its output, else what differs.
    static func check(_ run: ProcessTimer.Run, expected: String) -> String? {
        guard run.status == 0 else {
            let message = String(decoding: run.errorOutput, as: UTF8.self).split(separator: "\n").first ?? ""
            return "exit status \(run.status): \(message)"
        }
        let wanted = Array(expected.utf8)
        guard run.output != wanted else { return nil }
        let offset = zip(run.output, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(run.output.count, wanted.count)
        return "output differs from the in-process classification at byte \(offset) "
            + "(\(run.output.count) bytes, expected \(wanted.count))"
    }
}
