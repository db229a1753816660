/// The words of a vocabulary's word n-grams, numbered, and each term's words by number: the
/// first pass of building an `NGramIndex`, found by looking the terms' words up
/// (`NGramIndex.numberWords`, which numbers them in order of first appearance) or read from a
/// model file's `WIDX` section (`WordIDSection`, which numbers them in byte order, so that the
/// trainer can derive it from its tokens' ranks and the writer, looking them up, gives the same
/// bytes). The index works with any numbering.
final class WordNumbering {
    /// The distinct words; a word's id is its index here.
    let words: VocabularyStorage
    /// The unigram feature of each word, -1 for none.
    var unigrams: [Int32] = []
    /// The number of terms.
    let termCount: Int
    /// The number of words of all terms together (`parts`' length).
    let partTotal: Int
    /// Each term's word ids, back to back, term 0's first (`PageMemory`).
    let parts: UnsafeMutablePointer<UInt32>
    /// Each term's number of words (`PageMemory`).
    let partCounts: UnsafeMutablePointer<UInt8>
    /// The first term that is a unigram equal to an earlier one (the numbering stops there), or
    /// `termCount`.
    var end: Int

    init(words: VocabularyStorage, termCount: Int, partTotal: Int) {
        self.words = words
        self.termCount = termCount
        self.partTotal = partTotal
        parts = PageMemory.allocate(UInt32.self, count: partTotal)
        partCounts = PageMemory.allocate(UInt8.self, count: termCount)
        end = termCount
    }

    deinit {
        PageMemory.deallocate(parts, count: partTotal)
        PageMemory.deallocate(partCounts, count: termCount)
    }
}
