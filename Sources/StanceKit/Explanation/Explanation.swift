/// Why a model gave a text its label: what every feature adds to every class's score.
///
/// All three naive Bayes variants score a text as `jll_c = b_c + sum_j x_j W[c, j]`
/// (`LinearScorer`), with `x` the text's feature row (binarised for Bernoulli NB), `W` the
/// weights the model scores with (stored as `Float`) and `b` the bias (the log prior, plus
/// `sum_j ln(1 - p_cj)` for Bernoulli NB; 0 for complement NB). So feature `j` contributes
/// exactly `x_j W[c, j]` to class `c`, and
/// `scores[c] = bias[c] + sum_j features[j].contributions[c]`
/// is computed in `Double` from the same `Float` weights and values. The model's own
/// `jointLogLikelihood` accumulates the same products in `Float`, so the two agree to float
/// rounding (about 1e-7 relative), and `scores` is exact up to `Double` rounding.
///
/// Evidence compares, per feature, the predicted class `p` with the other class the feature
/// favours most: `margin_j = x_j W[p, j] - max_{k != p} x_j W[k, j]` (that `k` is the feature's
/// `rival`). Positive margins are evidence for the label, negative ones evidence against it.
public struct Explanation: Sendable, Equatable {
    /// The explained text.
    public let text: String
    /// The model's classes, in score order.
    public let classes: [String]
    /// The index of the predicted class (the first maximum of `jointLogLikelihood`, as `predict`).
    public let predicted: Int
    /// `b_c` per class.
    public let bias: [Double]
    /// Every feature of the text that is in the vocabulary, in column order.
    public let features: [FeatureContribution]
    /// `bias[c] + sum_j features[j].contributions[c]`, in `Double`.
    public let scores: [Double]
    /// The joint log-likelihood as the model computes it (accumulated in `Float`).
    public let jointLogLikelihood: [Double]
    /// `P(c | text)`, with the model's temperature when it is calibrated.
    public let probabilities: [Double]
    /// The model's temperature, nil when uncalibrated.
    public let temperature: Double?
    /// The features with the largest positive margins, largest first.
    public let evidenceFor: [Evidence]
    /// The features with the most negative margins, most negative first.
    public let evidenceAgainst: [Evidence]
    /// The text's kept tokens with their Unicode-scalar offsets and the features they are part of;
    /// empty when the text's tokens could not be mapped back to it.
    public let tokens: [ExplainedToken]
    /// Single words of the text that are not in the vocabulary (they contribute nothing).
    public let unknownWords: [String]
    /// The nearest training sentences, when a `NeighbourProvider` was given; nil otherwise.
    public var neighbours: [Neighbour]?

    /// An explanation from its parts (normally made by `TextClassifier.explain(_:top:neighbours:)`).
    public init(
        text: String, classes: [String], predicted: Int, bias: [Double], features: [FeatureContribution],
        scores: [Double], jointLogLikelihood: [Double], probabilities: [Double], temperature: Double?,
        evidenceFor: [Evidence], evidenceAgainst: [Evidence], tokens: [ExplainedToken], unknownWords: [String],
        neighbours: [Neighbour]? = nil
    ) {
        precondition(bias.count == classes.count && scores.count == classes.count
                     && jointLogLikelihood.count == classes.count && probabilities.count == classes.count,
                     "explanation arrays must have one entry per class (\(classes.count))")
        precondition(classes.indices.contains(predicted), "predicted class \(predicted) out of 0..<\(classes.count)")
        self.text = text
        self.classes = classes
        self.predicted = predicted
        self.bias = bias
        self.features = features
        self.scores = scores
        self.jointLogLikelihood = jointLogLikelihood
        self.probabilities = probabilities
        self.temperature = temperature
        self.evidenceFor = evidenceFor
        self.evidenceAgainst = evidenceAgainst
        self.tokens = tokens
        self.unknownWords = unknownWords
        self.neighbours = neighbours
    }

    /// The predicted label.
    public var label: String { classes[predicted] }
}

/// One feature of an explained text and what it adds to each class's score.
public struct FeatureContribution: Sendable, Equatable {
    /// The feature's column (vocabulary id).
    public let column: Int
    /// The term's bytes as a string; character n-grams start with `Analyzer.characterNGramMarker`.
    public let term: String
    /// `x_j`, the value scored (after weighting, norm, and binarisation for Bernoulli NB).
    public let value: Double
    /// `x_j W[c, j]` per class.
    public let contributions: [Double]
    /// `contributions[predicted] - contributions[rival]` (see `Explanation`).
    public let margin: Double
    /// The other class with the largest contribution from this feature.
    public let rival: Int

    /// A contribution from its parts.
    public init(column: Int, term: String, value: Double, contributions: [Double], margin: Double, rival: Int) {
        self.column = column
        self.term = term
        self.value = value
        self.contributions = contributions
        self.margin = margin
        self.rival = rival
    }

    /// The term as shown to people (`Analyzer.displayName`: character n-grams as `[gram]`).
    public var displayName: String { Analyzer.displayName(term) }

    /// Whether the feature is a character n-gram.
    public var isCharacterNGram: Bool { term.utf8.first == Analyzer.characterNGramMarker }
}

/// A feature cited as evidence: an index into `Explanation.features` and its margin.
public struct Evidence: Sendable, Equatable {
    /// The index into `Explanation.features`.
    public let feature: Int
    /// The feature's term, as shown to people.
    public let displayName: String
    /// `margin_j`: positive for the predicted label, negative against it.
    public let margin: Double
    /// The class the feature favours most among the others (for evidence against: the class it
    /// argues for).
    public let rival: Int
}

/// A kept token of the explained text.
public struct ExplainedToken: Sendable, Equatable {
    /// Offset of the token's first Unicode scalar in the text.
    public let start: Int
    /// Offset just past its last scalar.
    public let end: Int
    /// Indices into `Explanation.features` of the word n-grams covering this token and of its
    /// character n-grams.
    public let features: [Int]
}
