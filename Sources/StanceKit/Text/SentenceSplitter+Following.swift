extension SentenceSplitter {
    /// The word after a sentence mark and the white space after it, read only as far as a
    /// decision needs: its case always, its spelling only after an abbreviation.
    struct Following {
        let scan: Scan
        /// Where the word starts, after any opening quotes and brackets.
        let wordStart: Int
        /// Whether an opening quote or bracket stood before the word.
        let hadOpener: Bool
        /// The end of the block: nothing past it is read.
        let limit: Int
        /// The case of the word's first scalar.
        let letterCase: Scan.LetterCase

        /// The end of the word's letters.
        private var wordEnd: Int { scan.wordEnd(startingAt: wordStart, limit: limit) }

        /// The word's letters as a string.
        var word: String { scan.string(wordStart, wordEnd) }

        /// Whether the word plainly opens a sentence: a capital after an opening quote, or a
        /// common sentence opener (The, He, But, ...) that is not itself an initial (`A.`).
        var opensSentence: Bool {
            guard letterCase == .upper else { return false }
            if hadOpener { return true }
            let end = wordEnd
            guard scan[end] != UInt8(ascii: ".") else { return false }
            return Abbreviations.sentenceOpeners.contains(scan.string(wordStart, end))
        }

        /// Whether the word after this one is "time" ("9 a.m. Moscow time").
        var nextWordIsTime: Bool {
            var index = wordEnd
            while index < limit {
                let length = scan.spaceLength(at: index)
                if length == 0 { break }
                index += length
            }
            return scan.hasPrefix(Array("time".utf8), at: index, end: limit)
        }
    }
}
