/// Building an `NGramIndex` from a vocabulary, in two passes: the words of every term first
/// (`numberWords`, or read from a model file's `WIDX` section: `WordIDSection`), then the nodes
/// (`insertNodes`), once the number of words fixes the widths of a slot's fields.
extension NGramIndex {
    /// What `build` found.
    enum Built {
        case index(NGramIndex)
        /// The first term equal to an earlier one (as `VocabularyStorage.indexInBulk` reports it).
        case duplicate(Int)
        /// A term is not a word n-gram of a length in `lengths` (or the lengths start below 1 or
        /// pass 255, or the vocabulary is too large for a slot's 64 bits): the bytes must be
        /// looked up.
        case unsupported
        /// The word numbering read from a model file does not match its terms (the reason).
        case corrupt(String)
    }

    /// Terms split at a time: their words are hashed and looked up together
    /// (`VocabularyStorage.ids`, slots hinted first), and their first keys' slots hinted before
    /// any node is inserted, so the misses in both tables overlap.
    static let block = 256

    /// The terms an index is built from, read in place from a model file's `VOCB` section
    /// (`SectionDecoder`), so the index is built while another thread copies the same bytes
    /// into the vocabulary's storage: `count` terms back to back in the `arenaCount` bytes at
    /// `arena`, term `id`'s length the little-endian `UInt32` at byte `4 id` of `lengths`
    /// (the caller has checked that they add up to `arenaCount`).
    struct TermBytes {
        let arena: UnsafePointer<UInt8>
        let arenaCount: Int
        let count: Int
        let lengths: UnsafeRawPointer

        @inline(__always)
        func length(_ id: Int) -> Int {
            Int(UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: 4 * id, as: UInt32.self)))
        }
    }

    /// The index of `terms`, by id: their words numbered (`numberWords`), then the nodes.
    static func build(_ terms: TermBytes, lengths: ClosedRange<Int>) -> Built {
        guard let numbering = numberWords(terms, lengths: lengths) else { return .unsupported }
        return build(numbering, lengths: lengths)
    }

    /// The index of terms whose words are numbered in `numbering` (by `numberWords`, or read
    /// from a model file's `WIDX` section: `WordIDSection`).
    static func build(_ numbering: WordNumbering, lengths: ClosedRange<Int>) -> Built {
        let count = numbering.termCount, links = numbering.partTotal - count
        // The widths: word ids + 1 and features + 1 up to `words.count` and `count`; a prefix
        // holds a word id or a slot index, and the tag bit above both.
        func bits(_ value: Int) -> Int { UInt64.bitWidth - UInt64(value).leadingZeroBitCount }
        var size = 16
        while Double(size) * maxLoad < Double(max(links, 1)) { size <<= 1 }
        let wordBits = bits(numbering.words.count), featureBits = bits(count)
        let prefixBits = max(wordBits, bits(size - 1)) + 1
        guard prefixBits <= 31, prefixBits + wordBits + featureBits <= UInt64.bitWidth else { return .unsupported }
        let slots = PageMemory.allocateZeroed(UInt64.self, count: size)
        let index = NGramIndex(
            lengths: lengths, words: numbering.words, unigramFeatures: numbering.unigrams, slots: slots, mask: size - 1,
            wordBits: wordBits, featureBits: featureBits, tag: UInt32(1) << (prefixBits - 1))
        // A duplicate unigram stopped the words at `numbering.end`: an n-gram before it is the first.
        if let duplicate = index.insertNodes(
            parts: numbering.parts, partCounts: numbering.partCounts, below: numbering.end, into: slots)
        {
            return .duplicate(duplicate)
        }
        if numbering.end < count { return .duplicate(numbering.end) }
        return .index(index)
    }

    /// Pass 1: numbers the distinct words of the terms (`words`, in order of first appearance),
    /// writes each term's word ids to `parts` and its number of words to `partCounts`, and the
    /// unigram feature of each word. Stops at the first unigram equal to an earlier one (`end`,
    /// else the term count); nil when a term is no word n-gram of `lengths` (or the lengths start
    /// below 1 or pass 255, or there are too many terms or words for 32-bit ids).
    static func numberWords(_ terms: TermBytes, lengths: ClosedRange<Int>) -> WordNumbering? {
        let count = terms.count
        guard numbers(lengths: lengths, terms: count) else { return nil }
        let arena = terms.arena, arenaCount = terms.arenaCount
        // Every space joins two words: one step of a walk, at most one new node.
        let links = spaces(arena, arenaCount)
        guard count + links < Int(Int32.max) else { return nil }
        let numbering = WordNumbering(
            words: VocabularyStorage(termCapacity: max(1024, count / 8), arenaCapacity: max(8192, count)),
            termCount: count, partTotal: count + links)
        let words = numbering.words, parts = numbering.parts, partCounts = numbering.partCounts
        var unigrams: [Int32] = []
        defer { numbering.unigrams = unigrams }
        // Per word looked up in a block: its bytes, hash and id; per part of the block's terms,
        // which of those words it is (or, -1 - id, the word id carried from the last block).
        let capacity = block * lengths.upperBound
        let lookupStarts = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let lookupEnds = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let lookupHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        let lookupWords = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let pending = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let partSources = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        defer {
            lookupStarts.deallocate()
            lookupEnds.deallocate()
            lookupHashes.deallocate()
            lookupWords.deallocate()
            pending.deallocate()
            partSources.deallocate()
        }
        // The last term's first word: sorted terms share first words ("the cat", "the dog"),
        // which are then looked up once.
        var lastFirst = (start: 0, length: -1, source: Int32(0))
        // The terms are read in id order: each starts where the last ended.
        var first = 0, written = 0, termStart = 0
        while first < count {
            let end = min(count, first + block)
            // Split the terms at their spaces and hash the parts.
            var p = 0, q = 0
            for id in first ..< end {
                let termEnd = termStart + terms.length(id)
                var partStart = termStart, partCount = 0
                termStart = termEnd
                while true {
                    let partEnd = space(arena, arenaCount, from: partStart, to: termEnd)
                    guard partCount < lengths.upperBound else { return nil }
                    let length = partEnd - partStart
                    if partCount == 0 && length == lastFirst.length
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
                        partSources[p + partCount] = Int32(q)
                        if partCount == 0 { lastFirst = (partStart, length, Int32(q)) }
                        q += 1
                    }
                    partCount += 1
                    if partEnd == termEnd { break }
                    partStart = partEnd + 1
                }
                guard lengths.contains(partCount) else { return nil }
                partCounts[id] = UInt8(partCount)
                p += partCount
            }
            // Their words' ids; a word not yet numbered is inserted, in order.
            words.ids(bytes: arena, starts: lookupStarts, ends: lookupEnds, hashes: lookupHashes, count: q, into: lookupWords, pending: pending, padded: false)
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
            let blockParts = parts + written
            for k in 0 ..< p {
                let source = partSources[k]
                blockParts[k] = UInt32(source >= 0 ? lookupWords[Int(source)] : -1 - source)
            }
            // The next block's first term may share the last first word, known by its id then.
            lastFirst.source = -1 - Int32(blockParts[p - Int(partCounts[end - 1])])
            // The unigram features of the words.
            var k = 0
            for id in first ..< end {
                if partCounts[id] == 1 {
                    let word = Int(blockParts[k])
                    if unigrams[word] >= 0 {
                        numbering.end = id
                        return numbering
                    }
                    unigrams[word] = Int32(id)
                }
                k += Int(partCounts[id])
            }
            written += p
            first = end
        }
        return numbering
    }

    /// Pass 2: inserts the nodes of the n-grams among the first `end` terms (their words in
    /// `parts`, their lengths in `partCounts`) into `slots`, a block at a time, and marks each
    /// n-gram's node with its id. Returns the first n-gram equal to an earlier one, or nil.
    private func insertNodes(
        parts: UnsafePointer<UInt32>, partCounts: UnsafePointer<UInt8>, below end: Int, into slots: UnsafeMutablePointer<UInt64>
    ) -> Int? {
        let shift = featureBits, mask = self.mask
        var first = 0, p = 0
        while first < end {
            let blockEnd = min(end, first + NGramIndex.block)
            // Hint the first key's slot of each n-gram of the block.
            var hinted = p
            for id in first ..< blockEnd {
                let n = Int(partCounts[id])
                if n > 1 { prefetch(hash: NGramIndex.hash(key(prefix: parts[hinted], word: parts[hinted + 1]))) }
                hinted += n
            }
            // Walk the trie, inserting the nodes, and mark each n-gram's node with its id.
            for id in first ..< blockEnd {
                let n = Int(partCounts[id])
                defer { p += n }
                guard n > 1 else { continue }
                var prefix = parts[p]
                var index = 0
                for part in 1 ..< n {
                    let key = self.key(prefix: prefix, word: parts[p + part])
                    index = Int(truncatingIfNeeded: NGramIndex.hash(key)) & mask
                    while slots[index] != 0 && slots[index] >> shift != key { index = (index + 1) & mask }
                    if slots[index] == 0 { slots[index] = key << shift }
                    prefix = self.prefix(ofSlot: index)
                }
                if feature(inSlot: index) >= 0 { return id }
                slots[index] |= UInt64(id + 1)
            }
            first = blockEnd
        }
        return nil
    }
}
