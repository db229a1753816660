/// How text becomes features: tokenization, n-grams and stop words.
///
/// A token is a maximal run of word characters: Unicode letters (categories L*), numbers
/// (Nd, Nl, No) and `_`, which is what Python's `\w` matches in scikit-learn's default
/// `token_pattern`. Everything else, including invalid UTF-8 (read as U+FFFD), separates tokens.
public struct TokenizerOptions: Sendable, Equatable, Hashable {
    /// Lower-case tokens (full Unicode case mapping). Default true, as scikit-learn.
    public var lowercase: Bool
    /// Drop tokens shorter than this many Unicode scalars. Default 1 keeps one-character tokens
    /// ("I", "a", "5"), which carry stance in short sentences; scikit-learn's default
    /// `token_pattern` behaves like 2.
    public var minimumTokenLength: Int
    /// Word n-gram lengths, as scikit-learn's `ngram_range`. Default 1...1 (unigrams).
    public var wordNGrams: ClosedRange<Int>
    /// Character n-gram lengths within word boundaries (each token padded with a space on both
    /// sides, as scikit-learn's `char_wb`), added to the word features; nil (default) for none.
    /// Unlike scikit-learn's `char_wb`, the words are the tokens above, not whitespace-split text.
    public var characterNGrams: ClosedRange<Int>?
    /// Stop words removed before n-grams are formed. Default none.
    public var stopWords: StopWords

    /// Options with the documented defaults.
    public init(
        lowercase: Bool = true,
        minimumTokenLength: Int = 1,
        wordNGrams: ClosedRange<Int> = 1 ... 1,
        characterNGrams: ClosedRange<Int>? = nil,
        stopWords: StopWords = .none
    ) {
        self.lowercase = lowercase
        self.minimumTokenLength = minimumTokenLength
        self.wordNGrams = wordNGrams
        self.characterNGrams = characterNGrams
        self.stopWords = stopWords
    }
}
