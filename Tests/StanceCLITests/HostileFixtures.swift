import Foundation

@testable import StanceKit

/// Hostile inputs for `HostileInputTests`: corpora and model files built byte by byte.
enum Hostile {
    /// Two valid TSV lines of two classes.
    static let good = "support\tThe council welcomed the deal.\ncondemnation\tCritics condemned the deal.\n"

    /// A 1x1 PNG image (signature, IHDR, IDAT, IEND), as any image file starts.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
        0x00, 0x05, 0x00, 0x01, 0x7A, 0x5E, 0xAB, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ]

    /// An executable: `/bin/ls`, or the `stance` binary where there is no `/bin/ls`.
    static func executableBytes() throws -> [UInt8] {
        let path = FileManager.default.fileExists(atPath: "/bin/ls") ? "/bin/ls" : StanceProcess.executable.path
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Two good lines, then a line of `megabytes` MB of words with the label `support`.
    static func hugeLine(megabytes: Int) -> [UInt8] {
        var bytes = Array(good.utf8) + Array("support\t".utf8)
        let word = Array("stance ".utf8)
        bytes.reserveCapacity(bytes.count + megabytes * 1_000_000 + 1)
        while bytes.count < megabytes * 1_000_000 { bytes.append(contentsOf: word) }
        bytes.append(0x0A)
        return bytes
    }

    /// `classes` classes of two lines each; the texts draw on a pool of 50 words, so the
    /// model stays small (50 features) however many classes there are.
    static func manyClasses(_ classes: Int) -> String {
        let pool = (0 ..< 50).map { "w\($0)" }
        var lines: [String] = []
        for c in 0 ..< classes {
            let label = "class\(c)"
            lines.append("\(label)\t\(pool[c % 50]) \(pool[(c / 50) % 50]) shared")
            lines.append("\(label)\t\(pool[(c * 7) % 50]) \(pool[c % 50]) again")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Model files

    /// A small trained model's file.
    static func model(_ options: TrainingOptions = .init()) throws -> [UInt8] {
        let corpus = EndToEndTests.training.split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 1) }
        let model = try TextClassifier.train(
            texts: TextBatch(corpus.map { $0[1] }), labels: corpus.map { String($0[0]) }, options: options)
        return ModelFile.encode(model)
    }

    /// One section of a model file: its tag, where its length field is, and its payload.
    struct Section {
        let tag: String
        let lengthOffset: Int
        let payload: Range<Int>
    }

    /// The sections of a well-formed model file.
    static func sections(_ bytes: [UInt8]) -> [Section] {
        var result: [Section] = []
        var position = 12
        for _ in 0 ..< Int(readUInt32(bytes, 8)) {
            let tag = String(decoding: bytes[position ..< position + 4], as: UTF8.self)
            let length = Int(readUInt64(bytes, position + 4))
            result.append(Section(tag: tag, lengthOffset: position + 4, payload: position + 12 ..< position + 12 + length))
            position += 12 + length
        }
        return result
    }

    /// The section `tag` of `bytes`.
    static func section(_ tag: String, of bytes: [UInt8]) -> Section {
        guard let section = sections(bytes).first(where: { $0.tag == tag }) else {
            preconditionFailure("the test model has no \(tag) section")
        }
        return section
    }

    /// `bytes` with the trailing checksum recomputed, so damage behind it reaches the decoder.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] { ModelChecksum.resealed(bytes) }

    /// `bytes` with the UInt64 at `offset` replaced by `value`, checksum recomputed.
    static func replacing(_ bytes: [UInt8], uint64 value: UInt64, at offset: Int) -> [UInt8] {
        var copy = bytes
        write(value, into: &copy, at: offset)
        return resealed(copy)
    }

    /// `bytes` with the UInt32 at `offset` replaced by `value`, checksum recomputed.
    static func replacing(_ bytes: [UInt8], uint32 value: UInt32, at offset: Int) -> [UInt8] {
        var copy = bytes
        for i in 0 ..< 4 { copy[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        return resealed(copy)
    }

    /// `bytes` with every Float64 of the count section `tag` set to `value`, checksum recomputed.
    static func replacingCounts(_ bytes: [UInt8], in tag: String, with value: Double) -> [UInt8] {
        var copy = bytes
        let payload = section(tag, of: bytes).payload
        for offset in countOffsets(bytes, tag: tag, payload: payload) { write(value.bitPattern, into: &copy, at: offset) }
        return resealed(copy)
    }

    /// Where the Float64 counts of a `CCNT` (count, values) or `FCNT` (per class: count of
    /// non-zeros, their UInt32 indices, their values) payload are.
    static func countOffsets(_ bytes: [UInt8], tag: String, payload: Range<Int>) -> [Int] {
        guard tag == "FCNT" else { return Array(stride(from: payload.lowerBound + 8, to: payload.upperBound - 7, by: 8)) }
        var offsets: [Int] = []
        var offset = payload.lowerBound
        while offset + 8 <= payload.upperBound {
            let nonzero = Int(readUInt64(bytes, offset))
            offset += 8 + 4 * nonzero
            for _ in 0 ..< nonzero {
                offsets.append(offset)
                offset += 8
            }
        }
        return offsets
    }

    static func write(_ value: UInt64, into bytes: inout [UInt8], at offset: Int) {
        for i in 0 ..< 8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0 ..< 4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    static func readUInt64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0 ..< 8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}
