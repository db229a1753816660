extension EvaluationReport {
    /// The report as one self-contained HTML5 page: inline CSS and SVG only (no scripts, fonts,
    /// images or links to load), so it can be mailed or archived as a single file. Every text
    /// from the data or the command line is escaped (`EvaluationReport.escape`).
    public func html() -> String {
        let total = metrics.confusion.total
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>stance evaluation: \(Self.escape(dataPath))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>Evaluation report</h1>
            <p class="meta">model <code>\(Self.escape(modelPath))</code> &middot; data <code>\(Self.escape(dataPath))</code>
            &middot; \(total) examples</p>
            <div class="headline">
            \(Self.figure("accuracy", metrics.accuracy))\(Self.figure("macro F1", metrics.macroF1))\
            \(Self.figure("weighted F1", metrics.weightedF1))\(Self.figure("misclassified", Double(misclassified.count), digits: 0))\
            \(Self.figure("expected calibration error", expectedCalibrationError))
            </div>
            </header>

            """
        page += "<section>\n<h2>Metrics</h2>\n" + metricsTable() + "</section>\n"
        page += "<div class=\"pair\">\n"
        page += "<section>\n<h2>Confusion matrix</h2>\n<p class=\"note\">Rows: true label; columns: predicted label. "
            + "Shade: share of the row.</p>\n" + confusionHeatMap() + "</section>\n"
        page += "<section>\n<h2>Precision and recall</h2>\n<p class=\"note\">Per class, with support.</p>\n"
            + precisionRecallBars() + "</section>\n"
        page += "</div>\n"
        page += "<section>\n<h2>Reliability</h2>\n<p class=\"note\">\(reliability.count) equal-width bins of the top "
            + "probability. Blue bars: accuracy of the examples in the bin; red: the gap to their mean confidence "
            + "(over-confidence above the bar, under-confidence purple inside it); "
            + "dashed: perfect calibration. Below: examples per bin. Expected calibration error "
            + "\(ReportText.fixed(expectedCalibrationError, digits: 4)).</p>\n" + reliabilityDiagram() + "</section>\n"
        page += "<section>\n<h2>Misclassified sentences (\(misclassified.count))</h2>\n"
            + "<p class=\"note\">Most confident mistakes first. Bold: the predicted class; underlined: the true class.</p>\n"
            + misclassifiedTable() + "</section>\n"
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in element
    /// content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static func figure(_ name: String, _ value: Double, digits: Int = 4) -> String {
        "<div class=\"figure\"><span class=\"value\">\(ReportText.fixed(value, digits: digits))</span>"
            + "<span class=\"name\">\(escape(name))</span></div>"
    }

    /// scikit-learn's `classification_report` as a table.
    func metricsTable() -> String {
        func cells(_ values: [Double]) -> String { values.map { "<td>\(ReportText.fixed($0, digits: 4))</td>" }.joined() }
        var table = "<table class=\"metrics\">\n<thead><tr><th></th><th>precision</th><th>recall</th><th>F1</th>"
            + "<th>support</th></tr></thead>\n<tbody>\n"
        for (index, row) in metrics.perClass.enumerated() {
            table += "<tr><th><span class=\"swatch\" style=\"background:\(Self.classColor(index))\"></span>"
                + "\(Self.escape(row.label))</th>\(cells([row.precision, row.recall, row.f1]))<td>\(row.support)</td></tr>\n"
        }
        let total = metrics.confusion.total
        table += "<tr class=\"rule\"><th>accuracy</th><td></td><td></td>\(cells([metrics.accuracy]))<td>\(total)</td></tr>\n"
        table += "<tr><th>macro avg</th>\(cells([metrics.macroPrecision, metrics.macroRecall, metrics.macroF1]))"
            + "<td>\(total)</td></tr>\n"
        table += "<tr><th>weighted avg</th>\(cells([metrics.weightedPrecision, metrics.weightedRecall, metrics.weightedF1]))"
            + "<td>\(total)</td></tr>\n</tbody>\n</table>\n"
        return table
    }

    /// The misclassified examples with every class's probability.
    func misclassifiedTable() -> String {
        guard !misclassified.isEmpty else { return "<p>Every example is classified correctly.</p>\n" }
        var table = "<table class=\"errors\">\n<thead><tr><th>line</th><th>true</th><th>predicted</th>"
        for label in classes { table += "<th>P(\(Self.escape(label)))</th>" }
        table += "<th>sentence</th></tr></thead>\n<tbody>\n"
        for example in misclassified {
            table += "<tr><td>\(example.line)</td><td>\(Self.escape(example.truth))</td>"
                + "<td>\(Self.escape(example.predicted))</td>"
            for (label, p) in zip(classes, example.probabilities) {
                let kind = label == example.predicted ? " class=\"chosen\"" : (label == example.truth ? " class=\"truth\"" : "")
                table += "<td\(kind)>\(ReportText.fixed(p, digits: 3))</td>"
            }
            table += "<td class=\"text\">\(Self.escape(example.text))</td></tr>\n"
        }
        return table + "</tbody>\n</table>\n"
    }

    /// A fixed palette, one colour per class index (cycling after eight).
    static func classColor(_ index: Int) -> String {
        let palette = ["#4c72b0", "#c44e52", "#55a868", "#8172b2", "#ccb974", "#64b5cd", "#dd8452", "#937860"]
        return palette[index % palette.count]
    }

    static let css = """

        :root { color-scheme: light; }
        body { margin: 0; background: #f5f6f8; color: #1d232b;
               font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 0 0 6px; }
        section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
        .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .pair section { margin: 0; }
        .meta { color: #5a6472; margin: 0 0 12px; }
        .note { color: #5a6472; font-size: 13px; margin: 0 0 10px; }
        code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #eceff3; padding: 1px 5px; border-radius: 4px; }
        .headline { display: flex; flex-wrap: wrap; gap: 12px; }
        .figure { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
        .figure .value { display: block; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .figure .name { color: #5a6472; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 12px; text-align: right; border-bottom: 1px solid #edf0f3; }
        th:first-child { text-align: left; }
        thead th { color: #5a6472; font-weight: 600; font-size: 13px; border-bottom: 2px solid #dde1e6; }
        tr.rule th, tr.rule td { border-top: 2px solid #dde1e6; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; }
        table.errors { width: 100%; font-size: 13px; }
        table.errors td { vertical-align: top; }
        table.errors td:nth-child(2), table.errors td:nth-child(3),
        table.errors th:nth-child(2), table.errors th:nth-child(3), table.errors th:last-child { text-align: left; }
        table.errors td.text { text-align: left; width: 55%; }
        table.errors td.chosen { font-weight: 700; }
        table.errors td.truth { text-decoration: underline; }
        svg { display: block; max-width: 100%; height: auto; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: #1d232b; }
        @media (max-width: 800px) { .pair { grid-template-columns: 1fr; } }

        """
}
