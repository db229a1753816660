import StanceKit
import Testing

/// Pages no table lists: seeded random mixes of markup pieces (cut anywhere), and random bytes.
@Suite struct HTMLTextRobustnessTests {
    /// SplitMix64 (Steele, Lea and Flood 2014): the seeded generator for every random page here.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = [
        "<p>", "</p>", "<div class=\"a>b\">", "</div>", "<br>", "<BR/>", "<span>", "</span>", "<a href='x'>", "</a>",
        "<pre>", "</pre>", "<script>", "</script>", "<style>", "</style>", "<head>", "</head>", "<body>", "<title>",
        "</title>", "<svg>", "</svg>", "<template>", "</template>", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
        "<?x?>", "</>", "< ", "<", ">", "\"", "'", "=", "&amp;", "&", "&#", "&#x41;", "&#151;", "&nbsp;", "&shy;", "&copy",
        "&notit;", "word", "Word.", " ", "  ", "\n", "\r\n", "\t", "é", "—", "🕵️", "\u{00A0}", "<td>", "<tr>", "<li>",
    ]

    /// What must hold for any page: the text has no white space at either end, no run of
    /// spaces, no space beside a line break, and at most one blank line in a row.
    func checkInvariants(_ text: String, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(text.unicodeScalars)
        for bad in ["  ", " \n", "\n ", "\n\n\n", "\r", "\t"] {
            #expect(!text.contains(bad), "\(bad.debugDescription) in \(text.debugDescription) from \(page.debugDescription)",
                    sourceLocation: sourceLocation)
        }
        if let first = scalars.first, let last = scalars.last {
            #expect(first != " " && first != "\n" && last != " " && last != "\n", "\(text.debugDescription)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("2,000 random pages of markup pieces keep the white-space invariants")
    func randomPages() {
        var generator = SplitMix64(state: 20_240_620)
        for _ in 0 ..< 2_000 {
            let count = Int.random(in: 1 ... 40, using: &generator)
            var page = ""
            for _ in 0 ..< count { page += Self.pieces[Int.random(in: 0 ..< Self.pieces.count, using: &generator)] }
            checkInvariants(HTMLText(html: page).text, page)
        }
    }

    @Test("every prefix of a real page is read without a crash and keeps the invariants")
    func truncations() {
        let page = "<html><head><title>T &amp; t</title><script>a<b</script></head><body><h1>Head</h1>"
            + "<p class=\"x>y\">One&nbsp;&mdash; two.<br>Three<!-- c --> four</p><pre> a\r\n b</pre><td>c</td></body></html>"
        let bytes = Array(page.utf8)
        for length in 0 ... bytes.count {
            let prefix = Array(bytes[0 ..< length])
            checkInvariants(HTMLText(bytes: prefix).text, String(decoding: prefix, as: UTF8.self))
        }
        #expect(HTMLText(bytes: bytes).text == "Head\n\nOne — two.\n\nThree four\n\na\nb\n\nc")
    }

    @Test("random bytes never crash and give valid text")
    func randomBytes() {
        var generator = SplitMix64(state: 7)
        for _ in 0 ..< 500 {
            let bytes = (0 ..< Int.random(in: 0 ... 300, using: &generator)).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
            let page = HTMLText(bytes: bytes)
            #expect(page.text.utf8.count <= bytes.count * 3)
        }
    }
}
