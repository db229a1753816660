extension NonContentFilter {
    /// The fixed phrases of the filter, lower-case ASCII bytes, matched ignoring case and ending
    /// at a word boundary when they end with a letter.
    enum Phrases {
        private static func bytes(_ phrases: [String]) -> [[UInt8]] { phrases.map { Array($0.utf8) } }

        static let by = Array("by".utf8)
        static let postSharedBy = Array("a post shared by".utf8)
        static let handleInParentheses = Array("(@".utf8)

        /// Openings of an author line other than a bare "By".
        static let bylinePrefixes = bytes([
            "written by", "reporting by", "additional reporting by", "edited by", "editing by", "story by", "words by",
            "posted by", "compiled by", "reported by",
        ])

        /// Lower-case words allowed between the names of a byline.
        static let bylineConnectors: Set<String> = [
            "and", "by", "in", "for", "of", "at", "de", "van", "von", "der", "da", "del", "la", "le", "bin", "al",
            "with", "staff",
        ]

        /// Openings of a picture credit (after any opening bracket).
        static let photoPrefixes = bytes([
            "photo:", "photo by", "photo credit", "photos:", "photos by", "photograph:", "photograph by",
            "photographs:", "photo illustration", "image:", "image by", "image credit", "image source", "images:",
            "picture:", "pictures:", "pictured:", "credit:", "credits:", "illustration:", "illustration by",
            "file photo", "ap photo", "afp photo", "reuters photo", "source:",
        ])

        /// Endings of a picture credit in brackets or with a `/`.
        static let photoSuffixes = bytes([
            "getty images", "shutterstock", "via reuters", "/reuters", "/afp", "/ap", "file photo", "/file",
        ])

        /// Texts that are an ad label or a call to action by themselves.
        static let adExact = bytes([
            "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "paid content", "paid post",
            "promoted", "promoted content", "continue reading", "continue reading below", "story continues below",
            "story continues below advertisement", "article continues below", "article continues after advertisement",
            "scroll to continue", "scroll to continue with content", "read more", "read full article",
            "read the full story", "show more", "load more", "see more", "skip advertisement", "skip ad", "subscribe",
            "subscribe now", "sign up", "sign up now", "log in", "sign in", "share", "share this", "share this article",
            "print", "comments", "view comments", "follow us", "click to expand", "related", "related stories",
            "related articles", "recommended", "most read", "trending", "listen to this article", "read next",
            "next article", "you may also like",
        ])

        /// Openings of an ad or a call to action.
        static let adPrefixes = bytes([
            "advertisement", "sponsored by", "subscribe to", "subscribe for", "subscribe now", "subscribe today",
            "sign up for", "sign up to", "sign up now", "click here", "tap here", "download the app", "download our",
            "get the app", "get our", "read more:", "read more at", "read more on", "read also", "also read",
            "read next", "related:", "related coverage", "recommended:", "you may also like", "more from",
            "follow us", "like us on", "join our", "try premium", "stop dealing with ads", "support our journalism",
            "support independent journalism", "become a member", "become a subscriber", "get unlimited access",
            "already a subscriber", "don't miss", "don’t miss", "watch:", "listen:", "see also:", "want more",
            "enjoy unlimited", "unlock", "get the latest", "get breaking news", "never miss",
            "start your free trial", "we use cookies",
        ])

        /// Phrases that make a short text an ad wherever they stand, by first letter (a to z).
        static let adInsideByLetter: [[[UInt8]]] = {
            let phrases = bytes([
                "try premium", "dealing with ads", "ad-free", "ads-free", "free trial", "subscribe now",
                "subscribe to our", "sign up for our", "sign up to our", "sign up for the", "our newsletter",
                "our free newsletter", "click here", "download the app", "download our app", "unlimited access",
                "limited time offer", "special offer", "use code", "remove ads", "without ads", "ad blocker",
                "adblock", "disable your ad",
            ])
            var buckets = [[[UInt8]]](repeating: [], count: 26)
            for phrase in phrases {
                guard let first = phrase.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { continue }
                buckets[Int(first - UInt8(ascii: "a"))].append(phrase)
            }
            return buckets
        }()
    }
}
