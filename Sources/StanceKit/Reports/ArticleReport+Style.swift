extension ArticleReport {
    /// A label's colours: `strong` for the bar, the swatch and the underline; `light` for the
    /// sentence's background; `line` the underline style.
    struct Colors {
        let strong: String
        let light: String
        let line: String
    }

    /// The fixed colours of the stance classes.
    static let stanceColors: [String: Colors] = [
        "condemnation": Colors(strong: "#c62828", light: "#fbd9d6", line: "solid"),
        "support": Colors(strong: "#2e7d32", light: "#d7efd5", line: "double"),
        "analysis": Colors(strong: "#1f5fa8", light: "#d8e6f8", line: "dotted"),
    ]

    /// Colours for other classes, in class order.
    static let palette: [Colors] = [
        Colors(strong: "#6a3d9a", light: "#e6dcf1", line: "solid"),
        Colors(strong: "#00796b", light: "#d2ede9", line: "double"),
        Colors(strong: "#e65100", light: "#fde3cc", line: "dotted"),
        Colors(strong: "#6d4c41", light: "#eadfdb", line: "solid"),
        Colors(strong: "#ad1457", light: "#f7d7e5", line: "double"),
        Colors(strong: "#827717", light: "#eeecd0", line: "dotted"),
    ]

    static let uncertainColors = Colors(strong: "#b7860b", light: "#fff1c4", line: "dashed")
    static let nonContentColors = Colors(strong: "#9e9e9e", light: "#efefef", line: "none")

    /// The colours of the model's class at `index`.
    func colors(ofClass index: Int) -> Colors {
        Self.stanceColors[classes[index]] ?? Self.palette[index % Self.palette.count]
    }

    /// The page's style sheet: layout, then one rule set per label.
    func styleSheet() -> String {
        var css = """
            body { margin: 0; background: #fafafa; color: #1d1d1d; font: 17px/1.6 Georgia, "DejaVu Serif", serif; }
            main { max-width: 860px; margin: 0 auto; padding: 24px 28px 80px; }
            h1 { font: 600 26px/1.3 "DejaVu Sans", Arial, sans-serif; margin: 8px 0 4px; }
            h2 { font: 600 19px/1.3 "DejaVu Sans", Arial, sans-serif; margin: 0 0 6px; word-break: break-all; }
            .lede, .page-title, .summary, .legend { font: 14px/1.5 "DejaVu Sans", Arial, sans-serif; color: #555; }
            .page-title { font-style: italic; margin: 0 0 10px; }
            .report { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 20px 24px; margin: 20px 0; }
            .bar { display: flex; height: 30px; border-radius: 5px; overflow: hidden; background: #eee; margin: 10px 0 8px; }
            .seg { height: 100%; color: #fff; font: 600 13px/30px "DejaVu Sans", Arial, sans-serif; text-align: center;
              white-space: nowrap; overflow: hidden; }
            .legend { list-style: none; padding: 0; margin: 0 0 4px; display: flex; flex-wrap: wrap; gap: 6px 18px; }
            .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; margin-right: 6px;
              vertical-align: -2px; border-bottom-width: 3px; }
            .summary { margin: 4px 0 14px; color: #333; }
            .text p { margin: 0 0 0.9em; }
            .s { position: relative; padding: 1px 1px; border-radius: 3px; border-bottom: 3px solid transparent;
              -webkit-box-decoration-break: clone; box-decoration-break: clone; }
            .s:hover, .s:target { outline: 2px solid #222; outline-offset: 1px; }
            .s:hover::after, .s:target::after { content: attr(data-p); position: absolute; left: 0; top: calc(100% + 6px);
              z-index: 10; white-space: pre; background: #222; color: #fff; font: 13px/1.45 "DejaVu Sans Mono", monospace;
              padding: 7px 10px; border-radius: 5px; box-shadow: 0 3px 10px rgba(0,0,0,.3); pointer-events: none; }
            .cn { color: #8a8a8a; font-style: italic; }

            """
        var rules: [(String, Colors)] = classes.indices.map { ("c\($0)", colors(ofClass: $0)) }
        rules += [("cu", Self.uncertainColors), ("cn", Self.nonContentColors)]
        for (name, colors) in rules {
            css += ".s.\(name) { background: \(colors.light); border-bottom: 3px \(colors.line) \(colors.strong); }\n"
            css += ".seg.\(name), .swatch.\(name) { background: \(colors.strong); }\n"
        }
        return css
    }
}
