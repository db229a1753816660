/// Writing the `WIDX` payload (`WordIDSection`): from the trainer's token ranks, or from words
/// numbered by lookup.
extension WordIDSection {
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
}
