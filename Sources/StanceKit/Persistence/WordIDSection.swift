/// The optional `WIDX` section of a model file: the words of the vocabulary's word n-grams and
/// each term's words by number (`WordNumbering`), so that a reader building the n-gram index
/// (`NGramIndex`, for scoring many texts) reads the numbering instead of looking every term's
/// words up (`NGramIndex.numberWords`: a hash probe per word, most of the ~60 ms the 20
/// Newsgroups bigram model's index took to build, traced, on the critical path of `evaluate`).
///
/// Payload (integers little-endian):
/// ```
/// wordCount  UInt64
/// lengths    wordCount x UInt32       each word's byte length, in id order
/// bytes      the words back to back
/// ids        per term in id order, LEB128 varints (`Previous`): first `z * s + (n - a)`,
///            where `n` is the term's number of words, the n-gram lengths are `a ... b`,
///            `s = b - a + 1`, and `z` the zigzag-coded difference between the term's first word
///            and the previous term's (sorted terms share first words: mostly one byte); then its
///            second word, as the difference from the previous term's second when both share a
///            first word (ascending there: mostly one byte), else as is; then any later words
/// ```
/// The section ends with the last term's last id. It is written (`ModelFile.encode`) only for a
/// vocabulary the reader indexes (`NGramIndex.minimumTerms` terms or more, word n-grams longer
/// than one word, no character n-grams) whose terms split into words (`numberWords` succeeds),
/// so smaller models, the shipped one included, keep their bytes. The numbering is canonical,
/// the words in byte order, so a model gives the same section whether the trainer derived it
/// from its token ranks (`encode(rankKeys:...)`) or the writer looked the words up
/// (`payload(for:)`).
///
/// The reader trusts the numbering as it trusts `FCNT`'s counts (the checksum guards both from
/// damage; a crafted file can give any scores either way), and checks what keeps it safe and
/// aligned with `VOCB`: every id names a word, every term has a word count of the n-gram
/// lengths, the counts add up to `VOCB`'s words (its terms plus its spaces), the words are
/// distinct, and nothing follows the last id. It does not compare each term's bytes with its
/// words: that check cost 30 of the 42 ms the section took to read on 20 Newsgroups' 1.07
/// million bigrams (a byte compare and two cache misses per word). The tests check that an
/// index read from the section finds the same features as looking their bytes up.
enum WordIDSection {
    static let tag = "WIDX"

    /// The fewest terms the trainer's payload is encoded in parts for, one per thread.
    static let minimumSplit = 1 << 15

    /// Why a section does not match its vocabulary.
    struct Mismatch: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Whether a model with `vectorizer` gets the section, at `minimumTerms` terms or more (the
    /// reader's `NGramIndex.minimumTerms` unless a test lowers it).
    static func applies(to vectorizer: Vectorizer, minimumTerms: Int) -> Bool {
        vectorizer.featureCount >= max(1, minimumTerms) && NGramIndex.serves(vectorizer.options.tokenizer)
    }

    /// The payload for `vectorizer`: the one its trainer derived (`Vectorizer.wordIDs`), else its
    /// words looked up (`NGramIndex.numberWords`) and renumbered in byte order; nil when a term
    /// does not split into words of the n-gram lengths.
    static func payload(for vectorizer: Vectorizer) -> [UInt8]? {
        if let known = vectorizer.wordIDs { return known }
        let storage = vectorizer.vocabulary.storage, count = storage.count
        let lengths = [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for id in 0 ..< count { buffer[id] = UInt32(truncatingIfNeeded: storage.starts[id + 1] - storage.starts[id]).littleEndian }
            initialized = count
        }
        let found = withExtendedLifetime(storage) {
            lengths.withUnsafeBytes { lengthBytes -> WordNumbering? in
                guard let lengthBase = lengthBytes.baseAddress else { return nil }
                let terms = NGramIndex.TermBytes(
                    arena: UnsafePointer(storage.arena), arenaCount: storage.arenaCount, count: count, lengths: lengthBase)
                return NGramIndex.numberWords(terms, lengths: vectorizer.options.tokenizer.wordNGrams)
            }
        }
        guard let numbering = found, numbering.end == count else { return nil }
        // `numberWords` numbers the words in order of appearance; the section, in byte order.
        var words = Vocabulary(capacity: 0)
        words.storage = numbering.words
        let sorted = words.idsSortedByTerm()
        var renumbered = [UInt32](repeating: 0, count: sorted.count)
        for (id, word) in sorted.enumerated() { renumbered[Int(word)] = UInt32(id) }
        for p in 0 ..< numbering.partTotal { numbering.parts[p] = renumbered[Int(numbering.parts[p])] }
        let source = numbering.words
        var wordStarts = [Int](repeating: 0, count: sorted.count + 1)
        for (id, word) in sorted.enumerated() {
            wordStarts[id + 1] = wordStarts[id] + source.starts[Int(word) + 1] - source.starts[Int(word)]
        }
        var wordBytes = [UInt8](repeating: 0, count: wordStarts[sorted.count] + 1)  // never empty: it has an address
        wordBytes.withUnsafeMutableBufferPointer { target in
            for (id, word) in sorted.enumerated() {
                VocabularyStorage.copy(
                    source.arena + source.starts[Int(word)], to: target.baseAddress! + wordStarts[id], wordStarts[id + 1] - wordStarts[id])
            }
        }
        return withExtendedLifetime(numbering) {
            wordBytes.withUnsafeBufferPointer { wordBytes in
                wordStarts.withUnsafeBufferPointer { wordStarts in
                    encode(
                        wordCount: sorted.count, wordBytes: wordBytes.baseAddress!,
                        wordStarts: wordStarts.baseAddress!, parts: numbering.parts, partCounts: numbering.partCounts,
                        termCount: count, lengths: vectorizer.options.tokenizer.wordNGrams)
                }
            }
        }
    }

    /// The payload for terms whose tokens' rank keys (`TokenRanks`, `order` tokens per key) are
    /// `rankKeys`, in id order: the trainer's, with no lookup, on up to `threads` threads. A
    /// token's rank is its place in byte order, so the words' ids are the ranks of the tokens
    /// the keys use, made dense: the same ids, and the same bytes, as `payload(for:)` gives.
    ///
    /// In parts of the terms, one per thread: the ranks used are marked, then (the ids known)
    /// each part's size is counted, then each part writes its ids at its offset. An earlier
    /// version numbered words by first appearance, which takes one sequential pass, and wrote
    /// the ids in a second: 23 ms on one thread for 20 Newsgroups' 1.07 million bigrams.
    static func encode(
        rankKeys: UnsafeBufferPointer<UInt64>, ranks: TokenRanks, order: Int, lengths: ClosedRange<Int>, threads: Int
    ) -> [UInt8] {
        let count = rankKeys.count
        let spread = UInt64(lengths.count), shortest = lengths.lowerBound
        let parts = threads > 1 && count >= minimumSplit ? threads : 1
        let bounds = (0 ... parts).map { count * $0 / parts }
        nonisolated(unsafe) let keys = rankKeys
        // Digit `k` of a key, 0 for none (`rank + 1` otherwise).
        let digit = ranks.digits(order: order)
        // The ranks each part uses.
        let used = ChunkPipeline.map(Array(0 ..< parts), threads: parts) { part -> [UInt8] in
            var marks = [UInt8](repeating: 0, count: ranks.count)
            marks.withUnsafeMutableBufferPointer { marks in
                for t in bounds[part] ..< bounds[part + 1] {
                    let key = keys[t]
                    for k in 0 ..< order {
                        let d = digit(key, k)
                        if d == 0 { break }
                        marks[d - 1] = 1
                    }
                }
            }
            return marks
        }
        var idOfRank = [UInt32](repeating: UInt32.max, count: ranks.count)
        var wordRanks: [Int] = []
        for r in 0 ..< ranks.count where used.contains(where: { $0[r] != 0 }) {
            idOfRank[r] = UInt32(wordRanks.count)
            wordRanks.append(r)
        }
        // Each term's varints, in order.
        @inline(__always) @Sendable func forEachValue(
            _ terms: Range<Int>, _ ids: UnsafeBufferPointer<UInt32>, _ body: (UInt64) -> Void
        ) {
            // The term before the part's first sets the coding state.
            var state = Previous()
            if terms.lowerBound > 0 {
                let key = keys[terms.lowerBound - 1]
                state.first = Int64(ids[digit(key, 0) - 1])
                if order > 1 && digit(key, 1) != 0 { state.second = Int64(ids[digit(key, 1) - 1]) }
            }
            for t in terms {
                let key = keys[t]
                var n = 1
                while n < order && digit(key, n) != 0 { n += 1 }
                let first = Int64(ids[digit(key, 0) - 1])
                let second = n > 1 ? Int64(ids[digit(key, 1) - 1]) : -1
                state.encode(first: first, second: second, words: n, spread: spread, shortest: shortest, body)
                for k in 2 ..< max(n, 2) { body(UInt64(ids[digit(key, k) - 1])) }
            }
        }
        let sizes = idOfRank.withUnsafeBufferPointer { ids in
            nonisolated(unsafe) let ids = ids
            return ChunkPipeline.map(Array(0 ..< parts), threads: parts) { part -> Int in
                var size = 0
                forEachValue(bounds[part] ..< bounds[part + 1], ids) { size += varintSize($0) }
                return size
            }
        }
        var wordBytes = 0
        for rank in wordRanks { wordBytes += Int(ranks.starts[rank + 1] - ranks.starts[rank]) }
        let wordCount = wordRanks.count, idStart = 8 + 4 * wordCount + wordBytes
        let size = idStart + sizes.reduce(0, +)
        return [UInt8](unsafeUninitializedCapacity: size + TokenRanks.padding) { buffer, initialized in
            let out = buffer.baseAddress!
            UnsafeMutableRawPointer(out).storeBytes(of: UInt64(wordCount).littleEndian, as: UInt64.self)
            var at = 8 + 4 * wordCount
            ranks.bytes.withUnsafeBufferPointer { source in
                for (w, rank) in wordRanks.enumerated() {
                    let from = Int(ranks.starts[rank]), length = Int(ranks.starts[rank + 1]) - from
                    UnsafeMutableRawPointer(out).storeBytes(of: UInt32(length).littleEndian, toByteOffset: 8 + 4 * w, as: UInt32.self)
                    // May write up to 16 bytes past the word: the next word, the ids or the padding overwrite them.
                    TokenRanks.copy(source.baseAddress! + from, to: out + at, length)
                    at += length
                }
            }
            idOfRank.withUnsafeBufferPointer { ids in
                nonisolated(unsafe) let (ids, target) = (ids, out)
                ChunkPipeline.perform(parts, threads: parts) { part in
                    var at = idStart + sizes[0 ..< part].reduce(0, +)
                    forEachValue(bounds[part] ..< bounds[part + 1], ids) { write($0, to: target, at: &at) }
                    precondition(at == idStart + sizes[0 ... part].reduce(0, +), "WIDX part \(part) wrote past its size")
                }
            }
            initialized = size
        }
    }

    /// The payload of `wordCount` words (word `w` is `wordBytes[wordStarts[w] ..< wordStarts[w + 1]]`)
    /// and `termCount` terms of word n-grams of `lengths`, term `t` of `partCounts[t]` words
    /// whose ids follow each other in `parts`. Its size is counted first, so the bytes are
    /// written once, into an array of exactly that size.
    static func encode(
        wordCount: Int, wordBytes: UnsafePointer<UInt8>, wordStarts: UnsafePointer<Int>, parts: UnsafePointer<UInt32>,
        partCounts: UnsafePointer<UInt8>, termCount: Int, lengths: ClosedRange<Int>
    ) -> [UInt8] {
        let spread = UInt64(lengths.count), shortest = lengths.lowerBound
        // Each varint's value, in order.
        func forEachValue(_ body: (UInt64) -> Void) {
            var p = 0, state = Previous()
            for t in 0 ..< termCount {
                let n = Int(partCounts[t]), first = Int64(parts[p]), second = n > 1 ? Int64(parts[p + 1]) : -1
                state.encode(first: first, second: second, words: n, spread: spread, shortest: shortest, body)
                for k in 2 ..< max(n, 2) { body(UInt64(parts[p + k])) }
                p += n
            }
        }
        let byteCount = wordStarts[wordCount] - wordStarts[0]
        var size = 8 + 4 * wordCount + byteCount
        forEachValue { size += varintSize($0) }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            let out = buffer.baseAddress!
            UnsafeMutableRawPointer(out).storeBytes(of: UInt64(wordCount).littleEndian, as: UInt64.self)
            for w in 0 ..< wordCount {
                UnsafeMutableRawPointer(out).storeBytes(
                    of: UInt32(wordStarts[w + 1] - wordStarts[w]).littleEndian, toByteOffset: 8 + 4 * w, as: UInt32.self)
            }
            var at = 8 + 4 * wordCount
            (out + at).update(from: wordBytes + wordStarts[0], count: byteCount)
            at += byteCount
            forEachValue { write($0, to: out, at: &at) }
            precondition(at == size, "WIDX payload of \(at) bytes, \(size) counted")
            initialized = size
        }
    }

    /// The coding state between terms: the previous term's first word and its second (-1 for
    /// none). A term's first varint is `z * spread + (words - shortest)`, `z` the zigzag-coded
    /// difference of its first word from the previous term's; its second word, when it shares
    /// the previous term's first word and that term has a second, is the zigzag-coded difference
    /// from that second (sorted terms sharing a first word have ascending second words: one
    /// byte, mostly), else its id as is; later words are ids as they are.
    struct Previous {
        var first: Int64 = 0
        var second: Int64 = -1

        /// Gives `body` the term's first two varints (one with one word) and moves on.
        @inline(__always)
        mutating func encode(first: Int64, second: Int64, words: Int, spread: UInt64, shortest: Int, _ body: (UInt64) -> Void) {
            body(zigzag(first &- self.first) &* spread &+ UInt64(words - shortest))
            if words > 1 { body(first == self.first && self.second >= 0 ? zigzag(second &- self.second) : UInt64(second)) }
            self.first = first
            self.second = second
        }

        /// The first word's id from the head varint's `z`.
        @inline(__always)
        func first(z: UInt64) -> Int64 { first &+ unzigzag(z) }

        /// The second word's id from its varint, for a term whose first word is `first`.
        @inline(__always)
        func second(_ value: UInt64, first: Int64) -> Int64 {
            first == self.first && self.second >= 0 ? self.second &+ unzigzag(value) : Int64(bitPattern: value)
        }
    }

    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    /// The bytes of `value` as a LEB128 varint.
    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int { (UInt64.bitWidth - (value | 1).leadingZeroBitCount + 6) / 7 }

    /// Writes `value` as a LEB128 varint at `out + at`, advancing `at`.
    @inline(__always)
    static func write(_ value: UInt64, to out: UnsafeMutablePointer<UInt8>, at: inout Int) {
        var v = value
        while v >= 0x80 {
            out[at] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            at += 1
        }
        out[at] = UInt8(v)
        at += 1
    }

    /// The numbering in `payload` for `terms` with word n-grams of `lengths` (see the type's
    /// checks). Stops, as `numberWords` does, at the first unigram equal to an earlier one
    /// (`end`). Throws when the payload is malformed or does not fit the terms.
    static func decode(_ payload: UnsafeRawBufferPointer, terms: NGramIndex.TermBytes, lengths: ClosedRange<Int>)
        throws(Mismatch) -> WordNumbering
    {
        let count = terms.count
        guard NGramIndex.numbers(lengths: lengths, terms: count) else {
            throw Mismatch("word n-gram lengths \(lengths) cannot be indexed")
        }
        guard payload.count >= 8, let base = payload.baseAddress else { throw Mismatch("shorter than its word count") }
        let total = payload.count
        let declared = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64((total - 8) / 4) else { throw Mismatch("\(declared) words in \(total) bytes") }
        let wordCount = Int(declared)
        var byteCount = 0
        for w in 0 ..< wordCount where byteCount <= total {
            byteCount += Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8 + 4 * w, as: UInt32.self)))
        }
        let bytesStart = 8 + 4 * wordCount
        guard byteCount <= total - bytesStart else { throw Mismatch("word lengths pass the end of the section") }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        // The words' table, bulk-built (`indexInBulk`, which finds a repeated word).
        let words = VocabularyStorage.filled(count: wordCount, byteCount: byteCount) { arena, ends in
            arena.update(from: bytes + bytesStart, count: byteCount)
            var end = 0
            for w in 0 ..< wordCount {
                end += Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8 + 4 * w, as: UInt32.self)))
                ends[w] = end
            }
        }
        if let repeated = words.indexInBulk() { throw Mismatch("word \(repeated) repeats an earlier word") }
        // Every space joins two words.
        let partTotal = count + NGramIndex.spaces(terms.arena, terms.arenaCount)
        guard partTotal < Int(Int32.max) else { throw Mismatch("too many words for 32-bit ids") }
        let numbering = WordNumbering(words: words, termCount: count, partTotal: partTotal)
        var unigrams = [Int32](repeating: -1, count: wordCount)
        defer { numbering.unigrams = unigrams }
        let parts = numbering.parts, partCounts = numbering.partCounts
        let spread = UInt64(lengths.count), shortest = lengths.lowerBound
        var at = bytesStart + byteCount, p = 0, state = Previous()
        // One varint at `at`, or nil past the end or beyond 64 bits.
        @inline(__always) func varint() -> UInt64? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while at < total && shift < 64 {
                let byte = bytes[at]
                at += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        try unigrams.withUnsafeMutableBufferPointer { (unigrams) throws(Mismatch) in
            for id in 0 ..< count {
                guard let head = varint() else { throw Mismatch("the ids end before term \(id)") }
                let n = shortest + Int(head % spread)
                let word = state.first(z: head / spread)
                guard p + n <= partTotal else { throw Mismatch("more words than VOCB's terms have, at term \(id)") }
                guard word >= 0 && word < Int64(wordCount) else { throw Mismatch("term \(id) names word \(word) of \(wordCount)") }
                parts[p] = UInt32(truncatingIfNeeded: word)
                var second: Int64 = -1
                if n > 1 {
                    guard let value = varint() else { throw Mismatch("the ids end within term \(id)") }
                    second = state.second(value, first: word)
                    guard second >= 0 && second < Int64(wordCount) else {
                        throw Mismatch("term \(id) names word \(second) of \(wordCount)")
                    }
                    parts[p + 1] = UInt32(truncatingIfNeeded: second)
                }
                state.first = word
                state.second = second
                for k in 2 ..< max(n, 2) {
                    guard let value = varint() else { throw Mismatch("the ids end within term \(id)") }
                    guard value < UInt64(wordCount) else { throw Mismatch("term \(id) names word \(value) of \(wordCount)") }
                    parts[p + k] = UInt32(truncatingIfNeeded: value)
                }
                partCounts[id] = UInt8(n)
                if n == 1 {
                    let unigram = Int(parts[p])
                    if unigrams[unigram] >= 0 {
                        numbering.end = id
                        return
                    }
                    unigrams[unigram] = Int32(id)
                }
                p += n
            }
        }
        if numbering.end < count { return withExtendedLifetime(words) { numbering } }
        guard p == partTotal else { throw Mismatch("\(p) words for VOCB's \(partTotal)") }
        guard at == total else { throw Mismatch("\(total - at) bytes after the last term's ids") }
        return withExtendedLifetime(words) { numbering }
    }
}
