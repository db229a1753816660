import Testing
@testable import StanceKit

@Suite struct SemanticSpaceCodecTests {
    static func model() throws -> TextClassifier {
        try SemanticSpaceTests.model(rank: 3)
    }

    /// The file's sections as (tag, payload), in order.
    static func sections(_ bytes: [UInt8]) -> [(String, [UInt8])] {
        var offset = 12, result: [(String, [UInt8])] = []
        let count = Int(bytes[8]) | Int(bytes[9]) << 8
        for _ in 0 ..< count {
            let tag = String(decoding: bytes[offset ..< offset + 4], as: UTF8.self)
            let length = Int(bytes.withUnsafeBytes { ByteReader.littleEndianUInt64($0, at: offset + 4) })
            result.append((tag, Array(bytes[offset + 12 ..< offset + 12 + length])))
            offset += 12 + length
        }
        return result
    }

    /// `bytes` with the LSA_ payload replaced by `payload` and a correct checksum.
    static func replacingLSA(_ bytes: [UInt8], with payload: [UInt8]) -> [UInt8] {
        var file = ByteWriter()
        file.write(raw: bytes[0 ..< 12])
        for (tag, old) in sections(bytes) {
            let body = tag == "LSA_" ? payload : old
            file.write(raw: Array(tag.utf8))
            file.write(UInt64(body.count))
            file.write(raw: body)
        }
        file.write(UInt64(0))
        return ModelChecksum.resealed(file.bytes)
    }

    @Test("save, load: the same space and neighbours; encoding is byte-identical")
    func roundTrip() throws {
        let original = try Self.model()
        let bytes = ModelFile.encode(original)
        let loaded = try ModelFile.decode(bytes, path: "m")
        let a = try #require(original.semanticSpace), b = try #require(loaded.semanticSpace)
        #expect(a.options == b.options)
        #expect(a.singularValues == b.singularValues)
        #expect(a.projection == b.projection)
        #expect(a.embeddings == b.embeddings)
        #expect(a.texts == b.texts)
        #expect(a.labels == b.labels)
        #expect(a.vectorizer.idf == b.vectorizer.idf)
        let queries = TextBatch(SKLearnFixture.test)
        #expect(try loaded.nearest(to: queries, count: 3) == original.nearest(to: queries, count: 3))
        #expect(ModelFile.encode(loaded) == bytes)
        #expect(ModelFile.encode(try Self.model()) == bytes)
    }

    @Test("a model without a space has no LSA_ section and the same bytes as before")
    func absent() throws {
        let plain = try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels)
        let bytes = ModelFile.encode(plain)
        #expect(Self.sections(bytes).map(\.0) == ["OPTS", "VOCB", "IDF_", "CLSS", "CCNT", "FCNT"])
        let withSpace = ModelFile.encode(try Self.model())
        #expect(Self.sections(withSpace).map(\.0).last == "LSA_")
        // Without the LSA_ section the file is exactly the plain model's.
        let stripped = Self.sections(withSpace).dropLast()
        #expect(stripped.map(\.1) == Self.sections(bytes).map(\.1))
        #expect(try ModelFile.decode(bytes, path: "m").semanticSpace == nil)
    }

    @Test("every truncation of the file is rejected without a crash")
    func truncation() throws {
        let bytes = ModelFile.encode(try Self.model())
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ModelError.self) { try ModelFile.decode(Array(bytes.prefix(cut)), path: "m") }
        }
        let payload = try #require(Self.sections(bytes).last?.1)
        for cut in 0 ..< payload.count {
            #expect(throws: ModelError.self) { try ModelFile.decode(Self.replacingLSA(bytes, with: Array(payload.prefix(cut))), path: "m") }
        }
    }

    @Test("corrupt lengths and values inside LSA_ are reported before any allocation")
    func corruptLengths() throws {
        let bytes = ModelFile.encode(try Self.model())
        let payload = try #require(Self.sections(bytes).last?.1)
        func patched(at offset: Int, _ value: UInt64, width: Int = 8) -> [UInt8] {
            var copy = payload
            for i in 0 ..< width { copy[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
            return Self.replacingLSA(bytes, with: copy)
        }
        func reason(_ file: [UInt8]) -> String {
            do { _ = try ModelFile.decode(file, path: "m"); return "decoded" } catch { return error.description }
        }
        // idf count at offset 20 (after 3 x UInt32 and the UInt64 seed).
        #expect(reason(patched(at: 20, UInt64.max)).contains("a length of 18446744073709551615 exceeds the section"))
        #expect(reason(patched(at: 20, 3)).contains("3 idf values for 34 terms"))
        // Rank asked: 0.
        #expect(reason(patched(at: 0, 0, width: 4)).contains("--lsa-rank must be at least 1"))
        // The singular value count (after the 34 idf values), set past the section.
        let sigmaOffset = 20 + 8 + 34 * 8
        #expect(reason(patched(at: sigmaOffset, 1 << 40)).contains("exceeds the section"))
        // The first label index (after sigma, the projection and the sentence count).
        let labelOffset = sigmaOffset + 8 + 3 * 4 + 8 + 34 * 3 * 4 + 8
        #expect(reason(patched(at: labelOffset, 7, width: 4)).contains("label index 7 for 3 classes"))
        // The first text length, far too long.
        let lengthOffset = labelOffset + 8 * 4
        #expect(reason(patched(at: lengthOffset, 0xFFFF_FFFF, width: 4)).contains("truncated"))
        // Trailing bytes.
        #expect(reason(Self.replacingLSA(bytes, with: payload + [0])).contains("1 bytes after the embeddings"))
        #expect(reason(Self.replacingLSA(bytes, with: payload)) == "decoded")
    }
}
