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
/// caches, a bigram with an unknown word costs nothing, and a known one costs one probe of
/// one 8-byte slot, its key compared as one integer.
///
/// A slot is one 64-bit word, `prefix << (wordBits + featureBits) | (word + 1) << featureBits |
/// (feature + 1)`, 0 when empty: the prefix is the first word's id (bigrams) or, with the tag bit
/// (`tag`, above every word id and slot index) set, the slot index of the node of the first
/// `n - 1` words (longer n-grams: a node is its slot, which never moves); `feature + 1` is 0 for
/// a node that is only a prefix. The widths are the fewest bits that hold the vocabulary's
/// words, slots and terms (`build` gives up, `.unsupported`, on a vocabulary too large for 64).
///
/// Why one word: the 16-byte slots this replaced made 20 Newsgroups' table of 1.07 million
/// bigrams 32 MiB, the size of this machine's L3 cache. Measured (`stance evaluate`, alternating
/// runs, medians, on a busy 2-core machine): the bigram model's peak 223 -> 207 MiB, task clock
/// unchanged (466 against 462 ms: the probes still miss a cache shared with other work); the
/// 3.3-million-term trigram model's peak 564 -> 476 MiB, task clock 1,055 -> 969 ms.
final class NGramIndex: @unchecked Sendable {
    /// The n-gram lengths of the features.
    let lengths: ClosedRange<Int>
    /// The distinct words of the features; a word's id is its index here.
    let words: VocabularyStorage
    /// The id of the unigram feature of each word, -1 for none.
    let unigramFeatures: [Int32]
    /// The pair table (`PageMemory`: mapped with huge pages, zero until written).
    let slots: UnsafeMutablePointer<UInt64>
    let mask: Int
    /// The bits of a slot's `word + 1` and `feature + 1` fields.
    let wordBits: UInt64
    let featureBits: UInt64
    /// The tag bit of a prefix that is a node's slot index, not a word id.
    let tag: UInt32

    /// An absent word or n-gram in a document's arrays of prefixes (above every prefix: the
    /// tag is at most bit 30).
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

    /// Whether a vocabulary of `tokenizer`'s features is one the index serves: word n-grams
    /// longer than one word and no character n-grams. (Unigrams alone are found by their bytes
    /// as directly as by a word id.) The model reader, the `WIDX` writer and the trainer that
    /// derives `WIDX` all decide by it.
    static func serves(_ tokenizer: TokenizerOptions) -> Bool {
        tokenizer.wordNGrams.upperBound > 1 && tokenizer.characterNGrams == nil
    }

    /// Whether `count` terms of word n-grams of `lengths` fit the index's numbering: lengths
    /// from 1 to 255 (a term's word count is a byte) and term ids below `Int32.max`.
    static func numbers(lengths: ClosedRange<Int>, terms count: Int) -> Bool {
        lengths.lowerBound >= 1 && lengths.upperBound <= Int(UInt8.max) && count < Int(Int32.max)
    }

    init(
        lengths: ClosedRange<Int>, words: VocabularyStorage, unigramFeatures: [Int32], slots: UnsafeMutablePointer<UInt64>,
        mask: Int, wordBits: Int, featureBits: Int, tag: UInt32
    ) {
        self.lengths = lengths
        self.words = words
        self.unigramFeatures = unigramFeatures
        self.slots = slots
        self.mask = mask
        self.wordBits = UInt64(wordBits)
        self.featureBits = UInt64(featureBits)
        self.tag = tag
    }

    deinit { PageMemory.deallocate(slots, count: mask + 1) }

    /// The key of `word` following `prefix`: a slot's bits above its feature.
    @inline(__always)
    func key(prefix: UInt32, word: UInt32) -> UInt64 { UInt64(prefix) << wordBits | (UInt64(word) + 1) }

    /// The hash of a key (MurmurHash3's finaliser).
    @inline(__always)
    static func hash(_ key: UInt64) -> UInt64 { ByteHash.fmix(key) }

    /// Hints the first slot `hash` probes.
    @inline(__always)
    func prefetch(hash: UInt64) {
        Prefetch.read(UnsafeRawPointer(slots + (Int(truncatingIfNeeded: hash) & mask)))
    }

    /// The index of the slot holding `key`, or nil.
    @inline(__always)
    func slot(_ key: UInt64, hash: UInt64) -> Int? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if slot >> featureBits == key { return index }
            index = (index + 1) & mask
        }
    }

    /// The prefix that continues from the node in slot `index`.
    @inline(__always)
    func prefix(ofSlot index: Int) -> UInt32 { UInt32(truncatingIfNeeded: index) | tag }

    /// The feature of the node in slot `index`, -1 for a node that is only a prefix.
    @inline(__always)
    func feature(inSlot index: Int) -> Int32 {
        Int32(truncatingIfNeeded: slots[index] & ((1 << featureBits) - 1)) - 1
    }

    /// The number of spaces in the `count` bytes at `bytes` (`CorpusBytes.count(of:in:_:)`).
    static func spaces(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        CorpusBytes.count(of: 0x20, in: bytes, count)
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
}
