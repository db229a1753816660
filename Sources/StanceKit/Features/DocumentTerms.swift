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
    private var prefixes: [UInt32] = []
    private var keys: [UInt64] = []
    private var hits: [UInt32] = []
    private var found: [UInt32] = []
    private var sortScratch: [UInt32] = []
    private var histogram = [Int](repeating: 0, count: 256)

    /// Counts the features of `text` that are in `vocabulary` (others are ignored) into `ids`
    /// and `counts`: word n-grams over `analyzer.options.wordNGrams`, then character n-grams.
    ///
    /// With `index` (the vocabulary's word n-grams by word ids, `NGramIndex`), the word n-grams
    /// are found through it instead of by their bytes: the same ids.
    mutating func count(_ text: UnsafeBufferPointer<UInt8>, analyzer: Analyzer, vocabulary: Vocabulary, index: NGramIndex? = nil) {
        analyzer.tokenizer.tokenize(text, into: &scratch.tokens)
        let range = analyzer.options.wordNGrams
        found.removeAll(keepingCapacity: true)
        if let index {
            countWordNGrams(index)
        } else {
            countWordNGramBytes(range: range, vocabulary: vocabulary)
        }
        if let characterRange = analyzer.options.characterNGrams {
            vocabulary.storage.ensureIndexed()
            analyzer.forEachCharacterNGram(range: characterRange, scratch: &scratch) { gram in
                let id = vocabulary.id(of: gram, hash: ByteHash.hash(gram))
                if id >= 0 { found.append(UInt32(id)) }
            }
        }
        countRuns(below: vocabulary.count)
    }

    /// Appends the ids of the word n-grams in the vocabulary to `found`, looked up by their
    /// bytes (`VocabularyStorage.ids`).
    private mutating func countWordNGramBytes(range: ClosedRange<Int>, vocabulary: Vocabulary) {
        let tokenCount = scratch.tokens.count
        let featureCount = DocumentTerms.nGramCount(range, tokens: tokenCount)
        reserve(featureCount)
        let storage = vocabulary.storage
        storage.ensureIndexed()
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
                                    pending: pending.baseAddress!, padded: true)
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
    }

    /// How many probes ahead `countWordNGrams` hints a pair's slot. All of a document's probes
    /// hinted at once, before the first (as this did), issued more hints than the core tracks, and
    /// the probes' loads still had 20% of the function's samples. Measured (`stance evaluate`,
    /// 20 Newsgroups bigrams, alternating runs, medians): 0.1580 -> 0.1546 s (20 runs); 16, 32
    /// and 64 ahead 0.1568, 0.1557 and 0.1589 s against 0.1592 s (16 runs). The same counts.
    /// The tokens' word slots are hinted as far ahead (`VocabularyStorage.ids`' `hintAhead`),
    /// not all at once: 0.1619 -> 0.1576 s (24 runs), task clock 284.5 -> 279.4 ms.
    static let probeLead = 32

    /// Appends the ids of the word n-grams in the vocabulary to `found`, found through `index`:
    /// each token's word id (one batch of lookups, `VocabularyStorage.ids`), unigrams by word
    /// id, then for each n from 2 the n-gram at each position by the node of its first `n - 1`
    /// words and its last word, each probe's slot hinted `probeLead` probes ahead. A position
    /// whose (n - 1)-gram is absent (an unknown word) has no n-gram and costs no probe.
    private mutating func countWordNGrams(_ index: NGramIndex) {
        let tokenCount = scratch.tokens.count
        guard tokenCount > 0 else { return }
        let range = index.lengths
        let featureCount = DocumentTerms.nGramCount(range, tokens: tokenCount)
        reserve(max(featureCount, tokenCount))
        let words = index.words
        var hitCount = 0
        // The buffers hold at least `max(featureCount, tokenCount)` places.
        scratch.tokens.bytes.withUnsafeBufferPointer { tokenBytes in
            guard let base = tokenBytes.baseAddress else { return }
            precondition(tokenBytes.count >= scratch.tokens.byteCount + 8, "token buffer without 8 bytes of padding")
            let tokenStarts = scratch.tokens.starts, tokenEnds = scratch.tokens.ends
            tokenStarts.withUnsafeBufferPointer { starts in
            tokenEnds.withUnsafeBufferPointer { ends in
            featureHashes.withUnsafeMutableBufferPointer { hashes in
            probed.withUnsafeMutableBufferPointer { wordIds in
            pending.withUnsafeMutableBufferPointer { positions in
            prefixes.withUnsafeMutableBufferPointer { prefixes in
            keys.withUnsafeMutableBufferPointer { keys in
            hits.withUnsafeMutableBufferPointer { hits in
                for i in 0 ..< tokenCount {
                    // `tokenize` leaves at least 16 bytes past the last token.
                    hashes[i] = ByteHash.hash(padded: base + starts[i], count: ends[i] - starts[i])
                }
                words.ids(
                    bytes: base, starts: starts.baseAddress!, ends: ends.baseAddress!, hashes: hashes.baseAddress!,
                    count: tokenCount, into: wordIds.baseAddress!, pending: positions.baseAddress!, padded: true,
                    hintAhead: DocumentTerms.probeLead)
                var h = 0
                if range.contains(1) {
                    index.unigramFeatures.withUnsafeBufferPointer { unigrams in
                        for i in 0 ..< tokenCount where wordIds[i] >= 0 {
                            let feature = unigrams[Int(wordIds[i])]
                            if feature >= 0 {
                                hits[h] = UInt32(feature)
                                h += 1
                            }
                        }
                    }
                }
                for i in 0 ..< tokenCount { prefixes[i] = UInt32(bitPattern: wordIds[i]) }
                var n = 2
                while n <= range.upperBound && n <= tokenCount {
                    // prefixes[i]: the (n - 1)-gram at i, becoming the n-gram at i.
                    var probes = 0
                    for i in 0 ... (tokenCount - n) {
                        let prefix = prefixes[i], word = wordIds[i + n - 1]
                        guard prefix != NGramIndex.absent && word >= 0 else {
                            prefixes[i] = NGramIndex.absent
                            continue
                        }
                        let key = index.key(prefix: prefix, word: UInt32(word))
                        let hash = NGramIndex.hash(key)
                        keys[probes] = key
                        hashes[probes] = hash
                        positions[probes] = Int32(i)
                        probes += 1
                    }
                    let counted = range.contains(n)
                    for k in 0 ..< min(probes, DocumentTerms.probeLead) { index.prefetch(hash: hashes[k]) }
                    for k in 0 ..< probes {
                        if k + DocumentTerms.probeLead < probes { index.prefetch(hash: hashes[k + DocumentTerms.probeLead]) }
                        let i = Int(positions[k])
                        guard let slot = index.slot(keys[k], hash: hashes[k]) else {
                            prefixes[i] = NGramIndex.absent
                            continue
                        }
                        prefixes[i] = index.prefix(ofSlot: slot)
                        let feature = index.feature(inSlot: slot)
                        if counted && feature >= 0 {
                            hits[h] = UInt32(feature)
                            h += 1
                        }
                    }
                    n += 1
                }
                hitCount = h
            }
            }
            }
            }
            }
            }
            }
            }
        }
        hits.withUnsafeBufferPointer { found.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0 ..< hitCount])) }
    }

    /// Sorts `found` and counts its runs into `ids` and `counts`.
    private mutating func countRuns(below featureCount: Int) {
        RadixSort.sort(&found, scratch: &sortScratch, histogram: &histogram, below: UInt32(clamping: featureCount))
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
        // Converted through pointers: the lazy map appended one element at a time (1.4% of
        // `evaluate`'s samples on 20 Newsgroups bigrams).
        counts.append(contentsOf: repeatElement(0, count: distinct))
        counts.withUnsafeMutableBufferPointer { counts in
            sortScratch.withUnsafeBufferPointer { runs in
                for k in 0 ..< distinct { counts[k] = Float(runs[k]) }
            }
        }
    }

    /// The word n-grams of lengths `range` in `tokenCount` tokens.
    static func nGramCount(_ range: ClosedRange<Int>, tokens tokenCount: Int) -> Int {
        range.reduce(0) { $0 + max(0, tokenCount - $1 + 1) }
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
        prefixes = [UInt32](repeating: 0, count: size)
        keys = [UInt64](repeating: 0, count: size)
        hits = [UInt32](repeating: 0, count: size)
    }
}
