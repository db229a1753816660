/// The report's three charts as inline SVG, drawn from the numbers alone (no external assets).
extension EvaluationReport {
    /// A coordinate with one decimal, the same on every platform.
    static func n(_ value: Double) -> String { ReportText.fixed(value, digits: 1) }

    /// `#rrggbb` between white (`share` 0) and a deep blue (`share` 1).
    static func shade(_ share: Double) -> String {
        let s = min(1, max(0, share))
        let channels = [(255.0, 31.0), (255.0, 78.0), (255.0, 140.0)].map { Int(($0.0 + ($0.1 - $0.0) * s).rounded()) }
        let hex = Array("0123456789abcdef")
        return "#" + channels.map { String([hex[$0 / 16], hex[$0 % 16]]) }.joined()
    }

    /// Rows are true labels, columns predictions; each cell shaded by its share of the row (the
    /// recall of the diagonal), showing the count and the share.
    func confusionHeatMap() -> String {
        let k = classes.count, cell = 96.0, left = 124.0, top = 48.0
        let width = left + Double(k) * cell + 8, height = top + Double(k) * cell + 8
        var svg = "<svg viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" "
            + "width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-label=\"confusion matrix\">\n"
        svg += "<text x=\"\(Self.n(left + Double(k) * cell / 2))\" y=\"14\" text-anchor=\"middle\" font-size=\"12\" "
            + "fill=\"#5a6472\">predicted label</text>\n"
        let middle = top + Double(k) * cell / 2
        svg += "<text x=\"12\" y=\"\(Self.n(middle))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#5a6472\" "
            + "transform=\"rotate(-90 12 \(Self.n(middle)))\">true label</text>\n"
        for (c, label) in classes.enumerated() {
            svg += "<text x=\"\(Self.n(left + (Double(c) + 0.5) * cell))\" y=\"\(Self.n(top - 10))\" text-anchor=\"middle\" "
                + "font-size=\"12\">\(Self.escape(label))</text>\n"
            svg += "<text x=\"\(Self.n(left - 8))\" y=\"\(Self.n(top + (Double(c) + 0.5) * cell + 4))\" text-anchor=\"end\" "
                + "font-size=\"12\">\(Self.escape(label))</text>\n"
        }
        for (t, row) in metrics.confusion.counts.enumerated() {
            let rowTotal = row.reduce(0, +)
            for (p, count) in row.enumerated() {
                let share = rowTotal == 0 ? 0 : Double(count) / Double(rowTotal)
                let x = left + Double(p) * cell, y = top + Double(t) * cell
                let ink = share > 0.5 ? "#ffffff" : "#1d232b"
                svg += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(cell - 2))\" height=\"\(Self.n(cell - 2))\" "
                    + "rx=\"3\" fill=\"\(Self.shade(share))\" stroke=\"#dde1e6\"/>\n"
                svg += "<text x=\"\(Self.n(x + cell / 2 - 1))\" y=\"\(Self.n(y + cell / 2 - 2))\" text-anchor=\"middle\" "
                    + "font-size=\"18\" font-weight=\"600\" style=\"fill:\(ink)\">\(count)</text>\n"
                svg += "<text x=\"\(Self.n(x + cell / 2 - 1))\" y=\"\(Self.n(y + cell / 2 + 16))\" text-anchor=\"middle\" "
                    + "font-size=\"11\" style=\"fill:\(ink)\">\(ReportText.fixed(share * 100, digits: 1))%</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// Two horizontal bars per class: precision and recall, on a 0-1 scale with grid lines.
    func precisionRecallBars() -> String {
        let left = 112.0, scale = 300.0, top = 34.0, group = 58.0, bar = 18.0
        let width = left + scale + 56, height = top + Double(classes.count) * group + 22
        let colors = ("#4c72b0", "#dd8452")
        var svg = "<svg viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" "
            + "width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-label=\"precision and recall per class\">\n"
        svg += "<rect x=\"\(Self.n(left))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colors.0)\"/>"
            + "<text x=\"\(Self.n(left + 18))\" y=\"16\" font-size=\"12\">precision</text>\n"
        svg += "<rect x=\"\(Self.n(left + 100))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colors.1)\"/>"
            + "<text x=\"\(Self.n(left + 118))\" y=\"16\" font-size=\"12\">recall</text>\n"
        let bottom = top + Double(classes.count) * group
        for tick in 0 ... 4 {
            let x = left + Double(tick) / 4 * scale
            svg += "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(top - 4))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(bottom))\" "
                + "stroke=\"#e3e7ec\"/>\n"
            svg += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(bottom + 16))\" text-anchor=\"middle\" font-size=\"11\" "
                + "fill=\"#5a6472\">\(ReportText.fixed(Double(tick) / 4, digits: 2))</text>\n"
        }
        for (index, row) in metrics.perClass.enumerated() {
            let y = top + Double(index) * group
            svg += "<text x=\"\(Self.n(left - 8))\" y=\"\(Self.n(y + bar))\" text-anchor=\"end\" font-size=\"12\">"
                + "\(Self.escape(row.label))</text>\n"
            svg += "<text x=\"\(Self.n(left - 8))\" y=\"\(Self.n(y + bar + 15))\" text-anchor=\"end\" font-size=\"10\" "
                + "fill=\"#5a6472\">n = \(row.support)</text>\n"
            for (offset, (value, color)) in [(row.precision, colors.0), (row.recall, colors.1)].enumerated() {
                let barY = y + Double(offset) * (bar + 2)
                svg += "<rect x=\"\(Self.n(left))\" y=\"\(Self.n(barY))\" width=\"\(Self.n(max(0, value) * scale))\" "
                    + "height=\"\(Self.n(bar))\" fill=\"\(color)\"/>\n"
                svg += "<text x=\"\(Self.n(left + max(0, value) * scale + 5))\" y=\"\(Self.n(barY + bar - 5))\" "
                    + "font-size=\"11\">\(ReportText.fixed(value, digits: 3))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// Accuracy against mean confidence per bin, the gap between them, the diagonal of perfect
    /// calibration, and below it a histogram of the examples per bin.
    func reliabilityDiagram() -> String {
        let left = 56.0, top = 12.0, plot = 300.0, span = 900.0, histogramTop = top + plot + 44, histogram = 80.0
        let width = left + span + 24, height = histogramTop + histogram + 40
        func x(_ p: Double) -> Double { left + p * span }
        func y(_ a: Double) -> Double { top + (1 - a) * plot }
        var svg = "<svg viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" "
            + "width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-label=\"reliability diagram\">\n"
        for tick in 0 ... 5 {
            let v = Double(tick) / 5
            svg += "<line x1=\"\(Self.n(x(0)))\" y1=\"\(Self.n(y(v)))\" x2=\"\(Self.n(x(1)))\" y2=\"\(Self.n(y(v)))\" stroke=\"#e3e7ec\"/>\n"
            svg += "<text x=\"\(Self.n(left - 8))\" y=\"\(Self.n(y(v) + 4))\" text-anchor=\"end\" font-size=\"11\" "
                + "fill=\"#5a6472\">\(ReportText.fixed(v, digits: 1))</text>\n"
            svg += "<text x=\"\(Self.n(x(v)))\" y=\"\(Self.n(top + plot + 16))\" text-anchor=\"middle\" font-size=\"11\" "
                + "fill=\"#5a6472\">\(ReportText.fixed(v, digits: 1))</text>\n"
        }
        let maximum = max(1, reliability.map(\.count).max() ?? 1)
        for bin in reliability where bin.count > 0 {
            let x0 = x(bin.lower) + 1, barWidth = (bin.upper - bin.lower) * span - 2
            svg += "<rect x=\"\(Self.n(x0))\" y=\"\(Self.n(y(bin.accuracy)))\" width=\"\(Self.n(barWidth))\" "
                + "height=\"\(Self.n(plot * bin.accuracy))\" fill=\"#4c72b0\"><title>\(Self.binTitle(bin))</title></rect>\n"
            let low = min(bin.accuracy, bin.confidence), high = max(bin.accuracy, bin.confidence)
            svg += "<rect x=\"\(Self.n(x0))\" y=\"\(Self.n(y(high)))\" width=\"\(Self.n(barWidth))\" "
                + "height=\"\(Self.n(plot * (high - low)))\" fill=\"#c44e52\" fill-opacity=\"0.3\" stroke=\"#c44e52\"/>\n"
            let barHeight = histogram * Double(bin.count) / Double(maximum)
            svg += "<rect x=\"\(Self.n(x0))\" y=\"\(Self.n(histogramTop + histogram - barHeight))\" "
                + "width=\"\(Self.n(barWidth))\" height=\"\(Self.n(barHeight))\" fill=\"#8c96a3\"/>\n"
            svg += "<text x=\"\(Self.n(x0 + barWidth / 2))\" y=\"\(Self.n(histogramTop + histogram - barHeight - 3))\" "
                + "text-anchor=\"middle\" font-size=\"10\">\(bin.count)</text>\n"
        }
        svg += "<line x1=\"\(Self.n(x(0)))\" y1=\"\(Self.n(y(0)))\" x2=\"\(Self.n(x(1)))\" y2=\"\(Self.n(y(1)))\" "
            + "stroke=\"#1d232b\" stroke-dasharray=\"5 4\"/>\n"
        svg += "<line x1=\"\(Self.n(x(0)))\" y1=\"\(Self.n(histogramTop + histogram))\" x2=\"\(Self.n(x(1)))\" "
            + "y2=\"\(Self.n(histogramTop + histogram))\" stroke=\"#8c96a3\"/>\n"
        svg += "<text x=\"\(Self.n(x(0.5)))\" y=\"\(Self.n(top + plot + 34))\" text-anchor=\"middle\" font-size=\"12\">"
            + "top probability (confidence)</text>\n"
        svg += "<text x=\"14\" y=\"\(Self.n(y(0.5)))\" text-anchor=\"middle\" font-size=\"12\" "
            + "transform=\"rotate(-90 14 \(Self.n(y(0.5))))\">accuracy</text>\n"
        svg += "<text x=\"14\" y=\"\(Self.n(histogramTop + histogram / 2))\" text-anchor=\"middle\" font-size=\"12\" "
            + "transform=\"rotate(-90 14 \(Self.n(histogramTop + histogram / 2)))\">examples</text>\n"
        return svg + "</svg>\n"
    }

    static func binTitle(_ bin: ReliabilityBin) -> String {
        "[\(ReportText.fixed(bin.lower, digits: 3)), \(ReportText.fixed(bin.upper, digits: 3))): \(bin.count) examples, "
            + "confidence \(ReportText.fixed(bin.confidence, digits: 3)), accuracy \(ReportText.fixed(bin.accuracy, digits: 3))"
    }
}
