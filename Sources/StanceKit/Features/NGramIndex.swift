/// The word n-gram features of a vocabulary, found by their words' ids instead of their bytes:
/// a table of the distinct words (`words`, by bytes) and a trie of word ids over them (`slots`),
/// built once for a model read from a file (`SectionDecoder`) and used by `DocumentTerms`.
///
/// Every feature of a vocabulary without character n-grams is a word n-gram: its bytes are
/// `n` words joined by single spaces, `n` in the options' `wordNGrams`. Its words (every word
/// of every feature: a bigram's word need not be a unigram feature, after `maxDF`, stop words
/// or `maxFeatures`) are numbered in `words`; a unigram feature's id is `unigramFeatures[word]`,
/// and an n-gram's node is found from its first `n - 1` words' node and its last word,
/// `(prefix, word) -> node` in one open-addressing table. A document's tokens contain no
/// space, so the n-gram of tokens `t_1 ... t_n` (their bytes joined by spaces) equals a feature
/// exactly when the feature splits at its spaces into `n` words equal to the tokens, that is
/// when the trie walk over the tokens' word ids reaches that feature's node: the same ids as
/// looking the n-gram's bytes up in the vocabulary (`VocabularyStorage.ids`), which the tests
/// check.
///
/// Why: with bigrams, looking each n-gram's bytes up costs a probe in a table of a million
/// terms (32 MiB), and for a term longer than the 8 bytes kept in the slot (most bigrams) two
/// more dependent misses to confirm it (its offset, then its bytes in the arena). Here a
/// document's tokens are looked up once, in a table of ~100,000 words that stays in the
/// caches, a bigram with an unknown word costs nothing, and a known one costs one probe of a
/// 16-byte slot compared as one integer.
///
/// A slot's key is `prefix << 32 | word`, the prefix being the first word's id (bigrams) or,
/// top bit set, the index of the node of the first `n - 1` words (longer n-grams); its node
/// index + 1 (0 = empty) and the feature's id (-1 for a node that is only a prefix).
final class NGramIndex: @unchecked Sendable {
    struct Slot {
        var key: UInt64
        var node: UInt32
        var feature: Int32
    }

    /// The n-gram lengths of the features.
    let lengths: ClosedRange<Int>
    /// The distinct words of the features; a word's id is its index here.
    let words: VocabularyStorage
    /// The id of the unigram feature of each word, -1 for none.
    let unigramFeatures: [Int32]
    /// The pair table (`PageMemory`: mapped with huge pages, zero until written).
    private let slots: UnsafeMutablePointer<Slot>
    private let mask: Int

    /// Marks a prefix that is a node, not a word.
    static let nodeTag: UInt32 = 1 << 31
    /// An absent word or n-gram in a document's arrays of prefixes.
    static let absent: UInt32 = .max
    /// The largest fraction of slots in use.
    static let maxLoad = 0.7
    /// Vocabularies with fewer terms keep their byte table: building the index costs more than
    /// it saves there. Measured (`stance evaluate`, task clock, `perf stat -r 15`): an MR model
    /// of 115,000 terms on 1,066 sentences, 34 ms with the byte table against 52 ms with the
    /// index; a 20 Newsgroups model of 460,000 terms on 3 MB of text, no difference (155-189
    /// against 170-180 ms); the 1.2-million-term 20 Newsgroups model on its test set, 550-603
    /// against 520-585 ms with the index.
    static let minimumTerms = 1_000_000

    private init(lengths: ClosedRange<Int>, words: VocabularyStorage, unigramFeatures: [Int32], slots: UnsafeMutablePointer<Slot>, mask: Int) {
        self.lengths = lengths
        self.words = words
        self.unigramFeatures = unigramFeatures
        self.slots = slots
        self.mask = mask
    }

    deinit { PageMemory.deallocate(slots, count: mask + 1) }

    /// The key of `word` following `prefix`.
    @inline(__always)
    static func key(prefix: UInt32, word: UInt32) -> UInt64 { UInt64(prefix) << 32 | UInt64(word) }

    /// The hash of a key (MurmurHash3's finaliser).
    @inline(__always)
    static func hash(_ key: UInt64) -> UInt64 { ByteHash.fmix(key) }

    /// Hints the first slot `hash` probes.
    @inline(__always)
    func prefetch(hash: UInt64) {
        Prefetch.read(UnsafeRawPointer(slots + (Int(truncatingIfNeeded: hash) & mask)))
    }

    /// The slot holding `key`, or nil.
    @inline(__always)
    func slot(_ key: UInt64, hash: UInt64) -> UnsafePointer<Slot>? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots + index
            if slot.pointee.node == 0 { return nil }
            if slot.pointee.key == key { return UnsafePointer(slot) }
            index = (index + 1) & mask
        }
    }

    /// The prefix that continues from `slot`'s node.
    @inline(__always)
    static func prefix(of slot: UnsafePointer<Slot>) -> UInt32 { (slot.pointee.node - 1) | nodeTag }

    /// The number of spaces in the `count` bytes at `bytes`, eight at a time: a byte of
    /// `word ^ 0x20...` is zero exactly for a space, and `((x & 0x7f) + 0x7f) | x` has its top
    /// bit clear exactly for a zero byte `x` (no carry crosses bytes).
    static func spaces(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, spaces: UInt64 = 0x2020_2020_2020_2020
        var total = 0, k = 0
        while k + 8 <= count {
            let word = UnsafeRawPointer(bytes + k).loadUnaligned(as: UInt64.self) ^ spaces
            total += (~(((word & low) &+ low) | word) & ~low).nonzeroBitCount
            k += 8
        }
        while k < count {
            if bytes[k] == 0x20 { total += 1 }
            k += 1
        }
        return total
    }

    /// The offset of the first space in `bytes[from ..< end]`, or `end`; `bytes` holds
    /// `count >= end` readable bytes. Eight at a time: the lowest byte of `word ^ 0x20...` that
    /// is zero is the first space (`(x - 0x01...) & ~x & 0x80...` marks it; the marks above it
    /// may be false, those below cannot be).
    @inline(__always)
    static func space(_ bytes: UnsafePointer<UInt8>, _ count: Int, from: Int, to end: Int) -> Int {
        var k = from
        while k < end && k + 8 <= count {
            let word = UnsafeRawPointer(bytes + k).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
            let marks = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if marks != 0 { return min(end, k + marks.trailingZeroBitCount / 8) }
            k += 8
        }
        while k < end && bytes[k] != 0x20 { k += 1 }
        return min(k, end)
    }

    /// What `build` found.
    enum Built {
        case index(NGramIndex)
        /// The first term equal to an earlier one (as `VocabularyStorage.bulk` reports it).
        case duplicate(Int)
        /// A term is not a word n-gram of a length in `lengths` (or the lengths start below 1,
        /// or the vocabulary is too large for 31-bit ids): the bytes must be looked up.
        case unsupported
    }

    /// Terms split at a time: their words are hashed and looked up together
    /// (`VocabularyStorage.ids`, slots hinted first) and their first keys' slots hinted before
    /// any is inserted, so the misses in both tables overlap.
    static let block = 256

    /// The index of the terms of `storage`, by id.
    static func build(_ storage: VocabularyStorage, lengths: ClosedRange<Int>) -> Built {
        let count = storage.count
        guard lengths.lowerBound >= 1, count < Int(nodeTag) else { return .unsupported }
        let arena = UnsafePointer(storage.arena), starts = UnsafePointer(storage.starts)
        let arenaCount = storage.arenaCount
        // Every space joins two words: one step of a walk, at most one new node.
        let links = spaces(arena, arenaCount)
        // Words (at most every part) and nodes (at most every link) must fit 31 bits.
        guard count + 2 * links < Int(nodeTag) - 1 else { return .unsupported }
        var size = 16
        while Double(size) * maxLoad < Double(max(links, 1)) { size <<= 1 }
        let slots = PageMemory.allocateZeroed(Slot.self, count: size)
        let mask = size - 1
        let words = VocabularyStorage(termCapacity: max(1024, count / 8), arenaCapacity: max(8192, count))
        var unigrams: [Int32] = []
        var nodes: UInt32 = 0
        // Per word looked up in a block: its bytes, hash and id; per part of the block's terms,
        // which of those words it is (or, -1 - id, the word id carried from the last block);
        // per term, its parts.
        let capacity = block * lengths.upperBound
        let lookupStarts = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let lookupEnds = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let lookupHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        let lookupWords = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let pending = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let partSources = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let partWords = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let partCounts = UnsafeMutablePointer<Int>.allocate(capacity: block)
        defer {
            lookupStarts.deallocate()
            lookupEnds.deallocate()
            lookupHashes.deallocate()
            lookupWords.deallocate()
            pending.deallocate()
            partSources.deallocate()
            partWords.deallocate()
            partCounts.deallocate()
        }
        // The last term's first word: sorted terms share first words ("the cat", "the dog"),
        // which are then looked up once.
        var lastFirst = (start: 0, length: -1, source: Int32(0))
        var failure: Built?
        var first = 0
        blocks: while first < count {
            let end = min(count, first + block)
            // Split the terms at their spaces and hash the parts.
            var p = 0, q = 0
            for id in first ..< end {
                let termEnd = starts[id + 1]
                var partStart = starts[id], parts = 0
                while true {
                    let partEnd = space(arena, arenaCount, from: partStart, to: termEnd)
                    guard parts < lengths.upperBound else { failure = .unsupported; break blocks }
                    let length = partEnd - partStart
                    if parts == 0 && length == lastFirst.length
                        && VocabularyStorage.equal(arena + partStart, arena + lastFirst.start, length)
                    {
                        partSources[p] = lastFirst.source
                    } else {
                        let hash = partEnd + 8 <= arenaCount
                            ? ByteHash.hash(padded: arena + partStart, count: length)
                            : ByteHash.hash(UnsafeBufferPointer(start: arena + partStart, count: length))
                        words.prefetch(hash: hash)
                        lookupStarts[q] = partStart
                        lookupEnds[q] = partEnd
                        lookupHashes[q] = hash
                        partSources[p + parts] = Int32(q)
                        if parts == 0 { lastFirst = (partStart, length, Int32(q)) }
                        q += 1
                    }
                    parts += 1
                    if partEnd == termEnd { break }
                    partStart = partEnd + 1
                }
                guard lengths.contains(parts) else { failure = .unsupported; break blocks }
                partCounts[id - first] = Int(parts)
                p += parts
            }
            // Their words' ids; a word not yet numbered is inserted, in order.
            words.ids(bytes: arena, starts: lookupStarts, ends: lookupEnds, hashes: lookupHashes, count: q, into: lookupWords, pending: pending)
            for k in 0 ..< q where lookupWords[k] < 0 {
                let slot = words.find(arena + lookupStarts[k], lookupEnds[k] - lookupStarts[k], hash: lookupHashes[k])
                let found = words.id(inSlot: slot)
                if found >= 0 {
                    lookupWords[k] = found
                } else {
                    lookupWords[k] = words.append(arena + lookupStarts[k], lookupEnds[k] - lookupStarts[k], hash: lookupHashes[k], slot: slot)
                    unigrams.append(-1)
                }
            }
            for k in 0 ..< p {
                let source = partSources[k]
                partWords[k] = source >= 0 ? lookupWords[Int(source)] : -1 - source
            }
            // The next block's first term may share the last first word, known by its id then.
            lastFirst.source = -1 - partWords[p - partCounts[end - 1 - first]]
            p = 0
            for id in first ..< end {
                if partCounts[id - first] > 1 {
                    let key = key(prefix: UInt32(partWords[p]), word: UInt32(partWords[p + 1]))
                    Prefetch.read(UnsafeRawPointer(slots + (Int(truncatingIfNeeded: hash(key)) & mask)))
                }
                p += partCounts[id - first]
            }
            // Walk the trie, inserting the nodes, and mark each term's node with its id.
            p = 0
            for id in first ..< end {
                let parts = partCounts[id - first]
                defer { p += parts }
                if parts == 1 {
                    let word = Int(partWords[p])
                    if unigrams[word] >= 0 { failure = .duplicate(id); break blocks }
                    unigrams[word] = Int32(id)
                    continue
                }
                var prefix = UInt32(partWords[p])
                var last = slots
                for part in 1 ..< parts {
                    let key = key(prefix: prefix, word: UInt32(partWords[p + part]))
                    var index = Int(truncatingIfNeeded: hash(key)) & mask
                    while slots[index].node != 0 && slots[index].key != key { index = (index + 1) & mask }
                    if slots[index].node == 0 {
                        nodes += 1
                        slots[index] = Slot(key: key, node: nodes, feature: -1)
                    }
                    last = slots + index
                    prefix = (last.pointee.node - 1) | nodeTag
                }
                if last.pointee.feature >= 0 { failure = .duplicate(id); break blocks }
                last.pointee.feature = Int32(id)
            }
            first = end
        }
        if let failure {
            PageMemory.deallocate(slots, count: size)
            return failure
        }
        return .index(NGramIndex(lengths: lengths, words: words, unigramFeatures: unigrams, slots: slots, mask: mask))
    }
}
