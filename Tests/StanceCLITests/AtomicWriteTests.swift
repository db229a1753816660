import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `stance train` killed at any moment, or out of disk space, keeps the previous model, and the
/// next run leaves no temporary file behind.
@Suite(.serialized) struct AtomicWriteTests {
    /// A labeled corpus of about `megabytes` MB: three classes, 14 words a line drawn (seeded
    /// SplitMix64) from `vocabulary` words, so the model has about `vocabulary` features.
    static func corpus(megabytes: Int, vocabulary: Int) -> [UInt8] {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let labels = ["support", "condemnation", "analysis"].map { Array($0.utf8) + [0x09] }
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(megabytes * 1_000_000 + 200)
        var line = 0
        while bytes.count < megabytes * 1_000_000 {
            bytes.append(contentsOf: labels[line % 3])
            for word in 0 ..< 14 {
                if word > 0 { bytes.append(0x20) }
                bytes.append(UInt8(ascii: "t"))
                var n = Int(next() % UInt64(vocabulary))
                repeat {
                    bytes.append(digits[n & 15])
                    n >>= 4
                } while n > 0
            }
            bytes.append(0x0A)
            line += 1
        }
        return bytes
    }

    /// Starts `stance arguments...` without waiting; its output is discarded.
    static func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = StanceProcess.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The temporary files of `name` in `directory`.
    static func temporaries(of name: String, in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".\(name).tmp-") }.sorted()
    }

    /// Checks that `model` loads and classifies (through the CLI).
    static func expectLoadable(_ model: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try StanceProcess.run(["classify", "--model", model.path, "--sentences"], input: "t1 t2 t3\n")
        #expect(result.status == 0, "the model does not load: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test("SIGKILL while reading, counting and writing keeps the previous model; the next run removes the strays")
    func killed() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = dir.appendingPathComponent("small.tsv"), big = dir.appendingPathComponent("big.tsv")
        try Data(Hostile.good.utf8).write(to: small)
        try Data(Self.corpus(megabytes: 50, vocabulary: 300_000)).write(to: big)
        let model = dir.appendingPathComponent("m.model")
        let first = try StanceProcess.run(["train", "--data", small.path, "--output", model.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let previous = try Data(contentsOf: model)
        let arguments = ["train", "--data", big.path, "--output", model.path, "--quiet"]

        // Early moments: reading the file, then counting terms.
        for delay in [0.3, 3.0] {
            let run = try Self.launch(arguments)
            Thread.sleep(forTimeInterval: delay)
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            #expect(run.terminationReason == .uncaughtSignal && run.terminationStatus == SIGKILL, "finished before \(delay) s")
            #expect(try Data(contentsOf: model) == previous, "killed after \(delay) s")
        }

        // Writing: kill the moment its temporary file appears.
        let victim = try Self.launch(arguments)
        let victimFile = ".m.model.tmp-\(victim.processIdentifier)-1"
        var sawTemporary = false
        while victim.isRunning {
            if try Self.temporaries(of: "m.model", in: dir).contains(victimFile) {
                kill(victim.processIdentifier, SIGKILL)
                sawTemporary = true
                break
            }
            usleep(1000)
        }
        victim.waitUntilExit()
        #expect(sawTemporary, "the run finished before its temporary file was seen")
        #expect(victim.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: model) == previous, "killed while writing")
        try Self.expectLoadable(model)
        #expect(try Self.temporaries(of: "m.model", in: dir) == [victimFile], "the killed write left no partial file")

        // The next run (on a 1 MB corpus, for time) succeeds and removes the killed run's file.
        let medium = dir.appendingPathComponent("medium.tsv")
        try Data(Self.corpus(megabytes: 1, vocabulary: 5_000)).write(to: medium)
        let next = try StanceProcess.run(["train", "--data", medium.path, "--output", model.path, "--quiet"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try Self.temporaries(of: "m.model", in: dir).isEmpty, "stray temporary files after a successful run")
        #expect(try Data(contentsOf: model) != previous)
        try Self.expectLoadable(model)
    }

    /// Trains a small model at `dir/m.model`, then trains `corpus` over it under `ulimit -f
    /// kilobytes` (with `environment` added); returns the previous model's bytes, the run's exit
    /// status and stderr. Cancels the test when a sanitizer runtime cannot start under the limit.
    static func trainUnderFileLimit(
        _ corpus: Data, kilobytes: Int, in dir: URL, environment: [String: String] = [:]
    ) throws -> (previous: Data, status: Int32, stderr: String) {
        let small = dir.appendingPathComponent("small.tsv"), big = dir.appendingPathComponent("big.tsv")
        try Data(Hostile.good.utf8).write(to: small)
        try corpus.write(to: big)
        let model = dir.appendingPathComponent("m.model")
        _ = try StanceProcess.run(["train", "--data", small.path, "--output", model.path, "--quiet"])
        let previous = try Data(contentsOf: model)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -f \(kilobytes); exec \"$0\" \"$@\"", StanceProcess.executable.path,
                             "train", "--data", big.path, "--output", model.path, "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if stderr.contains("Sanitizer:DEADLYSIGNAL") {
            // Seen with swift test --sanitize=thread: the TSan runtime itself dies at start-up
            // under a small file-size limit, before stance runs.
            try Test.cancel("the sanitizer runtime cannot start under ulimit -f \(kilobytes)")
        }
        return (previous, process.terminationReason == .exit ? process.terminationStatus : -1, stderr)
    }

    @Test("a write past `ulimit -f` fails with EFBIG: exit 74, previous model intact, no temporary file")
    func fileSizeLimit() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 20,000 terms, each in one document: training's temporary file holds about 8 bytes per
        // term (160 KB, under the limit) and the model about 30 (600 KB, over it).
        let documents = (0 ..< 200).map { d in
            "\(d % 2 == 0 ? "support" : "condemnation")\t" + (0 ..< 100).map { "w\(d)x\($0)" }.joined(separator: " ")
        }
        let run = try Self.trainUnderFileLimit(Data((documents.joined(separator: "\n") + "\n").utf8), kilobytes: 400, in: dir)
        let model = dir.appendingPathComponent("m.model")
        #expect(run.status == 74, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.contains("\(model.path): cannot write the model (File too large); the previous file, if any, is unchanged"),
                "\(run.stderr)")
        #expect(try Data(contentsOf: model) == run.previous)
        #expect(try Self.temporaries(of: "m.model", in: dir).isEmpty)
    }

    @Test("training's temporary file past `ulimit -f`: exit 74, naming the folder and TMPDIR, previous model intact")
    func spillSizeLimit() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.trainUnderFileLimit(
            Data(Self.corpus(megabytes: 1, vocabulary: 5_000)), kilobytes: 64, in: dir, environment: ["TMPDIR": dir.path])
        #expect(run.status == 74, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.contains("\(dir.path): cannot write training's temporary file"), "\(run.stderr)")
        #expect(run.stderr.contains("File too large; set TMPDIR"), "\(run.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.model")) == run.previous)
        // The temporary file is unlinked when created: nothing is left in the folder.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("stance-train-") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test("a full tmpfs fails with ENOSPC: exit 74, previous model intact, no temporary file (needs mount rights)")
    func fullDisk() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mount = dir.appendingPathComponent("mnt")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let mounted = try Self.system("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.path])
        guard mounted.status == 0 else {
            let reason = "cannot mount a tmpfs here (\(mounted.output.trimmingCharacters(in: .whitespacesAndNewlines))); "
                + "the ulimit -f test covers the write failure"
            print("AtomicWriteTests.fullDisk skipped: \(reason)")
            try Test.cancel(Comment(rawValue: reason))
        }
        defer { _ = try? Self.system("/bin/umount", [mount.path]) }
        let small = dir.appendingPathComponent("small.tsv"), big = dir.appendingPathComponent("big.tsv")
        try Data(Hostile.good.utf8).write(to: small)
        try Data(Self.corpus(megabytes: 1, vocabulary: 20_000)).write(to: big)
        let model = mount.appendingPathComponent("m.model")
        _ = try StanceProcess.run(["train", "--data", small.path, "--output", model.path, "--quiet"])
        let previous = try Data(contentsOf: model)
        let full = try StanceProcess.run(["train", "--data", big.path, "--output", model.path, "--quiet"])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("\(model.path): cannot write the model (No space left on device)"), "\(full.stderr)")
        #expect(try Data(contentsOf: model) == previous)
        #expect(try Self.temporaries(of: "m.model", in: mount).isEmpty)
    }

    /// Runs a system command; returns its status and combined output.
    static func system(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
