/// Maps the features of an explained text back onto the words of the text, for highlighting.
enum TokenSpans {
    /// The tokens the tokenizer keeps from `text`, each with the Unicode-scalar offsets of the
    /// word it came from; nil when they do not reproduce `tokenizer.tokens(of: text)` exactly
    /// (then no highlighting is better than a wrong one).
    ///
    /// A word is a maximal run of word scalars (`Tokenizer.isWord`); the tokenizer keeps it or
    /// drops it (too short, a stop word) as a whole, so tokenizing each run alone decides it.
    static func spans(of text: String, tokenizer: Tokenizer) -> [(start: Int, end: Int, token: String)]? {
        var result: [(start: Int, end: Int, token: String)] = []
        var run = String.UnicodeScalarView()
        var runStart = 0
        var offset = 0
        func finishRun() -> Bool {
            defer { run.removeAll() }
            guard !run.isEmpty else { return true }
            let tokens = tokenizer.tokens(of: String(run))
            guard tokens.count <= 1 else { return false }
            if let token = tokens.first { result.append((runStart, offset, token)) }
            return true
        }
        for scalar in text.unicodeScalars {
            if Tokenizer.isWord(scalar) {
                if run.isEmpty { runStart = offset }
                run.append(scalar)
            } else if !finishRun() {
                return nil
            }
            offset += 1
        }
        guard finishRun() else { return nil }
        return result.map(\.token) == tokenizer.tokens(of: text) ? result : nil
    }

    /// The explained tokens of `text`: for each kept token, the indices (into the features, found
    /// through `featureIndex[column]`) of every word n-gram covering it and of its character n-grams.
    static func explainedTokens(
        of text: String, vectorizer: Vectorizer, featureIndex: [Int: Int]
    ) -> [ExplainedToken] {
        let analyzer = vectorizer.analyzer
        guard let spans = spans(of: text, tokenizer: analyzer.tokenizer) else { return [] }
        let vocabulary = vectorizer.vocabulary
        var covering = [[Int]](repeating: [], count: spans.count)
        for n in analyzer.options.wordNGrams where n <= spans.count {
            for i in 0 ... (spans.count - n) {
                let term = spans[i ..< i + n].map(\.token).joined(separator: " ")
                guard let id = vocabulary.id(of: term), let feature = featureIndex[Int(id)] else { continue }
                for k in i ..< i + n { covering[k].append(feature) }
            }
        }
        if let range = analyzer.options.characterNGrams {
            var scratch = AnalyzerScratch()
            for (k, span) in spans.enumerated() {
                scratch.tokens.setSingleToken(Array(span.token.utf8))
                analyzer.forEachCharacterNGram(range: range, scratch: &scratch) { gram in
                    if let id = vocabulary.id(of: gram), let feature = featureIndex[Int(id)] {
                        covering[k].append(feature)
                    }
                }
            }
        }
        return spans.indices.map { k in
            ExplainedToken(start: spans[k].start, end: spans[k].end, features: Array(Set(covering[k])).sorted())
        }
    }

    /// The single-word tokens of `text` that are not in the vocabulary, in order, each once.
    static func unknownWords(of text: String, vectorizer: Vectorizer) -> [String] {
        guard vectorizer.analyzer.options.wordNGrams.contains(1) else { return [] }
        var seen = Set<String>()
        return vectorizer.analyzer.tokenizer.tokens(of: text).filter { token in
            vectorizer.vocabulary.id(of: token) == nil && seen.insert(token).inserted
        }
    }
}
