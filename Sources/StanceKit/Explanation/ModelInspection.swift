#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a trained model is made of: its options, vocabulary size, training counts, and the
/// n-grams most indicative of each class.
///
/// A feature's indicativeness for class `c` is the log-ratio of its smoothed frequency inside
/// `c` to its smoothed frequency in all other classes together (`not c`), from the training
/// counts `N_cj` (summed feature values of class `c`), `N_c` (class examples) and the model's
/// `alpha`, with `N_{not c, j} = sum_{k != c} N_kj`:
/// - multinomial and complement NB: `ln P(w_j | c) - ln P(w_j | not c)` with
///   `P(w_j | c) = (N_cj + alpha) / (sum_i N_ci + alpha |V|)` (the multinomial estimate) and
///   `P(w_j | not c) = (N_{not c, j} + alpha) / (sum_i N_{not c, i} + alpha |V|)` (Rennie et al.'s
///   complement estimate `theta~_cj`, so for complement NB the ratio is `ln theta_cj + w_cj` with its
///   unnormalised weight `w_cj = -ln theta~_cj`);
/// - Bernoulli NB: `ln p_cj - ln q_cj` with `p_cj = (N_cj + alpha) / (N_c + 2 alpha)`, the share of
///   class-`c` examples containing `j`, and `q_cj = (N_{not c, j} + alpha) / (N_{not c} + 2 alpha)`,
///   the share of the other examples containing it.
///
/// Features are ranked by that score, highest first, ties by column (term order).
public struct ModelInspection: Sendable, Equatable {
    /// A feature's score for one class.
    public struct Term: Sendable, Equatable {
        /// The feature's column.
        public let column: Int
        /// The term's bytes as a string (character n-grams start with the 0x01 marker).
        public let term: String
        /// The log-ratio (see `ModelInspection`).
        public let score: Double
        /// `N_cj`.
        public let countInClass: Double
        /// `N_{not c, j}`.
        public let countElsewhere: Double

        /// The term as shown to people (`Analyzer.displayName`).
        public var displayName: String { Analyzer.displayName(term) }
    }

    /// The model's classes.
    public let classes: [String]
    /// The training options.
    public let options: TrainingOptions
    /// The number of features.
    public let vocabularySize: Int
    /// `N_c`: training examples per class.
    public let trainingCounts: [Double]
    /// The calibration temperature, nil when uncalibrated.
    public let temperature: Double?
    /// Per class, the `top` highest-scoring features.
    public let topTerms: [[Term]]

    /// Inspects `model`, keeping the `top` most indicative features of each class.
    public init(model: TextClassifier, top: Int = 10) {
        precondition(top >= 0, "top must be >= 0, got \(top)")
        let counts = model.classifier.counts
        let scores = Self.scores(counts: counts, kind: model.options.model, alpha: model.options.classifier.effectiveAlpha)
        var elsewhere = [Double](repeating: 0, count: counts.featureCount)
        for c in 0 ..< counts.classes.count {
            for (j, n) in counts.featureCounts(ofClass: c).enumerated() { elsewhere[j] += n }
        }
        classes = counts.classes
        options = model.options
        vocabularySize = counts.featureCount
        trainingCounts = counts.classCounts
        temperature = model.temperature
        topTerms = (0 ..< counts.classes.count).map { c in
            let row = scores[c]
            let inClass = counts.featureCounts(ofClass: c)
            let ranked = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
            return ranked.prefix(top).map { j in
                let n = inClass[inClass.startIndex + j]
                return Term(column: j, term: model.vectorizer.vocabulary.term(j), score: row[j],
                            countInClass: n, countElsewhere: elsewhere[j] - n)
            }
        }
    }

    /// The log-ratio of every feature for every class, class-major (see `ModelInspection`).
    public static func scores(counts: NaiveBayesCounts, kind: NaiveBayesKind, alpha: Double) -> [[Double]] {
        let features = counts.featureCount
        var all = [Double](repeating: 0, count: features)
        for c in 0 ..< counts.classes.count {
            for (j, n) in counts.featureCounts(ofClass: c).enumerated() { all[j] += n }
        }
        let examples = counts.classCounts.reduce(0, +)
        let totalMass = all.reduce(0, +)
        return (0 ..< counts.classes.count).map { c in
            let row = Array(counts.featureCounts(ofClass: c))
            switch kind {
            case .multinomial, .complement:
                let mass = row.reduce(0, +)
                let logIn = log(mass + alpha * Double(features))
                let logOut = log(totalMass - mass + alpha * Double(features))
                return (0 ..< features).map { j in
                    (log(row[j] + alpha) - logIn) - (log(all[j] - row[j] + alpha) - logOut)
                }
            case .bernoulli:
                let logIn = log(counts.classCounts[c] + 2 * alpha)
                let logOut = log(examples - counts.classCounts[c] + 2 * alpha)
                return (0 ..< features).map { j in
                    (log(row[j] + alpha) - logIn) - (log(all[j] - row[j] + alpha) - logOut)
                }
            }
        }
    }

    /// The training options as `key=value` pairs, as stored in the model file.
    public var optionPairs: [(key: String, value: String)] {
        OptionsCodec.encode(options).split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
