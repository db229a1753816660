import Foundation
import Testing
@testable import StanceKit

/// The chunked two-pass trainer gives exactly the model of fitting in memory, for any chunk
/// size and thread count.
@Suite struct CorpusTrainerTests {
    /// A corpus of `count` generated sentences over three classes.
    static func corpus(_ count: Int, seed: UInt64 = 3) -> LabeledCorpus {
        var rng = SplitMix64(seed: seed)
        let words = ["pact", "deal", "summit", "condemned", "praised", "analysts", "said", "the", "a", "Seoul",
                     "Moscow", "welcomed", "criticised", "rates", "rose", "Ölpreis", "北京", "union", "strike", "vote"]
        let labels = ["analysis", "condemnation", "support"]
        var texts = TextBatch()
        var labelList: [String] = []
        for _ in 0 ..< count {
            let length = Int(rng.bounded(below: 12)) + 1
            texts.append((0 ..< length).map { _ in words[Int(rng.bounded(below: UInt64(words.count)))] }.joined(separator: " "))
            labelList.append(labels[Int(rng.bounded(below: 3))])
        }
        return LabeledCorpus(texts: texts, labels: labelList, lines: (1 ... count).map { $0 })
    }

    static let variants: [TrainingOptions] = [
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2))),
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 3, characterNGrams: 2 ... 3), minDF: 2,
                                          maxDF: 0.9, maxFeatures: 60, sublinearTF: true), model: .complement),
        TrainingOptions(vectorizer: .init(weighting: .binary), model: .bernoulli),
        TrainingOptions(vectorizer: .init(weighting: .counts, smoothIDF: false, norm: .l1)),
        TrainingOptions(vectorizer: .init(tokenizer: .init(wordNGrams: 1 ... 2), sublinearTF: true, smoothIDF: false, norm: RowNorm.none),
                        model: .bernoulli),
    ]

    @Test("chunked training equals Vectorizer.fit + fit, byte for byte", arguments: 0 ..< variants.count)
    func equalsInMemory(index: Int) throws {
        let options = Self.variants[index]
        let corpus = Self.corpus(10_000)
        let (vectorizer, matrix) = try Vectorizer.fit(corpus.texts, options: options.vectorizer)
        let classifier = try options.model.fit(matrix, labels: corpus.labels, options: options.classifier)
        let reference = ModelFile.encode(TextClassifier(vectorizer: vectorizer, classifier: classifier, options: options))
        // 4 threads: more than the 3 classes; class counts dense (these are small) and sparse.
        for threads in [1, 2, 3, 4] {
            for denseLimit in [ClassCountAccumulator.denseLimit, 0] {
                var trainer = CorpusTrainer(options: options, threads: threads)
                trainer.denseCountsLimit = denseLimit
                let (model, summary) = try trainer.train(corpus)
                #expect(ModelFile.encode(model) == reference, "threads \(threads), dense limit \(denseLimit)")
                #expect(summary.documents == 10_000)
            }
        }
    }

    /// A corpus that claims `expectedBytes` of its own choosing.
    struct SizedSource: CorpusSource {
        let corpus: LabeledCorpus
        let expectedBytes: Int?
        func forEachChunk(_ body: (LabeledCorpus) throws -> Void) throws { try corpus.forEachChunk(body) }
    }

    @Test("the model does not depend on the size hint the counters' tables are made for", arguments: [1, 2, 3])
    func sizeHint(threads: Int) throws {
        let corpus = Self.corpus(3_000)
        for options in [Self.variants[0], Self.variants[1]] {
            let trainer = CorpusTrainer(options: options, threads: threads)
            let reference = ModelFile.encode(try trainer.train(SizedSource(corpus: corpus, expectedBytes: nil)).model)
            // None, far too small (every table grows), and far too large (the ceilings).
            for bytes in [0, 1, 1 << 40] {
                let model = try trainer.train(SizedSource(corpus: corpus, expectedBytes: bytes)).model
                #expect(ModelFile.encode(model) == reference, "threads \(threads), \(bytes) bytes")
            }
        }
    }

    @Test("the tables' sizes follow the corpus's bytes, within the defaults and the ceilings")
    func tableSizes() {
        typealias Sizes = PartitionCounter.TableSizes
        let defaults = Sizes()
        #expect(Sizes.expected(bytes: 0, partitions: 1, longestGram: 2) == defaults)
        #expect(Sizes.expected(bytes: 1000, partitions: 2, longestGram: 4) == defaults)
        // Unigrams only: the gram table keeps its default.
        #expect(Sizes.expected(bytes: 22_113_177, partitions: 1, longestGram: 1).grams == defaults.grams)
        // 20 Newsgroups' 22 MB: 130,152 words and 1,065,904 bigrams, estimated within 12% below
        // the ceilings.
        let newsgroups = Sizes.expected(bytes: 22_113_177, partitions: 1, longestGram: 2)
        #expect(newsgroups.words >= 114_000 && newsgroups.words <= Sizes.wordCeiling)
        #expect(newsgroups.grams == Sizes.gramCeiling)
        // MR's 1.27 MB: 18,369 words, 106,049 bigrams.
        let mr = Sizes.expected(bytes: 1_270_798, partitions: 1, longestGram: 2)
        #expect(abs(Double(mr.words) / 18_369 - 1) < 0.12 && abs(Double(mr.grams) / 106_049 - 1) < 0.12, "\(mr)")
        // Shared by the partitions, capped in all, and growing with the bytes and the n-grams.
        let huge = Sizes.expected(bytes: 1 << 40, partitions: 4, longestGram: 4)
        #expect(huge.words == Sizes.wordCeiling / 4 && huge.grams == Sizes.gramCeiling / 4)
        let bigrams = Sizes.expected(bytes: 4_000_000, partitions: 2, longestGram: 2).grams
        #expect(abs(Sizes.expected(bytes: 4_000_000, partitions: 2, longestGram: 3).grams - 2 * bigrams) <= 2)
        var last = defaults
        for bytes in stride(from: 100_000, through: 100_000_000, by: 4_900_000) {
            let sizes = Sizes.expected(bytes: bytes, partitions: 1, longestGram: 2)
            #expect(sizes.words >= last.words && sizes.grams >= last.grams)
            last = sizes
        }
    }

    @Test("past maxVocabulary, the document named is the one Vectorizer.fit names, for 1, 2 and 3 threads",
          arguments: [1 ... 1, 1 ... 2, 2 ... 2, 2 ... 5])
    func limitDocument(words: ClosedRange<Int>) throws {
        // Every document brings new words, so the limit is passed in the middle of the corpus;
        // with bigrams only, the distinct tokens pass it before the features do.
        let texts = TextBatch((0 ..< 400).map { d in (0 ..< 6).map { "w\(d * 3 + $0)" }.joined(separator: " ") })
        let corpus = LabeledCorpus(texts: texts, labels: (0 ..< 400).map { $0 % 2 == 0 ? "a" : "b" }, lines: Array(1 ... 400))
        var options = TrainingOptions()
        options.vectorizer.tokenizer.wordNGrams = words
        for limit in [5, 300, 700] {
            var expected: VectorizerError?
            do { _ = try Vectorizer.fit(texts, options: options.vectorizer, maxVocabulary: limit) } catch { expected = error }
            #expect(expected != nil, "limit \(limit) was not passed")
            for threads in [1, 2, 3] {
                var found: VectorizerError?
                do {
                    _ = try CorpusTrainer(options: options, limits: TrainingLimits(maxVocabulary: limit), threads: threads).train(corpus)
                } catch let error as VectorizerError { found = error }
                #expect(found == expected, "limit \(limit), threads \(threads)")
            }
        }
    }

    @Test("progress: each pass's bytes after each chunk, up to the text's, with the vocabulary step and the second pass's start between")
    func progress() throws {
        let corpus = Self.corpus(3000)
        var text = ""
        for i in 0 ..< corpus.count { text += "\(corpus.labels[i])\t\(corpus.texts[i])\n" }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.tsv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        for threads in [1, 2] {
            var calls: [CorpusTrainer.Progress] = []
            let (_, summary) = try CorpusTrainer(options: Self.variants[0], threads: threads)
                .train(CorpusStream(paths: [path], chunkBytes: 4096)) { calls.append($0) }
            // Pass 1's calls, then the vocabulary step, the second pass's start (0 bytes), and
            // its calls: one per chunk in each pass.
            let first = calls.prefix { $0.step == .counting }.map(\.bytes)
            let rest = Array(calls.dropFirst(first.count))
            #expect(first.count > 5, "threads \(threads)")
            #expect(rest.count == first.count + 2, "threads \(threads)")
            #expect(rest.first == CorpusTrainer.Progress(.vocabulary, bytes: 0))
            #expect(rest.dropFirst().allSatisfy { $0.step == .weighing })
            let second = rest.dropFirst().map(\.bytes)
            #expect(second.first == 0)
            for list in [first, second] {
                #expect(zip(list, list.dropFirst()).allSatisfy { $0 < $1 }, "threads \(threads)")
                #expect(list.last == summary.bytes, "threads \(threads)")
            }
        }
    }

    @Test("a file read in small chunks gives the corpus, lines and errors of reading it whole")
    func stream() throws {
        let corpus = Self.corpus(3000)
        var text = "\u{FEFF}"
        for i in 0 ..< corpus.count { text += "\(corpus.labels[i])\t\(corpus.texts[i])\n" + (i % 7 == 0 ? "\n" : "") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.tsv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try CorpusReader.read(path: path)
        var parts = LabeledCorpus()
        var chunks = 0
        try CorpusStream(paths: [path], chunkBytes: 4096).forEachChunk { chunk in
            parts = parts.appending(chunk)
            chunks += 1
        }
        #expect(chunks > 5)
        #expect(parts.texts == whole.texts)
        #expect(parts.labels == whole.labels)
        #expect(parts.lines == whole.lines)
        // Its size hint is the files' bytes (two of them here), or nil with a file missing.
        let bytes = text.utf8.count
        #expect(CorpusStream(paths: [path, path]).expectedBytes == 2 * bytes)
        #expect(CorpusStream(paths: [path, directory.appendingPathComponent("missing.tsv").path]).expectedBytes == nil)
        #expect(whole.expectedBytes == whole.texts.bytes.count)

        // The stream refills one chunk's buffers with the next only when nothing else holds
        // them: chunks kept by the caller stay as they were read.
        var kept: [LabeledCorpus] = []
        try CorpusStream(paths: [path], chunkBytes: 4096).forEachChunk { kept.append($0) }
        #expect(kept.count == chunks)
        #expect(kept.reduce(LabeledCorpus()) { $0.appending($1) }.texts == whole.texts)

        try (text + "no tab here\n").write(toFile: path, atomically: true, encoding: .utf8)
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(throws: CorpusError.missingTab(path: path, line: lastLine)) {
            try CorpusStream(paths: [path], chunkBytes: 4096).forEachChunk { _ in }
        }
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: CorpusError.emptyFile(path: path)) { try CorpusStream(paths: [path]).forEachChunk { _ in } }
    }
}
