extension SentenceSplitter.Scan {
    /// Whether the token `start ..< end` (no white space inside) is a link: a URL with a scheme
    /// (`https://example.com/a.b`), anything starting `www.`, an e-mail address, a domain with a
    /// path (`pic.twitter.com/abc`), or a bare domain whose last label is a common top-level domain
    /// (`example.com`, `gov.uk`). Opening brackets and quotes before it, and sentence punctuation
    /// and closers after it, are not part of the link.
    func isLink(_ start: Int, _ end: Int) -> Bool {
        let begin = skippingOpeners(start, limit: end)
        var finish = end
        while finish > begin {
            let last = self[finish - 1]
            if [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                UInt8(ascii: "?"), UInt8(ascii: ">")].contains(last)
            {
                finish -= 1
                continue
            }
            let closing = closerLength(before: finish)
            if closing == 0 { break }
            finish -= closing
        }
        guard finish - begin >= 4 else { return false }
        if contains(Array("://".utf8), begin, finish) { return true }
        if hasPrefix(Array("www.".utf8), at: begin, end: finish) { return true }
        if self[begin] == UInt8(ascii: "<") { return isLink(begin + 1, finish) }

        var hostStart = begin
        var isEmail = false
        for index in begin ..< finish where self[index] == UInt8(ascii: "@") {
            guard index > begin, !isEmail else { return false }
            hostStart = index + 1
            isEmail = true
        }
        // The host: labels of letters, digits and hyphens, split by full stops.
        var hostEnd = hostStart
        var dots = 0
        var labelLength = 0
        var lastLabelStart = hostStart
        while hostEnd < finish {
            let byte = self[hostEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0 else { return false }
                dots += 1
                labelLength = 0
                lastLabelStart = hostEnd + 1
            } else if Self.isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-") {
                labelLength += 1
            } else {
                return false
            }
            hostEnd += 1
        }
        guard dots > 0, labelLength >= 2, labelLength <= 6 else { return false }
        for index in lastLabelStart ..< hostEnd where !Self.isASCIILetter(self[index]) { return false }
        if isEmail || hostEnd < finish { return true }
        var topLevel = ""
        for index in lastLabelStart ..< hostEnd { topLevel.unicodeScalars.append(Unicode.Scalar(Self.lower(self[index]))) }
        return SentenceSplitter.Abbreviations.topLevelDomains.contains(topLevel)
    }
}
