import ArgumentParser
import StanceKit

extension NaiveBayesKind: ExpressibleByArgument {}
extension FeatureWeighting: ExpressibleByArgument {}
extension RowNorm: ExpressibleByArgument {}
extension StopWords: ExpressibleByArgument {}
extension CorpusFormat: ExpressibleByArgument {}

/// `--format` for corpus files: `auto` infers it from the extension.
enum DataFormat: String, CaseIterable, ExpressibleByArgument {
    case auto, tsv, csv, jsonl, fasttext

    var corpusFormat: CorpusFormat? { self == .auto ? nil : CorpusFormat(rawValue: rawValue) }
}

/// Options that decide a model, shared by `train` and `cross-validate`.
struct TrainingFlags: ParsableArguments {
    @Option(help: "Classifier: multinomial, complement or bernoulli.")
    var model: NaiveBayesKind = .multinomial

    @Option(help: "Feature values: tfidf, counts or binary (presence).")
    var features: FeatureWeighting = .tfidf

    @Option(help: "Use word n-grams of length 1 to N.")
    var ngrams: Int = 1

    @Option(help: ArgumentHelp("Also use character n-grams within words, lengths MIN-MAX (e.g. 2-4).", valueName: "MIN-MAX"))
    var charNgrams: String?

    @Option(help: "Additive smoothing alpha (values below 1e-10 act as 1e-10).")
    var alpha: Double = 1.0

    @Option(help: "Keep terms found in at least N documents.")
    var minDf: Int = 1

    @Option(help: "Drop terms found in more than this fraction of documents, in (0, 1].")
    var maxDf: Double = 1.0

    @Option(help: "Keep only the N most frequent terms (default: all).")
    var maxFeatures: Int?

    @Flag(help: "Use 1 + ln(tf) instead of tf (TF-IDF).")
    var sublinearTf = false

    @Option(help: "Row norm: l2, l1 or none (default: l2 for tfidf, none for counts and binary).")
    var norm: RowNorm?

    @Option(help: "Stop words to remove before n-grams: english or none.")
    var stopWords: StopWords = .none

    @Option(help: "Drop tokens shorter than N characters (scikit-learn's default pattern is 2).")
    var minTokenLength: Int = 1

    @Flag(help: "Keep case instead of lower-casing.")
    var keepCase = false

    @Flag(help: "Use uniform class priors instead of class frequencies.")
    var uniformPrior = false

    @Flag(help: "Complement NB: normalise the weights (scikit-learn's norm=True).")
    var complementNorm = false

    @Option(help: "Seed for everything random (fold shuffles).")
    var seed: UInt64 = 0

    @Option(help: "Stop with an error past N distinct terms, counted before pruning (bounds memory while counting).")
    var maxVocabulary: Int = TrainingLimits().maxVocabulary

    @Option(help: "Stop with an error when classes x features (after pruning) exceeds N (bounds the model's memory).")
    var maxWeights: Int = TrainingLimits().maxWeights

    func validate() throws {
        guard ngrams >= 1 && ngrams <= 8 else { throw ValidationError("--ngrams must be between 1 and 8, got \(ngrams)") }
        guard alpha >= 0, alpha.isFinite else { throw ValidationError("--alpha must be >= 0, got \(alpha)") }
        guard minDf >= 1 else { throw ValidationError("--min-df must be at least 1, got \(minDf)") }
        guard maxDf > 0 && maxDf <= 1 else { throw ValidationError("--max-df must be in (0, 1], got \(maxDf)") }
        if let maxFeatures, maxFeatures < 1 { throw ValidationError("--max-features must be at least 1, got \(maxFeatures)") }
        guard minTokenLength >= 1 else { throw ValidationError("--min-token-length must be at least 1") }
        _ = try characterRange()
        do { try limits.validate() } catch { throw ValidationError(error.description) }
    }

    /// The memory limits these flags set.
    var limits: TrainingLimits { TrainingLimits(maxVocabulary: maxVocabulary, maxWeights: maxWeights) }

    func characterRange() throws -> ClosedRange<Int>? {
        guard let charNgrams else { return nil }
        let parts = charNgrams.split(separator: "-").map { Int($0) }
        if parts.count == 1, let n = parts[0], n >= 1, n <= 16 { return n ... n }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low >= 1, low <= high, high <= 16 else {
            throw ValidationError("--char-ngrams must look like 2-4 (lengths 1 to 16), got \"\(charNgrams)\"")
        }
        return low ... high
    }

    /// The library options these flags describe.
    func trainingOptions() throws -> TrainingOptions {
        let tokenizer = TokenizerOptions(
            lowercase: !keepCase, minimumTokenLength: minTokenLength, wordNGrams: 1 ... ngrams,
            characterNGrams: try characterRange(), stopWords: stopWords)
        let vectorizer = VectorizerOptions(
            tokenizer: tokenizer, weighting: features, minDF: minDf, maxDF: maxDf, maxFeatures: maxFeatures,
            sublinearTF: sublinearTf, norm: norm)
        let classifier = NaiveBayesOptions(alpha: alpha, fitPrior: !uniformPrior, normalizeWeights: complementNorm)
        return TrainingOptions(vectorizer: vectorizer, model: model, classifier: classifier, seed: seed)
    }
}

/// Reading labeled data files, shared by every command that takes `--data`.
struct DataFlags: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("Labeled data file (repeatable).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Data format: auto (by extension), tsv, csv, jsonl or fasttext.")
    var format: DataFormat = .auto

    @Flag(help: "Skip invalid lines (counted in the summary) instead of failing.")
    var skipInvalid = false

    @Option(help: "Longest line accepted, in bytes.")
    var maxLineBytes: Int = 16 << 20

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one --data PATH") }
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive") }
    }

    /// The reader options these flags describe.
    var readerOptions: CorpusReader.Options {
        CorpusReader.Options(skipInvalid: skipInvalid, maxLineBytes: maxLineBytes)
    }

    /// All files, concatenated in order.
    func read() throws -> LabeledCorpus {
        var corpus = LabeledCorpus()
        let options = readerOptions
        for path in paths {
            corpus = corpus.appending(try CorpusReader.read(path: path, format: format.corpusFormat, options: options))
        }
        return corpus
    }
}
