import Testing
@testable import StanceKit

/// `ProcessTimer` runs a child and reports what it printed and how it ended (timing is not
/// checked here, only that it is a positive duration).
@Suite struct ProcessTimerTests {
    @Test("captures standard output and error and the exit code")
    func capturesOutputAndStatus() throws {
        let run = try ProcessTimer.run("/bin/sh", arguments: ["-c", "printf out; printf err >&2; exit 3"])
        #expect(String(decoding: run.output, as: UTF8.self) == "out")
        #expect(String(decoding: run.errorOutput, as: UTF8.self) == "err")
        #expect(run.status == 3)
        #expect(run.seconds > 0)
    }

    @Test("reads outputs larger than a pipe's buffer from both streams")
    func drainsLargeOutputs() throws {
        // 200,000 bytes on each stream: more than a 64 KiB pipe holds, so both must be drained.
        let script = "head -c 200000 /dev/zero; head -c 200000 /dev/zero >&2"
        let run = try ProcessTimer.run("/bin/sh", arguments: ["-c", script])
        #expect(run.status == 0)
        #expect(run.output.count == 200_000 && run.errorOutput.count == 200_000)
    }

    @Test("runs in the given directory with standard input at end of file")
    func directoryAndInput() throws {
        let run = try ProcessTimer.run("/bin/sh", arguments: ["-c", "pwd; wc -c"], directory: "/")
        #expect(String(decoding: run.output, as: UTF8.self).split(separator: "\n").map { $0.trimmingPrefix(" ") }
            == ["/", "0"])
    }

    @Test("a signal shows as 128 + its number")
    func signal() throws {
        let run = try ProcessTimer.run("/bin/sh", arguments: ["-c", "kill -9 $$"])
        #expect(run.status == 128 + 9)
    }

    @Test("a missing executable throws with the path and the fix")
    func missingExecutable() {
        #expect {
            _ = try ProcessTimer.run("/nonexistent/stance", arguments: [])
        } throws: { error in
            (error as? ProcessTimerError)?.description
                == "/nonexistent/stance: cannot run (No such file or directory); check that it exists and is executable"
        }
    }
}
