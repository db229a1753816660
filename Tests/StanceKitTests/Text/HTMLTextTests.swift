import StanceKit
import Testing

/// HTML pages reduced to text: each case is a page and the text a browser would show, with
/// block elements as paragraph breaks (worked out by hand from the rules in `HTMLText`).
@Suite struct HTMLTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let html: String
        let text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Structure
        Case(name: "plain text passes through", html: "plain text", text: "plain text"),
        Case(name: "nested blocks give one break each", html: "<div><div><p>One</p></div>\n<p>Two</p></div>", text: "One\n\nTwo"),
        Case(name: "inline elements join without a space", html: "<p>Hello<b>World</b> and <a href=x>links</a></p>", text: "HelloWorld and links"),
        Case(name: "white space collapses", html: "<p>  a \n\t b  </p>\n\n<p>c</p>", text: "a b\n\nc"),
        Case(name: "br is a paragraph break", html: "line one<br>line two<br/>three", text: "line one\n\nline two\n\nthree"),
        Case(name: "list items", html: "<ul><li>First</li><li>Second</li></ul>", text: "First\n\nSecond"),
        Case(name: "uppercase tags and attributes", html: "<H1>Title</H1><P CLASS='x'>Body.</P>", text: "Title\n\nBody."),
        Case(name: "table rows break, cells get a space", html: "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>", text: "a b\n\nc"),
        Case(name: "figure, caption and blockquote", html: "<figure><img src=a><figcaption>Photo: AP</figcaption></figure><blockquote>Quote</blockquote>", text: "Photo: AP\n\nQuote"),
        Case(name: "sectioning elements and hr", html: "<header>H</header><section><article>A</article></section><hr><footer>F</footer>", text: "H\n\nA\n\nF"),
        Case(name: "pre keeps line breaks", html: "<pre>line 1\n  line 2\r\n\r\nline 4</pre>after", text: "line 1\nline 2\n\nline 4\n\nafter"),
        Case(name: "CRLF in the source is white space", html: "<p>one\r\ntwo</p>\r\n<p>three</p>", text: "one two\n\nthree"),
        // Dropped content
        Case(name: "script and style are dropped", html: "<p>a</p><script>if (a<b) document.write('<p>x</p>')</script><style>p>a{}</style><p>b</p>", text: "a\n\nb"),
        Case(name: "script ends only at its own end tag", html: "<SCRIPT type=x>var s = '</scripty>';</SCRIPT >after", text: "after"),
        Case(name: "head, noscript and template are dropped", html: "<head><title>T</title><meta charset=utf-8></head><body><noscript>Enable JS</noscript><template><p>later</p></template>text</body>", text: "text"),
        Case(name: "an unclosed head ends at body content", html: "<head><title>T</title><p>Body text", text: "Body text"),
        Case(name: "nested templates", html: "<template><template></template>still dropped</template>shown", text: "shown"),
        Case(name: "svg text and its title are dropped", html: "<p>Share<svg><title>icon</title><path/></svg> this</p>", text: "Share this"),
        Case(name: "video and iframe fallback text is dropped", html: "<video>No video support</video><iframe src=x>fallback</iframe>ok", text: "ok"),
        Case(name: "comments, empty comments included", html: "a<!-- <p>hidden</p> -->b<!---->c<!-->d", text: "abcd"),
        Case(name: "a comment may end with --!>", html: "a<!-- x -- y --!>b<!-- -- -->c", text: "abc"),
        Case(name: "an unclosed comment runs to the end", html: "a<!-- never closed <p>x", text: "a"),
        Case(name: "doctype, processing instruction and CDATA", html: "<!DOCTYPE html><?xml version='1.0'?>a<![CDATA[ x > y ]]>b", text: "ab"),
        // Malformed markup
        Case(name: "a quoted attribute may hold >", html: "<a title=\"a > b\" data-x='c>d'>link</a> text", text: "link text"),
        Case(name: "unquoted attributes and a self-closing tag", html: "<img src=x.png alt=pic/>word", text: "word"),
        Case(name: "an unclosed quote ends at the next >", html: "<a href=\"x>Link</a> after", text: "Link after"),
        Case(name: "a tag cut off by the end of the page", html: "text <p class=", text: "text"),
        Case(name: "a < that starts no tag is text", html: "a < b and c<3", text: "a < b and c<3"),
        Case(name: "stray and bogus end tags", html: "a</div>b</>c</ 3>d", text: "a\n\nbcd"),
        // Character references
        Case(name: "named references used in news", html: "&amp; &lt;&gt; &quot;&apos; &mdash;&ndash;&hellip; &lsquo;&rsquo;&ldquo;&rdquo; &laquo;&raquo; &copy;&reg;&trade; &euro;&pound;&yen;&cent; &deg;&middot;&bull;&times; &eacute;&Eacute;",
             text: "& <> \"' —–… ‘’“” «» ©®™ €£¥¢ °·•× éÉ"),
        Case(name: "numeric references, Windows-1252 and invalid ones", html: "&#8212;&#x2014;&#X2014&#151;&#0;&#xD800;&#1114112;&#99999999999999999999;&#1;x",
             text: "————\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}x"),
        Case(name: "legacy names without ; and unknown names", html: "&copy 2024 &ampx AT&T &foo; &notit; & alone &#; &#x;",
             text: "© 2024 &x AT&T &foo; ¬it; & alone &#; &#x;"),
        Case(name: "a decoded < is text, not a tag", html: "&lt;p&gt;not a tag&lt;/p&gt;", text: "<p>not a tag</p>"),
        Case(name: "nbsp is a space, the soft hyphen disappears", html: "a&nbsp;&nbsp;b\u{00A0}c Donau&shy;dampf\u{00AD}schiff", text: "a b c Donaudampfschiff"),
        Case(name: "non-ASCII text is kept", html: "<p>Zürich — 🕵️‍♀️ 北京</p>", text: "Zürich — 🕵️‍♀️ 北京"),
        Case(name: "an empty page and a blank one", html: "<p> </p>\n<div>&nbsp;</div>", text: ""),
    ]

    @Test("HTML to text", arguments: cases)
    func extract(_ example: Case) {
        #expect(HTMLText(html: example.html).text == example.text)
    }

    @Test("every case gives the same text from bytes as from a string")
    func bytesAndString() {
        for example in Self.cases {
            #expect(HTMLText(bytes: Array(example.html.utf8)).text == example.text, "\(example.name)")
        }
    }

    @Test("invalid UTF-8 inside HTML becomes U+FFFD and never breaks the markup around it")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("<p>caf".utf8) + [0xE9] + Array(" ok</p><p>".utf8) + [0xC2] + Array("<b>x</b> ".utf8)
            + [0xF0, 0x9F] + Array("&amp;</p>".utf8)
        #expect(HTMLText(bytes: bytes).text == "caf\u{FFFD} ok\n\n\u{FFFD}x \u{FFFD}&")
    }

    @Test("time is linear in the page: 20,000 comments, raw-text elements and tags take well under 2 s")
    func linear() {
        let piece = "<!-- c --><p class=\"x\">Word &amp; word.</p><script>var a = 1;</script>"
        let html = String(repeating: piece, count: 20_000)
        let clock = ContinuousClock()
        var page = HTMLText(html: "")
        let elapsed = clock.measure { page = HTMLText(html: html) }
        #expect(page.text.split(separator: "\n", omittingEmptySubsequences: true).count == 20_000)
        #expect(elapsed < .seconds(2), "\(html.utf8.count) bytes took \(elapsed)")
    }

    @Test("the title is kept apart, decoded and collapsed, and opens the text only when asked")
    func title() {
        let html = "<html><head><title> A &amp;\n B </title></head><body><svg><title>icon</title></svg><p>x</p></body></html>"
        let page = HTMLText(html: html)
        #expect(page.title == "A & B")
        #expect(page.text == "x")
        #expect(HTMLText(html: html, options: .init(includesTitle: true)).text == "A & B\n\nx")
        #expect(HTMLText(html: "<p>no title</p>").title == nil)
        #expect(HTMLText(html: "<svg><title>icon</title></svg><p>x</p>").title == nil)
    }

    @Test("sentences split from the text have offsets into the text")
    func offsets() {
        let page = HTMLText(html: "<h2>Talks</h2><p>The talks ended&nbsp;&mdash; without a deal. Both sides left.</p>")
        let sentences = SentenceSplitter().split(page.text)
        #expect(sentences.map(\.text) == ["Talks", "The talks ended — without a deal.", "Both sides left."])
        #expect(SplitterCase.offsetsAreExact(sentences, in: page.text))
        #expect(sentences.map(\.start) == [0, 7, 41])
    }
}
