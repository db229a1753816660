extension HTMLText {
    /// What an element does to the text.
    enum Element {
        /// No break: `a` `span` `b` `em` `img` and every element not listed.
        case inline
        /// A paragraph break at its start and end tags.
        case block
        /// A block whose line breaks are kept.
        case preformatted
        /// A space at its start and end tags (table cells).
        case cell
        /// Raw text up to its end tag, dropped (`script`, `style`, ...).
        case rawText
        /// The page title: raw text up to `</title>`, entities decoded.
        case title
        /// Dropped with everything inside it, nested markup included.
        case dropped
        /// The document head: dropped until `</head>`, `<body>` or the first body content.
        case head
        /// The document body (ends an open head).
        case body

        /// The element named `name` (lower case).
        init(_ name: String) {
            self = Self.table[name] ?? .inline
        }

        private static let table: [String: Element] = {
            var table: [String: Element] = [:]
            for name in [
                "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
                "table", "caption", "tr", "thead", "tbody", "tfoot", "blockquote", "section", "article", "main",
                "nav", "aside", "header", "footer", "address", "figure", "figcaption", "details", "summary",
                "form", "fieldset", "legend", "center", "menu", "dialog", "hgroup", "html",
            ] {
                table[name] = .block
            }
            for name in ["script", "style", "noscript", "textarea", "iframe", "noembed", "noframes"] { table[name] = .rawText }
            for name in ["template", "svg", "math", "select", "canvas", "object", "audio", "video"] { table[name] = .dropped }
            table["pre"] = .preformatted
            table["td"] = .cell
            table["th"] = .cell
            table["title"] = .title
            table["head"] = .head
            table["body"] = .body
            return table
        }()

        /// Elements that may stand in a head; any other start tag ends an open head.
        static let headContent: Set<String> = [
            "title", "meta", "link", "base", "style", "script", "noscript", "template", "basefont", "bgsound", "head",
        ]
    }
}
