import StanceKit

extension TrainingFlags {
    /// The `stance train` flags that give `options`: `--model`, `--features`, `--ngrams` and
    /// `--alpha` always, every other flag only when its value differs from the default.
    /// `trainingOptions()` of these flags gives back `options` (seed aside, which only shuffles folds).
    static func arguments(for options: TrainingOptions) -> [String] {
        let t = options.vectorizer.tokenizer, v = options.vectorizer, c = options.classifier
        var flags = ["--model", options.model.rawValue, "--features", v.weighting.rawValue,
                     "--ngrams", String(t.wordNGrams.upperBound), "--alpha", "\(c.alpha)"]
        if let range = t.characterNGrams { flags += ["--char-ngrams", "\(range.lowerBound)-\(range.upperBound)"] }
        if v.minDF != 1 { flags += ["--min-df", String(v.minDF)] }
        if v.maxDF != 1 { flags += ["--max-df", "\(v.maxDF)"] }
        if let maxFeatures = v.maxFeatures { flags += ["--max-features", String(maxFeatures)] }
        if v.sublinearTF { flags.append("--sublinear-tf") }
        if let norm = v.norm { flags += ["--norm", norm.rawValue] }
        if t.stopWords != .none { flags += ["--stop-words", t.stopWords.rawValue] }
        if t.minimumTokenLength != 1 { flags += ["--min-token-length", String(t.minimumTokenLength)] }
        if !t.lowercase { flags.append("--keep-case") }
        if !c.fitPrior { flags.append("--uniform-prior") }
        if c.normalizeWeights { flags.append("--complement-norm") }
        return flags
    }
}
