import Foundation
import Testing

@testable import StanceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite struct AtomicFileTests {
    /// The PID of a process that has exited and been reaped.
    func deadProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("a write removes the temporary files of dead writers of the same target, and nothing else")
    func staleTemporaries() throws {
        try withDirectory { (directory: String, dead: Int32) throws in
            let stale = [".m.model.tmp-\(dead)-1", ".m.model.tmp-\(dead)-17"]
            let kept = [
                ".m.model.tmp-\(getpid())-99",  // this process
                ".m.model.tmp-1-1",  // PID 1 is alive
                ".other.model.tmp-\(dead)-1",  // another target
                ".m.model.tmp-\(dead)-x",  // not the pattern
                ".m.model.tmp-\(dead)",  // not the pattern
                "m.model.tmp-\(dead)-1",  // not hidden
            ]
            for name in stale + kept { #expect(FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data([1]))) }
            try AtomicFile.write([1, 2, 3], to: "\(directory)/m.model")
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
            #expect(left == Set(kept + ["m.model"]))
            #expect(try AtomicFile.read("\(directory)/m.model") == [1, 2, 3])
        }
    }

    @Test("stale temporaries are found among thousands of names of every length")
    func manyEntries() throws {
        try withDirectory { (directory: String, dead: Int32) throws in
            // Names of 3 to 245 bytes, so readdir's records end at every offset of its buffer.
            for k in 0 ..< 3000 {
                let name = "f\(k)-" + String(repeating: "x", count: (k * 7) % 240)
                #expect(FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: nil))
        }
        let stale = (0 ..< 20).map { ".m.model.tmp-\(dead)-\($0)" }
        for name in stale { #expect(FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: nil)) }
        for _ in 0 ..< 5 { AtomicFile.removeStaleTemporaries(in: directory, name: "other.model") }
        #expect(Set(AtomicFile.removeStaleTemporaries(in: directory, name: "m.model")) == Set(stale))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 3000)
        }
    }

    /// Runs `body` with a new empty folder (removed afterwards) and the PID of a dead process.
    func withDirectory(_ body: (String, Int32) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory, try deadProcess())
    }

    @Test("the PID is read only from a PID-N suffix")
    func writerProcess() {
        #expect(AtomicFile.writerProcess("123-4") == 123)
        for suffix in ["", "-", "123", "123-", "-4", "12a-4", "123-4-5", "٣-4", "0-1", "99999999999999999999-1"] {
            #expect(AtomicFile.writerProcess(Substring(suffix)) == nil, "\(suffix)")
        }
    }

    @Test("a file streamed in pieces of every size, staged or written as they are, is their concatenation")
    func streamedPieces() throws {
        try withDirectory { (directory: String, _: Int32) throws in
            var generator = SplitMix64(seed: 11)
            let bytes = (0 ..< (3 * AtomicFile.writeBackPiece + 12_345)).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            let staged = AtomicFile.Sink.stagedPiece
            // Single bytes, pieces around the staging limit, and pieces past a write-back piece.
            let sizes = [1, 1, 7, staged - 1, staged, staged + 1, 3 * staged, 100, AtomicFile.writeBackPiece + 5, 2, 4 * staged + 3]
            try AtomicFile.write(to: "\(directory)/m.model") { sink in
                bytes.withUnsafeBytes { raw in
                    var at = 0, k = 0
                    while at < raw.count {
                        let n = min(sizes[k % sizes.count], raw.count - at)
                        sink.write(UnsafeRawBufferPointer(rebasing: raw[at ..< at + n]))
                        at += n
                        k += 1
                    }
                }
            }
            #expect(try AtomicFile.read("\(directory)/m.model") == bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["m.model"])
        }
    }
}
