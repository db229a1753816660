/// Writes `TrainingOptions` as sorted `key=value` lines and reads them back, rejecting unknown
/// keys, missing keys and out-of-range values. Doubles are written with Swift's shortest
/// round-trip representation, so encoding is exact and deterministic.
enum OptionsCodec {
    struct Failure: Error {
        let reason: String
    }

    static func encode(_ options: TrainingOptions) -> String {
        let t = options.vectorizer.tokenizer, v = options.vectorizer, c = options.classifier
        func range(_ r: ClosedRange<Int>?) -> String { r.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "none" }
        let pairs: [(String, String)] = [
            ("model", options.model.rawValue),
            ("nb.alpha", "\(c.alpha)"),
            ("nb.binarize", "\(c.binarizeThreshold)"),
            ("nb.class_priors", c.classPriors.map { $0.map { "\($0)" }.joined(separator: ",") } ?? "none"),
            ("nb.fit_prior", "\(c.fitPrior)"),
            ("nb.norm", "\(c.normalizeWeights)"),
            ("seed", "\(options.seed)"),
            ("tokenizer.char_ngrams", range(t.characterNGrams)),
            ("tokenizer.lowercase", "\(t.lowercase)"),
            ("tokenizer.min_token_length", "\(t.minimumTokenLength)"),
            ("tokenizer.stop_words", t.stopWords.rawValue),
            ("tokenizer.word_ngrams", range(t.wordNGrams)),
            ("vectorizer.max_df", "\(v.maxDF)"),
            ("vectorizer.max_features", v.maxFeatures.map { "\($0)" } ?? "none"),
            ("vectorizer.min_df", "\(v.minDF)"),
            ("vectorizer.norm", v.norm?.rawValue ?? "default"),
            ("vectorizer.smooth_idf", "\(v.smoothIDF)"),
            ("vectorizer.sublinear_tf", "\(v.sublinearTF)"),
            ("vectorizer.weighting", v.weighting.rawValue),
        ]
        return pairs.map { "\($0.0)=\($0.1)\n" }.joined()
    }

    static func decode(_ text: String) throws(Failure) -> TrainingOptions {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { throw Failure(reason: "line without '='") }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        var used = Set<String>()
        func value(_ key: String) throws(Failure) -> String {
            guard let value = values[key] else { throw Failure(reason: "missing option \(key)") }
            used.insert(key)
            return value
        }
        func int(_ key: String) throws(Failure) -> Int {
            guard let n = Int(try value(key)) else { throw Failure(reason: "\(key) is not an integer") }
            return n
        }
        func double(_ key: String) throws(Failure) -> Double {
            guard let x = Double(try value(key)), x.isFinite else { throw Failure(reason: "\(key) is not a number") }
            return x
        }
        func bool(_ key: String) throws(Failure) -> Bool {
            switch try value(key) {
            case "true": return true
            case "false": return false
            default: throw Failure(reason: "\(key) is not true or false")
            }
        }
        func range(_ key: String) throws(Failure) -> ClosedRange<Int>? {
            let text = try value(key)
            if text == "none" { return nil }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1], parts[1] <= 64 else {
                throw Failure(reason: "\(key) is not a range like 1-2")
            }
            return parts[0] ... parts[1]
        }
        func choice<E: RawRepresentable>(_ key: String, _: E.Type) throws(Failure) -> E where E.RawValue == String {
            guard let e = E(rawValue: try value(key)) else { throw Failure(reason: "\(key) has an unknown value") }
            return e
        }

        var tokenizer = TokenizerOptions()
        tokenizer.lowercase = try bool("tokenizer.lowercase")
        tokenizer.minimumTokenLength = try int("tokenizer.min_token_length")
        guard let words = try range("tokenizer.word_ngrams") else { throw Failure(reason: "word n-grams missing") }
        tokenizer.wordNGrams = words
        tokenizer.characterNGrams = try range("tokenizer.char_ngrams")
        tokenizer.stopWords = try choice("tokenizer.stop_words", StopWords.self)

        var vectorizer = VectorizerOptions(tokenizer: tokenizer)
        vectorizer.weighting = try choice("vectorizer.weighting", FeatureWeighting.self)
        vectorizer.minDF = try int("vectorizer.min_df")
        vectorizer.maxDF = try double("vectorizer.max_df")
        let maxFeatures = try value("vectorizer.max_features")
        if maxFeatures != "none" {
            guard let n = Int(maxFeatures) else { throw Failure(reason: "vectorizer.max_features is not an integer") }
            vectorizer.maxFeatures = n
        }
        vectorizer.sublinearTF = try bool("vectorizer.sublinear_tf")
        vectorizer.smoothIDF = try bool("vectorizer.smooth_idf")
        let norm = try value("vectorizer.norm")
        if norm != "default" {
            guard let n = RowNorm(rawValue: norm) else { throw Failure(reason: "vectorizer.norm has an unknown value") }
            vectorizer.norm = n
        }
        do { try vectorizer.validate() } catch { throw Failure(reason: error.description) }

        var classifier = NaiveBayesOptions()
        classifier.alpha = try double("nb.alpha")
        classifier.fitPrior = try bool("nb.fit_prior")
        classifier.normalizeWeights = try bool("nb.norm")
        guard let threshold = Float(try value("nb.binarize")), threshold.isFinite else {
            throw Failure(reason: "nb.binarize is not a number")
        }
        classifier.binarizeThreshold = threshold
        let priors = try value("nb.class_priors")
        if priors != "none" {
            let parsed = priors.split(separator: ",").compactMap { Double($0) }
            guard parsed.count == priors.split(separator: ",").count else {
                throw Failure(reason: "nb.class_priors is not a list of numbers")
            }
            classifier.classPriors = parsed
        }
        let model = try choice("model", NaiveBayesKind.self)
        guard let seed = UInt64(try value("seed")) else { throw Failure(reason: "seed is not an unsigned integer") }
        let unknown = Set(values.keys).subtracting(used)
        guard unknown.isEmpty else { throw Failure(reason: "unknown option \(unknown.sorted()[0])") }
        return TrainingOptions(vectorizer: vectorizer, model: model, classifier: classifier, seed: seed)
    }
}
