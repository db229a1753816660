import FuzzSupport
import StanceKit

/// Tokenizer options covering each path: lower-casing, length filter, n-grams with stop words,
/// character n-grams.
let analyzers = [
    Analyzer(),
    Analyzer(options: TokenizerOptions(lowercase: false, minimumTokenLength: 2)),
    Analyzer(options: TokenizerOptions(wordNGrams: 1 ... 3, stopWords: .english)),
    Analyzer(options: TokenizerOptions(wordNGrams: 2 ... 2, characterNGrams: 1 ... 5)),
]

/// The tokens of valid UTF-8 `text` by Unicode scalars, one at a time, with none of
/// `Tokenizer`'s fast paths: word scalars (Python's `\w`: letters, numbers, `_`) joined, each
/// lower-cased when `lowercase`; tokens of fewer than `minimumLength` scalars dropped.
func referenceTokens(_ text: String, lowercase: Bool, minimumLength: Int) -> [String] {
    var tokens: [String] = [], current = "", scalars = 0
    func finish() {
        if scalars >= minimumLength { tokens.append(current) }
        current = ""
        scalars = 0
    }
    for scalar in text.unicodeScalars {
        let isWord: Bool
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            isWord = true
        default:
            isWord = scalar == "_"
        }
        if isWord {
            current += lowercase ? scalar.properties.lowercaseMapping : String(scalar)
            scalars += 1
        } else if scalars > 0 {
            finish()
        }
    }
    if scalars > 0 { finish() }
    return tokens
}

/// libFuzzer entry point: tokenizes the input (any bytes) with each analyzer.
///
/// Oracles: every token is non-empty, holds no separator byte (space) and lies inside the
/// token buffer; the analyzer yields exactly `count - n + 1` word n-grams for each `n` in its
/// range (plus character n-grams, each starting with the marker byte), and every feature is
/// non-empty. On valid UTF-8, the first two analyzers' tokens are `referenceTokens`'.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzCheck.bytes(data, size)
    input.withUnsafeBufferPointer { text in
        var tokens = TokenBuffer()
        var scratch = AnalyzerScratch()
        for analyzer in analyzers {
            analyzer.tokenizer.tokenize(text, into: &tokens)
            FuzzCheck.require(tokens.starts.count == tokens.ends.count, "starts and ends differ in count")
            for index in 0 ..< tokens.count {
                let start = tokens.starts[index], end = tokens.ends[index]
                FuzzCheck.require(start < end && end <= tokens.bytes.count, "token \(index) out of bounds")
                FuzzCheck.require(!tokens.bytes[start ..< end].contains(0x20), "space inside token \(index)")
            }
            if analyzer.options.stopWords.words.isEmpty, let valid = String(validating: input, as: UTF8.self) {
                let expected = referenceTokens(valid, lowercase: analyzer.options.lowercase, minimumLength: analyzer.options.minimumTokenLength)
                let found = (0 ..< tokens.count).map { tokens.token($0) }
                FuzzCheck.require(found == expected, "tokens \(found) differ from the reference's \(expected)")
            }
            let count = tokens.count
            var words = 0, characters = 0
            analyzer.forEachFeature(in: text, scratch: &scratch) { feature in
                FuzzCheck.require(!feature.isEmpty, "empty feature")
                if feature[0] == Analyzer.characterNGramMarker { characters += 1 } else { words += 1 }
            }
            let expected = analyzer.options.wordNGrams.reduce(0) { $0 + max(0, count - $1 + 1) }
            FuzzCheck.require(words == expected, "\(words) word n-grams for \(count) tokens, expected \(expected)")
            FuzzCheck.require(analyzer.options.characterNGrams != nil || characters == 0, "unexpected character n-grams")
        }
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzTokenizer_main`): runs libFuzzer on `fuzz`.
@_cdecl("FuzzTokenizer_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzz)
}
