import Foundation
import Testing

@testable import StanceKit

/// Damaged model files, with the checksum recomputed where the damage must reach the decoder.
@Suite struct HostileModelFileTests {
    func model() throws -> [UInt8] {
        let model = try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels)
        return ModelFile.encode(model)
    }

    /// `bytes` with its trailing checksum recomputed.
    func resealed(_ bytes: [UInt8]) -> [UInt8] { ModelChecksum.resealed(bytes) }

    /// The payload range of section `tag`.
    func payload(_ tag: String, _ bytes: [UInt8]) throws -> Range<Int> {
        var position = 12
        while position + 12 <= bytes.count {
            let length = (0 ..< 8).reduce(0) { $0 | Int(bytes[position + 4 + $1]) << (8 * $1) }
            if String(decoding: bytes[position ..< position + 4], as: UTF8.self) == tag {
                return position + 12 ..< position + 12 + length
            }
            position += 12 + length
        }
        throw ModelError.missingSection(path: "test", section: tag)
    }

    /// `bytes` with every Float64 of the count section `tag` set to `value`, resealed.
    func settingCounts(_ tag: String, to value: Double, in bytes: [UInt8]) throws -> [UInt8] {
        var copy = bytes
        let range = try payload(tag, bytes)
        var offsets = Array(stride(from: range.lowerBound + 8, to: range.upperBound, by: 8))
        if tag == "FCNT" {
            // Sparse per class: count of non-zeros, their UInt32 indices, their Float64 values.
            offsets = []
            var offset = range.lowerBound
            while offset + 8 <= range.upperBound {
                var nonzero = 0
                for i in 0 ..< 8 { nonzero |= Int(bytes[offset + i]) << (8 * i) }
                offset += 8 + 4 * nonzero
                for _ in 0 ..< nonzero {
                    offsets.append(offset)
                    offset += 8
                }
            }
        }
        for offset in offsets {
            for i in 0 ..< 8 { copy[offset + i] = UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt64(i))) }
        }
        return resealed(copy)
    }

    @Test("a cut at every byte is reported as not a model (under 4 bytes) or truncated at that byte")
    func everyTruncation() throws {
        let bytes = try model()
        for cut in 0 ..< bytes.count {
            let expected: ModelError = cut < 4 ? .notAModel(path: "m") : .truncated(path: "m", offset: cut)
            #expect(throws: expected) { try ModelFile.decode(Array(bytes.prefix(cut)), path: "m") }
        }
    }

    @Test("a count of 2^60 entries in any section is rejected by the length check", arguments: ["VOCB", "IDF_", "CCNT", "FCNT"])
    func hugeCount(tag: String) throws {
        var bytes = try model()
        let start = try payload(tag, bytes).lowerBound
        for i in 0 ..< 8 { bytes[start + i] = UInt8(truncatingIfNeeded: (UInt64(1) << 60) >> (8 * UInt64(i))) }
        #expect(throws: ModelError.corrupt(path: "m", section: tag, reason: "a length of 1152921504606846976 exceeds the section")) {
            try ModelFile.decode(resealed(bytes), path: "m")
        }
    }

    // Found by scripts/fuzz (FuzzModelFile, seed regression-overflowing-counts.model): finite
    // counts near 1e308 overflowed the sums, and the loaded model predicted NaN probabilities.
    @Test("counts whose sums overflow are rejected, not turned into NaN probabilities")
    func overflowingCounts() throws {
        for tag in ["FCNT", "CCNT"] {
            let bytes = try settingCounts(tag, to: 1e308, in: try model())
            #expect(throws: ModelError.self) { try ModelFile.decode(bytes, path: "m") }
        }
        let message = "the counts give weights that are not finite or beyond ±1000000.0"
        #expect(throws: ModelError.corrupt(path: "m", section: "FCNT", reason: message)) {
            try ModelFile.decode(settingCounts("FCNT", to: 1e308, in: try model()), path: "m")
        }
    }

    @Test("feature counts that are negative, infinite or NaN are rejected", arguments: [-1, -0.0 - 1e-300, .infinity, -.infinity, .nan])
    func impossibleCounts(value: Double) throws {
        let bytes = try settingCounts("FCNT", to: value, in: try model())
        #expect(throws: ModelError.corrupt(path: "m", section: "FCNT", reason: "negative or non-finite counts")) {
            try ModelFile.decode(bytes, path: "m")
        }
    }

    @Test("idf values training cannot produce are rejected", arguments: [0.5, 1e300, -.infinity, .nan])
    func impossibleIDF(value: Double) throws {
        let bytes = try settingCounts("IDF_", to: value, in: try model())
        #expect(throws: ModelError.corrupt(path: "m", section: "IDF_", reason: "an idf value outside [1, \(SectionDecoder.maximumIDF)]")) {
            try ModelFile.decode(bytes, path: "m")
        }
    }

    /// `bytes` (a model's) with a later term of `VOCB` overwritten by an earlier one of the same
    /// length, resealed, and the later one's id: the first duplicate.
    func duplicatingTerm(in bytes: [UInt8]) throws -> (bytes: [UInt8], duplicate: Int) {
        let range = try payload("VOCB", bytes)
        let count = (0 ..< 8).reduce(0) { $0 | Int(bytes[range.lowerBound + $1]) << (8 * $1) }
        let lengths = (0 ..< count).map { id in
            (0 ..< 4).reduce(0) { $0 | Int(bytes[range.lowerBound + 8 + 4 * id + $1]) << (8 * $1) }
        }
        var starts = [range.lowerBound + 8 + 4 * count]
        for length in lengths { starts.append(starts[starts.count - 1] + length) }
        // The first pair of same-length terms, the later one past the middle.
        for later in count / 2 ..< count {
            guard let earlier = (0 ..< later).first(where: { lengths[$0] == lengths[later] }) else { continue }
            var copy = bytes
            copy.replaceSubrange(starts[later] ..< starts[later + 1], with: bytes[starts[earlier] ..< starts[earlier + 1]])
            return (resealed(copy), later)
        }
        throw ModelError.corrupt(path: "test", section: "VOCB", reason: "no two terms of one length")
    }

    @Test("a duplicate term is reported, before a bad idf, whether the word n-grams are indexed or not")
    func duplicateTerm() throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        let model = try TextClassifier.train(texts: TextBatch(SKLearnFixture.documents), labels: SKLearnFixture.labels, options: options)
        let (bytes, duplicate) = try duplicatingTerm(in: ModelFile.encode(model))
        let expected = ModelError.corrupt(path: "m", section: "VOCB", reason: "duplicate term at index \(duplicate)")
        for damaged in [bytes, try settingCounts("IDF_", to: 1e300, in: bytes)] {
            #expect(throws: expected) { try ModelFile.decode(damaged, path: "m") }
            for indexNGrams in [0, nil] as [Int?] {
                let work = SectionDecoder.Overlap(vectorizerDecoded: { _ in }, work: {})
                #expect(throws: expected) { try ModelFile.decode(damaged, path: "m", overlapping: work, indexNGrams: indexNGrams) }
                #expect(throws: expected) { try ModelFile.decode(damaged, path: "m", overlapping: nil, indexNGrams: indexNGrams) }
            }
        }
        // Undamaged, the index is built from the file's bytes in place and finds every term.
        let loaded = try ModelFile.decode(ModelFile.encode(model), path: "m", overlapping: nil, indexNGrams: 0)
        #expect(loaded.vectorizer.ngramIndex != nil)
        let texts = TextBatch(SKLearnFixture.documents)
        #expect(loaded.vectorizer.transform(texts).columns == model.vectorizer.transform(texts).columns)
    }

    @Test("bytes after the last section are rejected before the checksum")
    func trailingBytes() throws {
        #expect(throws: ModelError.corrupt(path: "m", section: "header", reason: "3 unexpected bytes after the last section")) {
            try ModelFile.decode(try model() + [0, 0, 0], path: "m")
        }
    }
}
