/// The per-article tally of `stance classify`: how many sentences got each label, their shares,
/// the dominant stance and how many sentences were uncertain.
///
/// ```swift
/// let summary = ArticleSummary(classes: ["analysis", "support"], labels: ["support", "support", "analysis"])
/// summary.line   // "3 sentences: analysis 1 (33%), support 2 (67%); dominant: support; uncertain: 0"
/// ```
public struct ArticleSummary: Sendable, Equatable {
    /// The label of a sentence whose top probability is below the threshold.
    public static let uncertain = "uncertain"

    /// The labels tallied, in order: the model's classes, then ``uncertain`` when a sentence is
    /// uncertain, then any other label seen, in order of first appearance.
    public let labels: [String]
    /// How many sentences got each of ``labels``.
    public let counts: [Int]
    /// The number of sentences tallied.
    public let total: Int
    /// Each label's share in whole percent, by largest remainder (Hamilton's method): each share
    /// `100 · count / total` is rounded down, and the points still missing to 100 go to the largest
    /// remainders (ties to the earlier label), so the percentages always sum to 100. All 0 when
    /// there is no sentence.
    public let percentages: [Int]
    /// The class with the most sentences (ties to the class that sorts first), or nil if no
    /// sentence was classified or all were uncertain.
    public let dominant: String?

    /// The tally of `labels` (one per classified sentence) for a model with `classes`.
    public init(classes: [String], labels sentenceLabels: [String]) {
        var labels = classes
        if sentenceLabels.contains(Self.uncertain), !labels.contains(Self.uncertain) { labels.append(Self.uncertain) }
        for label in sentenceLabels where !labels.contains(label) { labels.append(label) }
        var counts = [Int](repeating: 0, count: labels.count)
        let position = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for label in sentenceLabels {
            if let index = position[label] { counts[index] += 1 }
        }
        self.labels = labels
        self.counts = counts
        self.total = sentenceLabels.count
        self.percentages = Self.wholePercentages(counts, total: sentenceLabels.count)
        let best = classes.filter { (position[$0].map { counts[$0] } ?? 0) > 0 }
            .max { (counts[position[$0] ?? 0], $1) < (counts[position[$1] ?? 0], $0) }
        self.dominant = best
    }

    /// The number of sentences labelled `label`.
    public func count(of label: String) -> Int {
        labels.firstIndex(of: label).map { counts[$0] } ?? 0
    }

    /// The exact share of ``labels``[`index`], `count / total` (0 when there is no sentence).
    public func share(at index: Int) -> Double {
        total == 0 ? 0 : Double(counts[index]) / Double(total)
    }

    /// `24 sentences: analysis 10 (42%), condemnation 5 (21%), support 9 (37%); dominant: analysis; uncertain: 0`.
    public var line: String {
        guard total > 0 else { return "0 sentences" }
        let parts = labels.indices.map { "\(labels[$0]) \(counts[$0]) (\(percentages[$0])%)" }
        return "\(total) sentence\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
            + "; dominant: \(dominant ?? "-"); uncertain: \(count(of: Self.uncertain))"
    }

    /// The label `stance classify` gives a prediction: its class, or ``uncertain`` when the top
    /// probability is below `threshold`.
    public static func label(for prediction: Prediction, threshold: Double) -> String {
        if let top = prediction.probabilities.max(), top < threshold { return uncertain }
        return prediction.label
    }

    private static func wholePercentages(_ counts: [Int], total: Int) -> [Int] {
        guard total > 0 else { return counts.map { _ in 0 } }
        var whole = counts.map { $0 * 100 / total }
        let remainders = counts.map { $0 * 100 % total }
        var missing = 100 - whole.reduce(0, +)
        for index in counts.indices.sorted(by: { (remainders[$0], $1) > (remainders[$1], $0) }) where missing > 0 {
            whole[index] += 1
            missing -= 1
        }
        return whole
    }
}
