import StanceKit
import Testing

/// The per-article tally: counts, whole percentages that sum to 100, dominant, uncertain.
@Suite struct ArticleSummaryTests {
    let classes = ["analysis", "condemnation", "support"]

    @Test("the summary line counts each class, in class order")
    func line() {
        let summary = ArticleSummary(classes: classes, labels: ["support", "analysis", "support", "condemnation", "support"])
        #expect(summary.counts == [1, 1, 3])
        #expect(summary.line == "5 sentences: analysis 1 (20%), condemnation 1 (20%), support 3 (60%); dominant: support; uncertain: 0")
    }

    @Test("uncertain sentences get their own entry and never dominate")
    func uncertain() {
        let summary = ArticleSummary(classes: classes, labels: ["uncertain", "uncertain", "uncertain", "analysis"])
        #expect(summary.labels == classes + ["uncertain"])
        #expect(summary.dominant == "analysis")
        #expect(summary.line.hasSuffix("; dominant: analysis; uncertain: 3"))
        #expect(ArticleSummary(classes: classes, labels: ["uncertain"]).dominant == nil)
    }

    @Test("a tie goes to the class that sorts first; no sentence gives '0 sentences'")
    func ties() {
        #expect(ArticleSummary(classes: classes, labels: ["support", "condemnation"]).dominant == "condemnation")
        #expect(ArticleSummary(classes: classes, labels: []).line == "0 sentences")
        #expect(ArticleSummary(classes: classes, labels: ["analysis"]).line.hasPrefix("1 sentence: "))
    }

    @Test("whole percentages sum to 100 by largest remainder", arguments: [
        ([1, 1, 1], [34, 33, 33]),   // 33.3 each: the first remainder tie gets the point
        ([1, 2, 4], [14, 29, 57]),   // 14.29, 28.57, 57.14
        ([2, 2, 3], [29, 28, 43]),   // 28.57, 28.57, 42.86
        ([0, 0, 5], [0, 0, 100]),
        ([12, 8, 4], [50, 33, 17]),  // 50, 33.3, 16.7
    ])
    func percentages(_ counts: [Int], _ expected: [Int]) {
        var labels: [String] = []
        for (index, count) in counts.enumerated() { labels += Array(repeating: classes[index], count: count) }
        let summary = ArticleSummary(classes: classes, labels: labels)
        #expect(summary.percentages == expected)
        #expect(summary.percentages.reduce(0, +) == 100)
    }

    @Test("a prediction below the threshold is uncertain")
    func threshold() {
        let prediction = Prediction(label: "support", probabilities: [0.2, 0.3, 0.5])
        #expect(ArticleSummary.label(for: prediction, threshold: 0) == "support")
        #expect(ArticleSummary.label(for: prediction, threshold: 0.5) == "support")
        #expect(ArticleSummary.label(for: prediction, threshold: 0.6) == "uncertain")
    }
}
