import Testing
@testable import StanceKit

/// The `WIDX` section (`WordIDSection`): the trainer's payload from token ranks equals the
/// writer's from looking the words up, an index read from it finds the features the bytes
/// find, and a section that does not fit its vocabulary is a corrupt model.
@Suite struct WordIDSectionTests {
    /// Word n-gram options (`NGramIndexTests.variants` with more than one word), the lists cut
    /// by `maxDF`, `maxFeatures` and `minDF`, and ranges that do not start at 1.
    static let variants = NGramIndexTests.variants.filter { $0.tokenizer.wordNGrams.upperBound > 1 }

    static var labels: [String] { (0 ..< NGramIndexTests.training.count).map { ["x", "y", "z"][$0 % 3] } }

    /// `vectorizer` without the payload its trainer derived, so the writer looks the words up.
    func unranked(_ vectorizer: Vectorizer) -> Vectorizer { vectorizer.with(wordIDs: nil) }

    @Test("the payload from token ranks equals the one from looking the words up, for 1, 2 and 3 threads",
          arguments: 0 ..< variants.count)
    func ranksEqualLookups(variant: Int) throws {
        let options = TrainingOptions(vectorizer: Self.variants[variant])
        let (vectorizer, _) = try Vectorizer.fit(NGramIndexTests.training, options: options.vectorizer)
        let looked = try #require(WordIDSection.payload(for: unranked(vectorizer)))
        // (Compared as one Bool: a failure would print both payloads whole.)
        let same = vectorizer.wordIDs == looked
        #expect(same)
        let corpus = LabeledCorpus(texts: NGramIndexTests.training, labels: Self.labels, lines: Array(1 ... Self.labels.count))
        for threads in [1, 2, 3] {
            let (model, _) = try CorpusTrainer(options: options, threads: threads).train(corpus)
            let same = model.vectorizer.wordIDs == looked
            #expect(same, "threads \(threads)")
        }
    }

    @Test("a vocabulary large enough to be encoded in parts, one per thread, gives the same payload")
    func parts() throws {
        let texts = SyntheticCorpus.generate(megabytes: 0.6, seed: 7, vocabulary: 4000).texts
        let labels = (0 ..< texts.count).map { ["x", "y"][$0 % 2] }
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 3)))
        let corpus = LabeledCorpus(texts: texts, labels: labels, lines: Array(1 ... labels.count))
        let (one, _) = try CorpusTrainer(options: options, threads: 1).train(corpus)
        #expect(one.vectorizer.featureCount >= WordIDSection.minimumSplit * 3)
        let looked = try #require(WordIDSection.payload(for: unranked(one.vectorizer)))
        let same = one.vectorizer.wordIDs == looked
        #expect(same)
        for threads in [2, 3] {
            let (model, _) = try CorpusTrainer(options: options, threads: threads).train(corpus)
            let same = model.vectorizer.wordIDs == looked
            #expect(same, "threads \(threads)")
        }
    }

    @Test("on random sorted vocabularies, the renumbered lookup gives ids in byte order that spell every term")
    func lookupsSpellTerms() throws {
        var rng = SplitMix64(seed: 5)
        let letters: [Character] = ["a", "b", "é", "z"]
        for _ in 0 ..< 10 {
            let words = (0 ..< 10 + Int(rng.bounded(below: 80))).map { _ in
                String((0 ..< 1 + Int(rng.bounded(below: 9))).map { _ in letters[Int(rng.bounded(below: 4))] })
            }
            let terms = Array(Set((0 ..< 20 + Int(rng.bounded(below: 400))).map { _ in
                (0 ..< 1 + Int(rng.bounded(below: 3))).map { _ in words[Int(rng.bounded(below: UInt64(words.count)))] }
                    .joined(separator: " ")
            })).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let vocabulary = Vocabulary(terms: terms)
            let vectorizer = Vectorizer(
                options: .init(tokenizer: .init(wordNGrams: 1 ... 3)), vocabulary: vocabulary, idf: [Double](repeating: 1, count: terms.count))
            let payload = try #require(WordIDSection.payload(for: vectorizer))
            let numbering = try decoded(payload, terms: terms, lengths: 1 ... 3)
            let list = (0 ..< numbering.words.count).map { id in
                String(decoding: UnsafeBufferPointer(
                    start: numbering.words.arena + numbering.words.starts[id],
                    count: numbering.words.starts[id + 1] - numbering.words.starts[id]), as: UTF8.self)
            }
            #expect(list == list.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            #expect(Set(list) == Set(terms.flatMap { $0.split(separator: " ").map(String.init) }))
            var p = 0
            for (id, term) in terms.enumerated() {
                let n = Int(numbering.partCounts[id])
                #expect((p ..< p + n).map { list[Int(numbering.parts[$0])] }.joined(separator: " ") == term)
                p += n
            }
        }
    }

    /// The numbering `payload` decodes to for `terms`, laid out as a `VOCB` section lays them.
    func decoded(_ payload: [UInt8], terms: [String], lengths: ClosedRange<Int>) throws -> WordNumbering {
        try NGramIndex.TermBytes.with(terms) { terms in
            try payload.withUnsafeBytes { try WordIDSection.decode($0, terms: terms, lengths: lengths) }
        }
    }

    /// The payload range of section `tag` in a model file's `bytes`, if it has one.
    func section(_ tag: String, in bytes: [UInt8]) -> Range<Int>? { try? HostileModelFileTests().payload(tag, bytes) }

    /// `bytes` with section `tag`'s payload replaced by `payload` (its length updated), resealed.
    func replacing(_ tag: String, in bytes: [UInt8], with payload: [UInt8]) throws -> [UInt8] {
        let range = try #require(section(tag, in: bytes))
        var copy = Array(bytes[..<range.lowerBound]) + payload + Array(bytes[range.upperBound...])
        for k in 0 ..< 8 { copy[range.lowerBound - 8 + k] = UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * UInt64(k))) }
        return ModelChecksum.resealed(copy)
    }

    @Test("a model with the section loads an index that finds the features the bytes find, and saves to the same bytes",
          arguments: 0 ..< variants.count)
    func roundTrip(variant: Int) throws {
        let options = TrainingOptions(vectorizer: Self.variants[variant])
        let model = try TextClassifier.train(texts: NGramIndexTests.training, labels: Self.labels, options: options)
        let bytes = ModelFile.encode(model, threads: nil, wordIDsFrom: 0)
        #expect(section(WordIDSection.tag, in: bytes) != nil)
        // Below the reader's minimum (these vocabularies are small), no section: the bytes are as before.
        #expect(section(WordIDSection.tag, in: ModelFile.encode(model)) == nil)
        let texts = NGramIndexTests().texts
        let plain = model.vectorizer.transform(texts)
        for loaded in [try ModelFile.decode(bytes, path: "m", overlapping: nil, indexNGrams: 0),
                       try ModelFile.decode(bytes, path: "m")] {
            let found = loaded.vectorizer.transform(texts)
            #expect(found.columns == plain.columns)
            #expect(found.values.map(\.bitPattern) == plain.values.map(\.bitPattern))
            // Loaded, the payload is looked up again when saving: the same bytes.
            let resaved = ModelFile.encode(loaded, threads: nil, wordIDsFrom: 0) == bytes
            #expect(resaved)
        }
        #expect(try ModelFile.decode(bytes, path: "m", overlapping: nil, indexNGrams: 0).vectorizer.ngramIndex != nil)
    }

    @Test("a section that does not fit its vocabulary is a corrupt model when the index is built, and ignored otherwise")
    func mismatches() throws {
        let options = TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2)))
        let model = try TextClassifier.train(texts: NGramIndexTests.training, labels: Self.labels, options: options)
        let bytes = ModelFile.encode(model, threads: nil, wordIDsFrom: 0)
        let payload = try #require(section(WordIDSection.tag, in: bytes)).map { bytes[$0] }
        let wordCount = (0 ..< 8).reduce(0) { $0 | Int(payload[$1]) << (8 * $1) }
        func header(_ count: UInt64) -> [UInt8] { (0 ..< 8).map { UInt8(truncatingIfNeeded: count >> (8 * UInt64($0))) } }
        let damaged: [(String, [UInt8])] = [
            ("a byte after the last id", payload + [0]),
            ("the last id cut", Array(payload.dropLast())),
            ("no word count", Array(payload.prefix(5))),
            ("more words than bytes", header(1 << 40) + payload.dropFirst(8)),
            ("one word fewer", header(UInt64(wordCount - 1)) + payload.dropFirst(8)),
            ("an id past the words", try pastTheWords(payload, model: model)),
            ("an unending varint", Array(payload.prefix(payload.count - 12)) + [UInt8](repeating: 0xFF, count: 12)),
            ("the words repeated", header(UInt64(2 * wordCount)) + payload.dropFirst(8)),
        ]
        for (what, replacement) in damaged {
            let file = try replacing(WordIDSection.tag, in: bytes, with: replacement)
            // (Not `#expect(throws:)`: a model loaded by mistake would be printed whole.)
            var thrown: ModelError?
            do throws(ModelError) { _ = try ModelFile.decode(file, path: "m", overlapping: nil, indexNGrams: 0) } catch { thrown = error }
            #expect(thrown.flatMap(Self.corruptSection) == WordIDSection.tag, "\(what): \(thrown?.description ?? "loaded")")
            #expect(thrown?.description.hasPrefix("m: ") == true)
            // Loaded to classify one text, the index is not built and the section not read.
            #expect(try ModelFile.decode(file, path: "m").predict(TextBatch(["a text"])) == model.predict(TextBatch(["a text"])), "\(what)")
        }
    }

    /// The section a corrupt-model error names, nil for another error.
    static func corruptSection(_ error: ModelError) -> String? {
        switch error {
        case .corrupt(_, let section, _): return section
        default: return nil
        }
    }

    /// `payload` with its last term's last word id set to the word count, one past the last word.
    func pastTheWords(_ payload: [UInt8], model: TextClassifier) throws -> [UInt8] {
        let vocabulary = model.vectorizer.vocabulary
        let terms = (0 ..< vocabulary.count).map { vocabulary.term($0) }
        let numbering = try decoded(payload, terms: terms, lengths: 1 ... 2)
        numbering.parts[numbering.partTotal - 1] = UInt32(numbering.words.count)
        return withExtendedLifetime(numbering) {
            WordIDSection.encode(
                wordCount: numbering.words.count, wordBytes: numbering.words.arena, wordStarts: numbering.words.starts,
                parts: numbering.parts, partCounts: numbering.partCounts, termCount: terms.count, lengths: 1 ... 2)
        }
    }

    @Test("a unigram equal to an earlier one is found through the section as through the lookups")
    func duplicateUnigram() throws {
        let terms = ["a", "a b", "b", "c", "a"]
        let vocabulary = Vocabulary(terms: terms.prefix(4))
        let vectorizer = Vectorizer(options: .init(tokenizer: .init(wordNGrams: 1 ... 2)), vocabulary: vocabulary, idf: [1, 1, 1, 1])
        var payload = try #require(WordIDSection.payload(for: vectorizer))
        // A fifth term, "a" again: its head is the difference from "c" (id 2) back to "a" (id 0), one word.
        payload.append(UInt8(WordIDSection.zigzag(-2) * 2))
        let numbering = try decoded(payload, terms: terms, lengths: 1 ... 2)
        #expect(numbering.end == 4)
        guard case .duplicate(4) = NGramIndex.build(numbering, lengths: 1 ... 2) else {
            Issue.record("no duplicate at 4")
            return
        }
    }
}
