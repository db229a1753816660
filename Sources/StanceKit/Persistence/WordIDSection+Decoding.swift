/// Reading the `WIDX` payload (`WordIDSection`) back into a word numbering, checked against
/// the vocabulary it names.
extension WordIDSection {
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
