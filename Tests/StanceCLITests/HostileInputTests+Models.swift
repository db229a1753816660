import Foundation

/// The model-file cases of `HostileInputTests`: each damages a freshly trained model file.
extension HostileInputTests {
    /// A case loading `DIR/m.model` made by `make`.
    static func model(_ name: String, status: Int32 = 65, _ message: String, _ make: @escaping @Sendable () throws -> [UInt8])
        -> Case
    {
        Case(name: name, inputs: [.bytes("m.model", make)], arguments: classify, status: status, message: message)
    }

    /// The model cut to its first `length` bytes (a negative length counts from the end).
    static func truncated(_ length: Int) -> Case {
        let size = (try? Hostile.model().count) ?? 0
        let cut = length >= 0 ? length : size + length
        return model("truncated to \(cut) of \(size) bytes",
                     "DIR/m.model: the model file is truncated at byte \(cut); copy it again or retrain it") {
            Array(try Hostile.model().prefix(cut))
        }
    }

    /// A model whose `tag` section starts with a count of 2^60 entries, checksum recomputed.
    static func hugeCount(_ tag: String) -> Case {
        model("\(tag) claims 2^60 entries",
              "DIR/m.model: corrupt \(tag) section (a length of 1152921504606846976 exceeds the section)") {
            let bytes = try Hostile.model()
            return Hostile.replacing(bytes, uint64: 1 << 60, at: Hostile.section(tag, of: bytes).payload.lowerBound)
        }
    }

    static let modelCases: [Case] = [
        model("wrong magic", "DIR/m.model: not a stance model file (wrong magic bytes); pass a file written by `stance train`") {
            Array("PK\u{3}\u{4}".utf8) + (try Hostile.model()).dropFirst(4)
        },
        model("empty model file", "DIR/m.model: not a stance model file (wrong magic bytes)") { [] },
        model("an executable as model", "DIR/m.model: not a stance model file (wrong magic bytes)", Hostile.executableBytes),
        model("a TSV corpus as model", "DIR/m.model: not a stance model file (wrong magic bytes)") { Array(Hostile.good.utf8) },
        model("newer format version", "DIR/m.model: model format version 3 is newer than this stance supports (2); "
              + "upgrade stance or retrain the model with this version") {
            Hostile.replacing(try Hostile.model(), uint32: 3, at: 4)
        },
        model("format version 0", "DIR/m.model: corrupt header section (version 0)") {
            Hostile.replacing(try Hostile.model(), uint32: 0, at: 4)
        },
        model("bad checksum", "DIR/m.model: checksum mismatch, the model file is damaged; copy it again or retrain it") {
            var bytes = try Hostile.model()
            bytes[bytes.count - 1] ^= 0xFF
            return bytes
        },
        model("one flipped bit in the middle", "DIR/m.model: checksum mismatch") {
            var bytes = try Hostile.model()
            bytes[bytes.count / 2] ^= 0x04
            return bytes
        },
        truncated(4), truncated(7), truncated(12), truncated(19), truncated(20), truncated(100), truncated(-9), truncated(-1),
        model("bytes appended", "DIR/m.model: corrupt header section (5 unexpected bytes after the last section)") {
            try Hostile.model() + [1, 2, 3, 4, 5]
        },
        model("section table claims a 2^60-byte section", "DIR/m.model: the model file is truncated at byte") {
            let bytes = try Hostile.model()
            return Hostile.replacing(bytes, uint64: 1 << 60, at: Hostile.section("VOCB", of: bytes).lengthOffset)
        },
        model("section table claims 2^32-1 sections", "DIR/m.model: the model file is truncated at byte") {
            Hostile.replacing(try Hostile.model(), uint32: .max, at: 8)
        },
        hugeCount("VOCB"), hugeCount("IDF_"), hugeCount("CCNT"), hugeCount("FCNT"),
        model("CLSS claims 2^32-1 classes", "DIR/m.model: corrupt CLSS section (bad class count)") {
            let bytes = try Hostile.model()
            return Hostile.replacing(bytes, uint32: .max, at: Hostile.section("CLSS", of: bytes).payload.lowerBound)
        },
        model("a term length of 2^31", "DIR/m.model: corrupt VOCB section (term lengths do not add up to the section)") {
            let bytes = try Hostile.model()
            return Hostile.replacing(bytes, uint32: 1 << 31, at: Hostile.section("VOCB", of: bytes).payload.lowerBound + 8)
        },
        model("options that are not key=value lines", "DIR/m.model: corrupt OPTS section (line without '=')") {
            var bytes = try Hostile.model()
            bytes[Hostile.section("OPTS", of: bytes).payload.lowerBound + 5] = 0x0A
            return Hostile.resealed(bytes)
        },
        model("a missing section", "DIR/m.model: the model file has no FCNT section; retrain it with this version of stance") {
            var bytes = try Hostile.model()
            let offset = Hostile.section("FCNT", of: bytes).lengthOffset - 4
            bytes.replaceSubrange(offset ..< offset + 4, with: Array("XXXX".utf8))
            return Hostile.resealed(bytes)
        },
        model("NaN counts", "DIR/m.model: corrupt FCNT section (negative or non-finite counts)") {
            Hostile.replacingCounts(try Hostile.model(), in: "FCNT", with: .nan)
        },
        model("counts whose sums overflow", "DIR/m.model: corrupt FCNT section (the counts give weights that are not finite") {
            Hostile.replacingCounts(try Hostile.model(), in: "FCNT", with: 1e308)
        },
        model("an idf of 1e300", "DIR/m.model: corrupt IDF_ section (an idf value outside [1,") {
            Hostile.replacingCounts(try Hostile.model(), in: "IDF_", with: 1e300)
        },
        Case(name: "model path is a directory", inputs: [.directory("m.model")], arguments: classify, status: 66,
             message: "DIR/m.model: is a directory, not a model file; pass the path of a file written by `stance train`"),
        Case(name: "model path is missing", inputs: [], arguments: classify, status: 66,
             message: "DIR/m.model: no such model file; check the path, or train one with `stance train`"),
    ]
}
