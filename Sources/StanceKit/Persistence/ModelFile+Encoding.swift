import Dispatch

extension ModelFile {
    /// The file's bytes for `model`. The same model always gives the same bytes.
    ///
    /// Every section's length is known before anything is written (the feature counts' from
    /// each class's number of non-zeros), so the file is laid out first and its parts are then
    /// filled at once, each into its own byte range of one buffer allocated at the file's exact
    /// size: the vocabulary, the idf and each class's feature counts are separate jobs on
    /// `DispatchQueue.concurrentPerform`, written through a raw pointer with no per-value
    /// append. A class's column indices and values are written in one pass over its counts.
    /// The checksum (`ModelChecksum`) of every byte before it runs last, over the finished bytes.
    ///
    /// The jobs run on up to `threads` threads (`nil`: every core). `TextClassifier.save`
    /// streams the same bytes to the file instead (`write`), with no buffer of the whole.
    public static func encode(_ model: TextClassifier, threads: Int? = nil) -> [UInt8] {
        encode(model, threads: threads, wordIDsFrom: NGramIndex.minimumTerms)
    }

    /// `encode(_:threads:)`, with the optional `WIDX` section (`WordIDSection`) written for a
    /// vocabulary of `minimumTerms` terms or more (the reader's `NGramIndex.minimumTerms`;
    /// tests lower it). Its payload is the one training derived when there is one; otherwise
    /// the words are looked up here: 20 Newsgroups bigrams' save 0.043 -> 0.105 s (medians of 6
    /// alternating runs; the same bytes).
    static func encode(_ model: TextClassifier, threads: Int?, wordIDsFrom minimumTerms: Int) -> [UInt8] {
        let layout = Layout(model, threads: threads, wordIDsFrom: minimumTerms)
        let (options, nonzero, extra, tags, lengths, total) =
            (layout.options, layout.nonzero, layout.extra, layout.tags, layout.lengths, layout.total)
        let vocabulary = model.vectorizer.vocabulary
        let idf = model.vectorizer.idf
        let counts = model.classifier.counts
        let classCount = counts.classes.count
        // Section i's tag is at payloadOffsets[i] - 12 and its length at payloadOffsets[i] - 8.
        let payloadOffsets = offsets(first: magic.count + 8 + 12, sizes: lengths.map { 12 + $0 })
        let classOffsets = offsets(first: payloadOffsets[5], sizes: nonzero.map { 8 + 12 * $0 })

        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            // Fresh memory, written once: with huge pages a 49 MB file (20NG bigrams) takes a few
            // dozen page faults instead of 12,000.
            PageMemory.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            let out = ByteSlab(base: UnsafeMutableRawPointer(buffer.baseAddress!), count: total)
            // Job 0: the header, the section table entries and the small sections; 1: the
            // vocabulary; 2: the idf; 3 + c: class c's feature counts.
            ChunkPipeline.perform(3 + classCount, threads: threads) { job in
                switch job {
                case 0:
                    out.copy(magic, at: 0)
                    out.store(version, at: 4)
                    out.store(UInt32(lengths.count), at: 8)
                    for (i, tag) in tags.enumerated() {
                        out.copy(Array(tag.utf8), at: payloadOffsets[i] - 12)
                        out.store(UInt64(lengths[i]), at: payloadOffsets[i] - 8)
                    }
                    out.copy(options, at: payloadOffsets[0])
                    var at = payloadOffsets[3]
                    out.store(UInt32(classCount), at: at)
                    at += 4
                    for label in counts.classes {
                        let bytes = Array(label.utf8)
                        out.store(UInt32(bytes.count), at: at)
                        out.copy(bytes, at: at + 4)
                        at += 4 + bytes.count
                    }
                    out.store(counts.classCounts, at: payloadOffsets[4])
                    for (i, section) in extra.enumerated() { out.copy(section.payload, at: payloadOffsets[6 + i]) }
                case 1:
                    let at = payloadOffsets[1], storage = vocabulary.storage, termCount = vocabulary.count
                    out.store(UInt64(termCount), at: at)
                    for id in 0 ..< termCount {
                        out.store(UInt32(truncatingIfNeeded: storage.starts[id + 1] - storage.starts[id]), at: at + 8 + 4 * id)
                    }
                    out.copy(UnsafeRawBufferPointer(start: storage.arena, count: storage.arenaCount), at: at + 8 + 4 * termCount)
                case 2:
                    out.store(idf, at: payloadOffsets[2])
                default:
                    let c = job - 3
                    let at = classOffsets[c], n = nonzero[c]
                    out.store(UInt64(n), at: at)
                    var k = 0
                    counts.forEachNonzero(ofClass: c) { j, value in
                        out.store(UInt32(truncatingIfNeeded: j), at: at + 8 + 4 * k)
                        out.store(value.bitPattern, at: at + 8 + 4 * n + 8 * k)
                        k += 1
                    }
                }
            }
            let checksum = ModelChecksum.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0 ..< total - 8])), version: version)
            out.store(checksum, at: total - 8)
            initialized = total
        }
    }

    /// The running sums `first`, `first + sizes[0]`, ...: `sizes.count + 1` offsets.
    private static func offsets(first: Int, sizes: [Int]) -> [Int] {
        var result = [first]
        for size in sizes { result.append(result[result.count - 1] + size) }
        return result
    }
}

extension ModelFile {
    /// What a model's file holds, section by section, in file order: the sections' tags and
    /// payload lengths, and the parts computed for them (the options' text, each class's number
    /// of non-zero counts, the optional sections' payloads). `encode` lays the file out from it,
    /// `write` streams it.
    struct Layout {
        let options: [UInt8]
        let nonzero: [Int]
        let extra: [(tag: String, payload: [UInt8])]
        let tags: [String]
        let lengths: [Int]
        /// The file's bytes, the checksum's 8 included.
        let total: Int

        /// The layout of `model`'s file; the non-zero counts are counted on up to `threads`
        /// threads, and the `WIDX` section is written for `minimumTerms` terms or more.
        init(_ model: TextClassifier, threads: Int?, wordIDsFrom minimumTerms: Int) {
            options = Array(OptionsCodec.encode(model.options).utf8)
            let vocabulary = model.vectorizer.vocabulary
            let idf = model.vectorizer.idf
            let counts = model.classifier.counts
            let classCount = counts.classes.count
            nonzero = [Int](unsafeUninitializedCapacity: classCount) { buffer, initialized in
                nonisolated(unsafe) let shared = buffer
                ChunkPipeline.perform(classCount, threads: threads) { c in
                    (shared.baseAddress! + c).initialize(to: counts.nonzeroCount(ofClass: c))
                }
                initialized = classCount
            }
            let calibration = model.temperature.map { (tag: CalibrationSection.tag, payload: CalibrationSection.encode(temperature: $0)) }
            let space = model.semanticSpace.map { (tag: SemanticSpaceCodec.tag, payload: SemanticSpaceCodec.encode($0, classes: counts.classes)) }
            let wordIDs = WordIDSection.applies(to: model.vectorizer, minimumTerms: minimumTerms)
                ? WordIDSection.payload(for: model.vectorizer).map { (tag: WordIDSection.tag, payload: $0) } : nil
            extra = [wordIDs, calibration, space].compactMap { $0 }
            let labels = counts.classes.reduce(4) { $0 + 4 + $1.utf8.count }
            lengths = [
                options.count, 8 + 4 * vocabulary.count + vocabulary.storage.arenaCount, 8 + 8 * idf.count,
                labels, 8 + 8 * counts.classCounts.count, nonzero.reduce(0) { $0 + 8 + 12 * $1 },
            ] + extra.map(\.payload.count)
            tags = ["OPTS", "VOCB", "IDF_", "CLSS", "CCNT", "FCNT"] + extra.map(\.tag)
            total = magic.count + 8 + lengths.reduce(0) { $0 + 12 + $1 } + 8
        }
    }
}

/// A buffer of `count` bytes written at explicit offsets, integers little-endian: the parts of a
/// file laid out in advance can be filled from several threads at once, each in its own range.
/// Writes are unaligned stores; each is checked against the end in debug builds.
struct ByteSlab: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int

    @inline(__always)
    func store(_ value: UInt32, at offset: Int) {
        assert(offset >= 0 && offset + 4 <= count, "store at \(offset) past \(count)")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    @inline(__always)
    func store(_ value: UInt64, at offset: Int) {
        assert(offset >= 0 && offset + 8 <= count, "store at \(offset) past \(count)")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// `values.count` as a `UInt64`, then each value's bit pattern.
    func store(_ values: [Double], at offset: Int) {
        store(UInt64(values.count), at: offset)
        for (i, value) in values.enumerated() { store(value.bitPattern, at: offset + 8 + 8 * i) }
    }

    func copy(_ bytes: [UInt8], at offset: Int) {
        bytes.withUnsafeBytes { copy($0, at: offset) }
    }

    func copy(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && offset + bytes.count <= count, "copy of \(bytes.count) bytes at \(offset) past \(count)")
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (base + offset).copyMemory(from: source, byteCount: bytes.count)
    }
}
