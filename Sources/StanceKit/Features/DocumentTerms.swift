/// The vocabulary ids of one document's features and their counts, sorted by id: one row of
/// `Vectorizer.transform`'s count matrix, computed without any table the size of the vocabulary.
///
/// Per document: the word n-grams are hashed first, each hash prefetching its vocabulary slot,
/// and looked up after, together (`VocabularyStorage.ids`), so the cache misses of their probes
/// and of their confirmation in the arena overlap (see `Prefetch`); the ids found (one
/// per occurrence) are radix-sorted (`RadixSort`) and run-length counted. The result is the same
/// row, in the same column order, as the plain `TermCounter` + `matrix` path (kept in the tests) gives, so a score summed
/// over it is bitwise the same too. The buffers are reused from document to document; one value
/// per thread.
struct DocumentTerms {
    /// Sorted distinct ids of the last document counted.
    private(set) var ids: [Int32] = []
    /// Each id's number of occurrences, as the count matrix stores it.
    private(set) var counts: [Float] = []
    private var scratch = AnalyzerScratch()
    private var featureStarts: [Int] = []
    private var featureEnds: [Int] = []
    private var featureHashes: [UInt64] = []
    private var probed: [Int32] = []
    private var pending: [Int32] = []
    private var found: [UInt32] = []
    private var sortScratch: [UInt32] = []
    private var histogram = [Int](repeating: 0, count: 256)

    /// Counts the features of `text` that are in `vocabulary` (others are ignored) into `ids`
    /// and `counts`: word n-grams over `analyzer.options.wordNGrams`, then character n-grams.
    mutating func count(_ text: UnsafeBufferPointer<UInt8>, analyzer: Analyzer, vocabulary: Vocabulary) {
        analyzer.tokenizer.tokenize(text, into: &scratch.tokens)
        let tokenCount = scratch.tokens.count
        let range = analyzer.options.wordNGrams
        var featureCount = 0
        for n in range where n <= tokenCount { featureCount += tokenCount - n + 1 }
        reserve(featureCount)
        let storage = vocabulary.storage
        storage.ensureIndexed()
        found.removeAll(keepingCapacity: true)
        // The buffers hold at least `featureCount` places: filled through pointers, with no
        // per-element capacity or uniqueness check.
        scratch.tokens.bytes.withUnsafeBufferPointer { tokenBytes in
            guard featureCount > 0, let base = tokenBytes.baseAddress else { return }
            precondition(tokenBytes.count >= scratch.tokens.byteCount + 8, "token buffer without 8 bytes of padding")
            let starts = scratch.tokens.starts, ends = scratch.tokens.ends
            featureStarts.withUnsafeMutableBufferPointer { featureStarts in
                featureEnds.withUnsafeMutableBufferPointer { featureEnds in
                    featureHashes.withUnsafeMutableBufferPointer { featureHashes in
                        probed.withUnsafeMutableBufferPointer { probed in
                            pending.withUnsafeMutableBufferPointer { pending in
                                starts.withUnsafeBufferPointer { starts in
                                    ends.withUnsafeBufferPointer { ends in
                                        var f = 0
                                        for n in range where n <= tokenCount {
                                            for i in 0 ... (tokenCount - n) {
                                                let start = starts[i], end = ends[i + n - 1]
                                                // `tokenize` leaves at least 16 bytes past the last token.
                                                let hash = ByteHash.hash(padded: base + start, count: end - start)
                                                storage.prefetch(hash: hash)
                                                featureStarts[f] = start
                                                featureEnds[f] = end
                                                featureHashes[f] = hash
                                                f += 1
                                            }
                                        }
                                    }
                                }
                                storage.ids(
                                    bytes: base, starts: featureStarts.baseAddress!, ends: featureEnds.baseAddress!,
                                    hashes: featureHashes.baseAddress!, count: featureCount, into: probed.baseAddress!,
                                    pending: pending.baseAddress!)
                                // The ids found, moved to the front (as UInt32), then appended at once.
                                var kept = 0
                                for k in 0 ..< featureCount where probed[k] >= 0 {
                                    probed[kept] = probed[k]
                                    kept += 1
                                }
                                probed.baseAddress!.withMemoryRebound(to: UInt32.self, capacity: kept) {
                                    found.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept))
                                }
                            }
                        }
                    }
                }
            }
        }
        if let characterRange = analyzer.options.characterNGrams {
            analyzer.forEachCharacterNGram(range: characterRange, scratch: &scratch) { gram in
                let id = vocabulary.id(of: gram, hash: ByteHash.hash(gram))
                if id >= 0 { found.append(UInt32(id)) }
            }
        }
        RadixSort.sort(&found, scratch: &sortScratch, histogram: &histogram, below: UInt32(clamping: vocabulary.count))
        // Run-length counts, compacted in place: distinct ids to the front of `found`, their
        // counts to the front of `sortScratch`.
        if sortScratch.count < found.count { sortScratch = [UInt32](repeating: 0, count: max(found.count, 2 * sortScratch.count)) }
        var distinct = 0
        found.withUnsafeMutableBufferPointer { found in
            sortScratch.withUnsafeMutableBufferPointer { runs in
                var k = 0
                while k < found.count {
                    let id = found[k]
                    var next = k + 1
                    while next < found.count && found[next] == id { next += 1 }
                    found[distinct] = id
                    runs[distinct] = UInt32(next - k)
                    distinct += 1
                    k = next
                }
            }
        }
        ids.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        found.withUnsafeBufferPointer { found in
            guard let base = found.baseAddress else { return }
            base.withMemoryRebound(to: Int32.self, capacity: distinct) {
                ids.append(contentsOf: UnsafeBufferPointer(start: $0, count: distinct))
            }
        }
        counts.append(contentsOf: sortScratch[0 ..< distinct].lazy.map { Float($0) })
    }

    /// Makes the per-feature buffers hold at least `count` places.
    private mutating func reserve(_ count: Int) {
        guard featureStarts.count < count else { return }
        let size = max(count, 2 * featureStarts.count, 256)
        featureStarts = [Int](repeating: 0, count: size)
        featureEnds = [Int](repeating: 0, count: size)
        featureHashes = [UInt64](repeating: 0, count: size)
        probed = [Int32](repeating: 0, count: size)
        pending = [Int32](repeating: 0, count: size)
    }
}
