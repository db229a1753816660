/// Training's first pass over one hash partition of the features: which features exist, their
/// document frequencies (and total counts when `maxFeatures` needs them), plus the rows of the
/// current chunk as (feature, count) pairs, which `TermSpill` keeps for the second pass.
///
/// Features are kept by kind, each where it is cheapest to count:
/// - tokens (single words) in a byte-keyed `Vocabulary` of the partition that owns them; a
///   token's id elsewhere is its local id tagged with that partition (`tagged`), and its state
///   as a unigram feature lives in `tokenStates`;
/// - word n-grams of 2 to 4 tokens in a `GramTable` keyed by their tokens' tagged ids;
/// - longer word n-grams and character n-grams in a second byte-keyed `Vocabulary`.
///
/// With `P` partitions, a token or a long or character n-gram belongs to partition
/// `((hash >> 32) & 0xFFFF) * P >> 16` of its hash, and a word n-gram of 2 to 4 tokens to the
/// partition of its first token (its tagged id says which): a partition then finds its grams
/// among its own tokens, where picking them by their own hash made every partition build and
/// hash every gram of the chunk, a third of its counting time with two partitions. A chunk is counted in three stages
/// (`count(_:tokens:...)`), each split over `P` threads: tokenizing and hashing by slices of
/// documents, giving tokens their ids by partition, and counting each partition's features; so
/// no token is looked up twice and nothing is merged. Each partition sees its tokens and features in corpus order, so nothing
/// depends on timing. With one partition this is plain counting.
///
/// A row entry's feature is `kind << 30 | index`, kind 0 for tokens, 1 for grams, 2 for others.
/// Documents are stamped with their 0-based index in the corpus as an `Int32`.
struct PartitionCounter: Sendable {
    /// Which partition this is, of how many.
    let partition: Int
    let partitions: Int
    /// The tokens this partition owns, by first appearance.
    private(set) var tokens: Vocabulary
    /// Per token id: its state as a unigram feature.
    private(set) var tokenStates: [TermState] = []
    /// Per token id: occurrences as a feature (only when `keepTotals`).
    private(set) var tokenTotals: [Double] = []
    /// The unigram features this partition owns.
    private(set) var ownedTokens = 0
    /// Word n-grams of 2 to 4 tokens.
    let grams: GramTable
    private(set) var gramTotals: [Double] = []
    /// Longer word n-grams and character n-grams.
    private(set) var others = Vocabulary(capacity: 1 << 10)
    private(set) var otherStates: [TermState] = []
    private(set) var otherTotals: [Double] = []
    let keepTotals: Bool

    /// The current chunk's rows: `rowOffsets[d] ..< rowOffsets[d + 1]` index `ids` and `counts`.
    private(set) var rowOffsets: [UInt32] = [0]
    private(set) var ids: [UInt32] = []
    private(set) var counts: [UInt32] = []
    /// The number of features after each document of the chunk (to find the document at which
    /// the partitions together pass `maxVocabulary`).
    private(set) var sizes: [Int32] = []
    /// Whether this partition alone reached `maxVocabulary` and stopped counting.
    private(set) var full = false

    /// Feature kinds in a row entry's top two bits.
    static let tokenKind: UInt32 = 0, gramKind: UInt32 = 1, otherKind: UInt32 = 2
    static let indexMask: UInt32 = (1 << 30) - 1
    /// The longest word n-gram kept in the `GramTable`.
    static let longestGram = 4
    /// How many lookups ahead a word's or a gram's first slot is hinted, so about that many of
    /// the tables' cache misses are in flight at once (hinting a whole document's first issued
    /// more than the core can track, and the first hints were gone by the time their lookups
    /// came; 40 and 48 measured no different from 16 then). Measured again at cb9e83e (the
    /// phases `stance train` prints, alternating runs, medians of 12): 20 Newsgroups bigrams on
    /// two threads, read and count 120 ms with 16 ahead, 109 with 24, 104.5 with 32, 109 with
    /// 48 (and 114 -> 106.5 ms, 14 runs); unigrams on one thread 98 -> 95.5-96.5 ms.
    static let lookahead = 32
    /// The text a lone partition counts at a time (`count(_:tokens:...)`, lowered by tests):
    /// 512 KiB. 20 Newsgroups unigrams on one thread, read and count 128.5 -> 122 ms against
    /// whole 2 MiB chunks (10 alternating runs; chunks of 512, 256 and 128 KiB, which also
    /// split the spill and the second pass, measured 118-119 ms); bigrams on one thread 235.5
    /// against 234 ms. With two partitions and more, the stages run once per chunk: batches add
    /// hand-offs between the threads at every stage, and on bigrams on two threads read and
    /// count went 152.5 -> 165.5 ms with 512 KiB batches, 155.5 ms with 1 MiB (12 runs).
    var batchBytes = 512 << 10

    /// Partition `partition` of `partitions`, its tables sized for `expected` terms (see
    /// `TableSizes`).
    init(partition: Int, of partitions: Int, keepTotals: Bool, expected: TableSizes = .init()) {
        precondition(partitions >= 1 && partition >= 0 && partition < partitions, "partition \(partition) of \(partitions)")
        self.partition = partition
        self.partitions = partitions
        self.keepTotals = keepTotals
        tokens = Vocabulary(capacity: expected.words)
        tokenStates.reserveCapacity(expected.words)
        grams = GramTable(capacity: expected.grams)
        tagBits = partitions == 1 ? 0 : Int.bitWidth - (partitions - 1).leadingZeroBitCount
        tokenCeiling = min(Int(PartitionCounter.indexMask), (1 << (32 - tagBits)) - 2)
    }

    /// The partition of a feature with hash `hash`: 16 of its bits, `v`, scaled to
    /// `v * partitions / 2^16` (a multiply and a shift: every partition thread evaluates this for
    /// every token and gram of a chunk, and `v % partitions` compiled to a division).
    @inline(__always)
    static func partition(of hash: UInt64, among partitions: Int) -> Int {
        Int(truncatingIfNeeded: (((hash >> 32) & 0xFFFF) &* UInt64(truncatingIfNeeded: partitions)) >> 16)
    }

    /// 1 when `condition` holds, else 0, without a branch: the compiler made a branch of
    /// `condition ? 1 : 0` in the loops that pick a partition's tokens, mispredicted about half
    /// the time with two partitions (a third of `assignTokenIDs`' samples).
    @inline(__always)
    static func one(_ condition: Bool) -> Int {
        Int(unsafeBitCast(condition, to: UInt8.self))
    }

    /// The number of features counted so far.
    var featureCount: Int { ownedTokens + grams.count + others.count }

    /// Bits of a tagged token id that name the partition owning the token.
    let tagBits: Int
    /// The most tokens one partition holds: a tagged id stays below `GramTable.unused`, and a
    /// local id within `indexMask` (lowered by tests only).
    var tokenCeiling: Int
    /// Per document of the chunk: the tokens this partition owns after it (stage 2).
    private(set) var tokenSizes: [Int32] = []
    /// The chunk's first document at which this partition's token table reached `tokenCeiling`
    /// (its later tokens have no ids).
    private(set) var tokensFullAt: Int?
    /// Scratch: the positions of this partition's tokens in a slice (stage 2).
    private var owned: [UInt32] = []
    /// Scratch of stage 3, kept at its largest from call to call: with one partition a chunk is
    /// counted in several calls (`batchBytes`), and buffers made afresh in each call were fresh
    /// memory each time (20NG bigrams on one thread: read and count 241 -> 270 ms).
    private var buffers = CountBuffers()

    /// Stage 3's scratch (see `buffers`).
    struct CountBuffers {
        var scratch = AnalyzerScratch()
        var ownTokens: [UInt32] = [], ownPositions: [UInt32] = []
        var grams: [(k0: UInt64, k1: UInt64, hash: UInt64)] = []
    }

    /// The id of token `local` of `partition`, tagged: `local << tagBits | partition`.
    @inline(__always)
    static func tagged(_ local: Int32, partition: Int, bits: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: local) << UInt32(bits) | UInt32(partition)
    }

    /// Counts one chunk on all partitions in three stages: tokenize and hash by slices of
    /// documents (`ChunkTokens`), give every token its id in the partition that owns it
    /// (`assignTokenIDs`), then count each partition's own features (`count(_:texts:...)`).
    /// Each stage runs its parts on their own threads, one per partition; nothing is merged, and
    /// each partition sees its tokens and features in corpus order, so the result does not
    /// depend on timing. The chunk's first document is document `firstDocument` of the corpus.
    /// A lone partition runs the stages over batches of the chunk's documents (`batchBytes`),
    /// appending to its rows: the same rows as one batch.
    static func count(
        _ counters: inout [PartitionCounter], tokens: inout ChunkTokens, texts: TextBatch, firstDocument: Int,
        analyzer: Analyzer, maxVocabulary: Int
    ) {
        // A lone partition runs the three stages over batches of about `batchBytes` of text,
        // each batch's tokens, hashes and ids still in the caches for the next stage (a whole
        // chunk's, 2 MiB of text and 7 MB of token arrays, streamed through them at each stage
        // and pushed the words' table out); several partitions take the chunk in one batch.
        let batchBytes = counters.count == 1 ? counters[0].batchBytes : Int.max
        var begin = 0, appending = false
        repeat {
            var end = min(texts.count, begin + 1)
            while end < texts.count && texts.offsets[end] - texts.offsets[begin] < batchBytes { end += 1 }
            tokens.tokenize(texts, documents: begin ..< end, tokenizer: analyzer.tokenizer, threads: counters.count)
            let chunk = tokens, append = appending
            ChunkPipeline.forEach(&counters) { $0.assignTokenIDs(chunk, appending: append) }
            // Where a partition's token table filled up, no partition may read the ids after it.
            let stop = counters.compactMap(\.tokensFullAt).min()
            ChunkPipeline.forEach(&counters) {
                $0.count(chunk, texts: texts, firstDocument: firstDocument, analyzer: analyzer, maxVocabulary: maxVocabulary,
                         stopAt: stop, appending: append)
            }
            if stop != nil || counters.contains(where: \.full) { return }
            appending = true
            begin = end
        } while begin < texts.count
    }

    /// Stage 2: gives each token of `chunk` this partition owns its id (new tokens are added in
    /// corpus order) and writes the tagged id into the chunk's slot for it.
    mutating func assignTokenIDs(_ chunk: ChunkTokens, appending: Bool = false) {
        if !appending {
            tokenSizes.removeAll(keepingCapacity: true)
            tokensFullAt = nil
        }
        let partitions = partitions, partition = partition, bits = tagBits, ceiling = tokenCeiling
        let lookahead = PartitionCounter.lookahead
        for slice in chunk.slices {
            let hashes = slice.hashes, starts = slice.documentStarts
            let total = starts[slice.documentCount]
            // This partition's tokens, picked without a branch per token (a token's partition is
            // random: a branch was mispredicted about half the time with two partitions). One
            // partition owns every token: no list.
            let single = partitions == 1
            if !single && owned.count < total { owned = [UInt32](repeating: 0, count: total + total / 4) }
            let ownedCount = single ? total : owned.withUnsafeMutableBufferPointer { owned in
                guard let out = owned.baseAddress else { return 0 }
                var n = 0
                for i in 0 ..< total {
                    out[n] = UInt32(truncatingIfNeeded: i)
                    n &+= PartitionCounter.one(PartitionCounter.partition(of: hashes[i], among: partitions) == partition)
                }
                return n
            }
            for k in 0 ..< min(lookahead, ownedCount) { tokens.prefetch(hash: hashes[single ? k : Int(owned[k])]) }
            var d = 0
            for k in 0 ..< ownedCount {
                let i = single ? k : Int(owned[k])
                // Close the documents that end before token i.
                while starts[d + 1] <= i {
                    tokenSizes.append(Int32(clamping: tokens.count))
                    d += 1
                }
                if k + lookahead < ownedCount { tokens.prefetch(hash: hashes[single ? k + lookahead : Int(owned[k + lookahead])]) }
                // The slice's bytes have 8 readable bytes past every token (`TokenSlice.reserve`).
                let token = slice.bytes + Int(slice.starts[i]), length = Int(slice.ends[i] &- slice.starts[i])
                let id: Int32
                if tokens.count >= ceiling {
                    id = tokens.id(padded: token, count: length, hash: hashes[i])
                    guard id >= 0 else {
                        tokensFullAt = slice.firstDocument + d
                        return
                    }
                } else {
                    id = tokens.insert(padded: token, count: length, hash: hashes[i])
                    if Int(id) == tokenStates.count {
                        tokenStates.append(TermState(lastDocument: -1, position: 0, df: 0))
                        if keepTotals { tokenTotals.append(0) }
                    }
                }
                slice.ids[i] = PartitionCounter.tagged(id, partition: partition, bits: bits)
            }
            while d < slice.documentCount {
                tokenSizes.append(Int32(clamping: tokens.count))
                d += 1
            }
        }
    }

    /// Stage 3: counts this partition's features in the documents of `chunk` (tokenized from
    /// `texts`, the first of which is document `firstDocument` of the corpus), replacing the
    /// previous chunk's rows. Stops (`full`) at the first document where the features would pass
    /// `maxVocabulary`, or at the chunk's document `stopAt`, where some partition's token table
    /// filled up.
    mutating func count(
        _ chunk: ChunkTokens, texts: TextBatch, firstDocument: Int, analyzer: Analyzer, maxVocabulary: Int, stopAt: Int? = nil,
        appending: Bool = false
    ) {
        if !appending {
            rowOffsets.removeAll(keepingCapacity: true)
            rowOffsets.append(0)
            ids.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            sizes.removeAll(keepingCapacity: true)
        }
        guard !full else { return }
        // Room for every word n-gram of the chunk at once (a document's entries are at most its
        // n-grams), and a quarter more for the next chunk, so the rows do not grow while they are
        // filled: each growth copied them into fresh memory, a page fault per 4 KiB. Untouched
        // capacity costs no memory. (Character n-grams may still grow them.)
        let range = analyzer.options.wordNGrams
        let tokenTotal = chunk.slices.reduce(0) { $0 + $1.documentStarts[$1.documentCount] }
        let bound = ids.count + tokenTotal * range.count
        if ids.capacity < bound {
            ids.reserveCapacity(bound + bound / 4)
            counts.reserveCapacity(bound + bound / 4)
        }
        let limit = min(maxVocabulary, Int(PartitionCounter.indexMask))
        // A document's own tokens and grams, picked without a branch each (see `assignTokenIDs`),
        // in buffers kept from call to call (`CountBuffers`), taken out of `self` while in use.
        var scratch = buffers.scratch, ownTokens = buffers.ownTokens, ownPositions = buffers.ownPositions, grams = buffers.grams
        buffers = CountBuffers()
        defer { buffers = CountBuffers(scratch: scratch, ownTokens: ownTokens, ownPositions: ownPositions, grams: grams) }
        let gramOrders = (max(2, range.lowerBound) ... max(2, min(range.upperBound, PartitionCounter.longestGram))).filter { range.contains($0) }
        let characterRange = analyzer.options.characterNGrams
        let partitions = partitions, partition = partition, bits = tagBits
        let ownerMask = UInt32((1 << bits) - 1), owner = UInt32(partition)
        for slice in chunk.slices {
            for d in 0 ..< slice.documentCount {
                let document = slice.firstDocument + d
                if let at = stopAt, document >= at { full = true }
                let stamp = Int32(truncatingIfNeeded: firstDocument + document)
                let first = slice.documentStarts[d], count = slice.documentStarts[d + 1] - first
                let tokenIDs = UnsafeBufferPointer(start: slice.ids + first, count: count)
                counting: do {
                    guard !full else { break counting }
                    // This partition's tokens of the document (their local ids and positions),
                    // picked without a branch each: its unigrams, and the first tokens of its
                    // word n-grams.
                    if ownTokens.count < count {
                        ownTokens = [UInt32](repeating: 0, count: max(count, 2 * ownTokens.count))
                        ownPositions = [UInt32](repeating: 0, count: ownTokens.count)
                    }
                    let owned = ownTokens.withUnsafeMutableBufferPointer { out in
                        ownPositions.withUnsafeMutableBufferPointer { positions in
                            var n = 0
                            for (i, id) in tokenIDs.enumerated() {
                                out[n] = id >> UInt32(bits)
                                positions[n] = UInt32(truncatingIfNeeded: i)
                                n &+= PartitionCounter.one(id & ownerMask == owner)
                            }
                            return n
                        }
                    }
                    if range.contains(1) {
                        ownTokens.withUnsafeBufferPointer { countTokens($0.baseAddress, owned, document: stamp, limit: limit) }
                        if full { break counting }
                    }
                    var gramCount = 0
                    if let base = tokenIDs.baseAddress, !gramOrders.isEmpty {
                        let needed = count * gramOrders.count
                        if grams.count < needed { grams = .init(repeating: (0, 0, 0), count: max(needed, 2 * grams.count)) }
                        gramCount = grams.withUnsafeMutableBufferPointer { out in
                            ownPositions.withUnsafeBufferPointer { positions in
                                var m = 0
                                for n in gramOrders where n <= count {
                                    for k in 0 ..< owned {
                                        let i = Int(positions[k])
                                        guard i + n <= count else { break }
                                        let (k0, k1) = GramTable.key(base + i, n)
                                        out[m] = (k0, k1, GramTable.hash(k0, k1))
                                        m += 1
                                    }
                                }
                                return m
                            }
                        }
                    }
                    grams.withUnsafeBufferPointer { countGrams($0.baseAddress, gramCount, document: stamp, limit: limit) }
                    if full { break counting }
                    if range.upperBound > PartitionCounter.longestGram {
                        for n in max(range.lowerBound, PartitionCounter.longestGram + 1) ... range.upperBound where n <= count {
                            for i in 0 ... (count - n) {
                                let feature = slice.span(first + i, first + i + n - 1)
                                let hash = ByteHash.hash(feature)
                                guard PartitionCounter.partition(of: hash, among: partitions) == partition else { continue }
                                countOther(feature, hash: hash, document: stamp, limit: limit)
                                if full { break counting }
                            }
                        }
                    }
                    if let characterRange {
                        texts.withDocument(document) { analyzer.tokenizer.tokenize($0, into: &scratch.tokens) }
                        analyzer.forEachCharacterNGram(range: characterRange, scratch: &scratch) { gram in
                            let hash = ByteHash.hash(gram)
                            guard !full, PartitionCounter.partition(of: hash, among: partitions) == partition else { return }
                            countOther(gram, hash: hash, document: stamp, limit: limit)
                        }
                    }
                }
                rowOffsets.append(UInt32(ids.count))
                // A full partition's size is past any limit (limits are below Int32.max).
                sizes.append(full ? Int32.max : Int32(clamping: featureCount))
                if full { return }
            }
        }
    }

    /// Appends a new row entry, or adds 1 to this document's entry at `position`.
    @inline(__always)
    private mutating func record(_ feature: UInt32, state: inout TermState, document: Int32) {
        if state.lastDocument == document {
            counts[Int(state.position)] += 1
        } else {
            state.lastDocument = document
            state.df += 1
            state.position = Int32(truncatingIfNeeded: ids.count)
            ids.append(feature)
            counts.append(1)
        }
    }

    /// Counts the `count` tokens `own` (this partition's ids, in document order) of `document`
    /// as unigram features, as `record` does one by one: each token's state is hinted
    /// `lookahead` tokens ahead, and the document's new row entries are written through
    /// pointers (`appendEntries`). (Hinting every state of the document up front, then
    /// counting, left most of them to miss, and the arrays' uniqueness checks were calls per
    /// token.) Sets `full` at the first new token past `limit`.
    private mutating func countTokens(_ own: UnsafePointer<UInt32>?, _ count: Int, document: Int32, limit: Int) {
        guard let own, count > 0 else { return }
        let lookahead = PartitionCounter.lookahead
        let keepTotals = keepTotals
        var owned = ownedTokens, stop = false
        let others = featureCount - ownedTokens
        PartitionCounter.appendEntries(count, ids: &ids, counts: &counts) { ids, counts, next in
            tokenStates.withUnsafeMutableBufferPointer { states in
                tokenTotals.withUnsafeMutableBufferPointer { totals in
                    guard let states = states.baseAddress else { return }
                    let totals = totals.baseAddress
                    for k in 0 ..< min(lookahead, count) { Prefetch.read(UnsafeRawPointer(states + Int(own[k]))) }
                    for k in 0 ..< count {
                        if k + lookahead < count { Prefetch.read(UnsafeRawPointer(states + Int(own[k + lookahead]))) }
                        let id = Int(own[k])
                        let state = states + id
                        if state.pointee.df == 0 {
                            guard owned + others < limit else {
                                stop = true
                                return
                            }
                            owned += 1
                        }
                        PartitionCounter.record(
                            PartitionCounter.tokenKind << 30 | UInt32(truncatingIfNeeded: id), state: state, document: document,
                            ids: ids, counts: counts, next: &next)
                        if keepTotals, let totals { totals[id] += 1 }
                    }
                }
            }
        }
        ownedTokens = owned
        if stop { full = true }
    }

    /// Makes room for `count` row entries after the current ones, calls `body` with pointers to
    /// `ids` and `counts` and the place of the first new entry (`next`, which `body` moves past
    /// each entry it writes), then keeps the entries written: a document's entries appended
    /// without the arrays' checks per entry.
    @inline(__always)
    private static func appendEntries(
        _ count: Int, ids: inout [UInt32], counts: inout [UInt32],
        _ body: (_ ids: UnsafeMutablePointer<UInt32>, _ counts: UnsafeMutablePointer<UInt32>, _ next: inout Int) -> Void
    ) {
        let first = ids.count
        ids.append(contentsOf: repeatElement(0, count: count))
        counts.append(contentsOf: repeatElement(0, count: count))
        var next = first
        ids.withUnsafeMutableBufferPointer { ids in
            counts.withUnsafeMutableBufferPointer { counts in
                guard let ids = ids.baseAddress, let counts = counts.baseAddress else { return }
                body(ids, counts, &next)
            }
        }
        ids.removeLast(first + count - next)
        counts.removeLast(first + count - next)
    }

    /// `record` through pointers: adds 1 to this document's entry of the feature whose state is
    /// `state`, or writes its first entry of the document at `next` and moves `next` on.
    @inline(__always)
    private static func record(
        _ feature: UInt32, state: UnsafeMutablePointer<TermState>, document: Int32,
        ids: UnsafeMutablePointer<UInt32>, counts: UnsafeMutablePointer<UInt32>, next: inout Int
    ) {
        if state.pointee.lastDocument == document {
            counts[Int(state.pointee.position)] &+= 1
        } else {
            state.pointee.lastDocument = document
            state.pointee.df &+= 1
            state.pointee.position = Int32(truncatingIfNeeded: next)
            ids[next] = feature
            counts[next] = 1
            next += 1
        }
    }

    /// Counts the first `count` of `grams` (keys and hashes) of `document` as word n-gram
    /// features, as `record` does one by one: each gram's slot is hinted `lookahead` grams
    /// ahead, and the document's new row entries are written through pointers
    /// (`appendEntries`; the arrays' uniqueness checks were calls per gram). With totals, their
    /// array gets room for the document's new grams first and is cut to the grams after. Sets
    /// `full` at the first new gram past `limit`.
    private mutating func countGrams(
        _ grams: UnsafePointer<(k0: UInt64, k1: UInt64, hash: UInt64)>?, _ count: Int, document: Int32, limit: Int
    ) {
        guard let grams, count > 0 else { return }
        let table = self.grams
        let lookahead = PartitionCounter.lookahead
        let others = ownedTokens + self.others.count
        let keepTotals = keepTotals
        if keepTotals { gramTotals.append(contentsOf: repeatElement(0, count: table.count + count - gramTotals.count)) }
        var stop = false
        PartitionCounter.appendEntries(count, ids: &ids, counts: &counts) { ids, counts, next in
            gramTotals.withUnsafeMutableBufferPointer { totals in
                let totals = totals.baseAddress
                for g in 0 ..< min(lookahead, count) { table.prefetch(hash: grams[g].hash) }
                for g in 0 ..< count {
                    if g + lookahead < count { table.prefetch(hash: grams[g + lookahead].hash) }
                    let gram = grams[g]
                    // One probe: it inserts a new gram only while under the limit.
                    guard let slot = table.slot(gram.k0, gram.k1, hash: gram.hash, insert: others + table.count < limit) else {
                        stop = true
                        return
                    }
                    let id = slot.pointee.id &- 1
                    PartitionCounter.record(
                        PartitionCounter.gramKind << 30 | id, state: &slot.pointee.state, document: document,
                        ids: ids, counts: counts, next: &next)
                    if keepTotals, let totals { totals[Int(id)] += 1 }
                }
            }
        }
        if keepTotals { gramTotals.removeLast(gramTotals.count - table.count) }
        if stop { full = true }
    }

    /// Counts one occurrence of a long word n-gram or a character n-gram.
    @inline(__always)
    private mutating func countOther(_ feature: UnsafeBufferPointer<UInt8>, hash: UInt64, document: Int32, limit: Int) {
        // One probe: `insert` finds a known term; past the limit only a lookup is allowed.
        let id = Int(featureCount < limit ? others.insert(feature, hash: hash) : others.id(of: feature, hash: hash))
        guard id >= 0 else {
            full = true
            return
        }
        if id == otherStates.count {
            otherStates.append(TermState(lastDocument: -1, position: 0, df: 0))
            if keepTotals { otherTotals.append(0) }
        }
        if keepTotals { otherTotals[id] += 1 }
        var state = otherStates[id]
        record(PartitionCounter.otherKind << 30 | UInt32(id), state: &state, document: document)
        otherStates[id] = state
    }
}

/// One term's counting state in `PartitionCounter`.
struct TermState: Sendable {
    var lastDocument: Int32
    var position: Int32
    var df: Int32
}

import Dispatch
