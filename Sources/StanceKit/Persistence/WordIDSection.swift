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
}
