extension SentenceSplitter {
    /// What a full stop after a known abbreviation means, decided by the word that follows it.
    enum AbbreviationRule: Sendable, Equatable {
        /// Never ends a sentence: titles before a name (Mr., Dr., Gen., Sen.), e.g., i.e., vs., cf.
        case neverEnds
        /// Does not end a sentence before a number (No. 5, Art. 51, p. 12, Vol. 3); otherwise the
        /// full stop is read as after an ordinary word.
        case beforeNumber
        /// A month (Jan. 5, Sept. 11): no end before a number or a lower-case word; an end before
        /// a capitalised word.
        case month
        /// etc.: an end before a capitalised word, not before a lower-case word.
        case etc
        /// a.m. and p.m.: an end before a capitalised word unless that word is a weekday, a month
        /// or a time zone (ET, GMT, ...), or the word after it is "time" ("9 a.m. Moscow time").
        case time
        /// Company suffixes (Inc., Corp.), Jr., Sr., St., dotted acronyms (U.S., D.C., Ph.D.) and
        /// single initials (George W. Bush): an end only before a common sentence opener (The, He,
        /// But, ...) or an opening quote, since a capitalised name after them is the usual case.
        case mayEnd
    }

    /// The abbreviation table, keyed by the abbreviation's lower-cased ASCII bytes (without the
    /// final full stop, inner full stops kept) packed into a `UInt64`, so a look-up allocates nothing.
    struct Abbreviations: Sendable {
        /// How an entry's first letter must be written in the text to match.
        enum Casing: Sendable { case any, capitalised, lowercase }

        struct Entry: Sendable {
            let rule: AbbreviationRule
            let casing: Casing
        }

        private var table: [UInt64: Entry] = [:]

        /// The built-in table plus `extra` entries (ASCII, at most 8 bytes, no final full stop),
        /// which are read as ``AbbreviationRule/neverEnds``.
        init(extra: [String]) {
            for (rule, words) in Abbreviations.builtIn {
                for word in words { add(word, rule) }
            }
            for word in extra { add(word, .neverEnds) }
        }

        private mutating func add(_ word: String, _ rule: AbbreviationRule) {
            var spelled = Array(word.utf8)
            while spelled.last == UInt8(ascii: ".") { spelled.removeLast() }
            guard let key = Abbreviations.key(spelled), let first = spelled.first else { return }
            let casing: Casing =
                first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") ? .capitalised
                : spelled.count == 1 ? .lowercase : .any
            table[key] = Entry(rule: rule, casing: casing)
        }

        /// The rule for the token `start ..< end` (no final full stop), if it is a known abbreviation.
        func rule(_ scan: Scan, _ start: Int, _ end: Int) -> AbbreviationRule? {
            guard end > start, end - start <= 8 else { return nil }
            var key: UInt64 = 0
            for index in stride(from: end - 1, through: start, by: -1) {
                let byte = scan[index]
                guard Scan.isASCIILetter(byte) || byte == UInt8(ascii: ".") else { return nil }
                key = key << 8 | UInt64(Scan.lower(byte))
            }
            guard let entry = table[key] else { return nil }
            let first = scan[start]
            switch entry.casing {
            case .any: return entry.rule
            case .capitalised: return first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") ? entry.rule : nil
            case .lowercase: return first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") ? entry.rule : nil
            }
        }

        /// The packed key of lower-cased ASCII letters and full stops, or nil if it cannot be one.
        static func key(_ spelled: [UInt8]) -> UInt64? {
            guard !spelled.isEmpty, spelled.count <= 8 else { return nil }
            var key: UInt64 = 0
            for byte in spelled.reversed() {
                guard Scan.isASCIILetter(byte) || byte == UInt8(ascii: ".") else { return nil }
                key = key << 8 | UInt64(Scan.lower(byte))
            }
            return key
        }

        /// The built-in abbreviations. An entry spelled with a capital matches only a capitalised
        /// token ("No" is not "no"); a one-letter lower-case entry matches only lower case; the
        /// rest match in any case.
        static let builtIn: [(AbbreviationRule, [String])] = [
            (.neverEnds, [
                "Mr", "Mrs", "Ms", "Mx", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Gen", "Gens", "Col", "Lt", "Lieut",
                "Sgt", "Cpl", "Pvt", "Capt", "Cmdr", "Comdr", "Adm", "Maj", "Brig", "Sen", "Sens", "Rep", "Reps",
                "Gov", "Pres", "Rev", "Fr", "Hon", "Rt", "Supt", "Det", "Insp", "Amb", "Atty", "Sec", "Ft",
                "vs", "v", "e.g", "i.e", "cf", "viz", "approx", "ca", "esp", "incl", "a.k.a",
            ]),
            (.beforeNumber, ["No", "Nos", "Nr", "Art", "vol", "vols", "ch", "fig", "figs", "p", "pp", "Pg", "ref", "tel", "ext"]),
            (.month, ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]),
            (.etc, ["etc"]),
            (.time, ["a.m", "p.m"]),
            (.mayEnd, [
                "Inc", "Ltd", "Corp", "Co", "Cos", "llc", "plc", "Jr", "Sr", "Bros", "Esq", "St", "Mt", "Ave", "Blvd",
                "Rd", "Dept", "Univ", "Assn", "U.S", "U.S.A", "U.K", "U.N", "E.U", "D.C", "N.Y", "L.A", "Ph.D", "al",
                "ibid",
            ]),
        ]

        /// Capitalised words that commonly open a sentence; after a ``AbbreviationRule/mayEnd``
        /// abbreviation only these (and an opening quote) end the sentence.
        static let sentenceOpeners: Set<String> = [
            "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those", "There",
            "Here", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "From", "By", "With", "After", "Before",
            "As", "If", "When", "While", "Although", "Though", "However", "Meanwhile", "Also", "Its", "His", "Her",
            "Their", "Our", "My", "Your", "What", "Why", "How", "Who", "Where", "Which", "Some", "Many", "Most", "All",
            "Both", "Each", "Not", "Then", "Now", "Still", "Instead", "Thus", "Therefore", "Since", "Because", "Until",
            "During", "According", "Despite", "Officials", "Critics", "Experts", "Analysts",
        ]

        /// Capitalised words after a.m./p.m. that continue the sentence: weekdays, months and time zones.
        static let timeWords: Set<String> = [
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue", "Tues", "Wed",
            "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
            "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST",
            "MDT", "PT", "PST", "PDT", "GMT", "BST", "UTC", "CET", "CEST", "EET", "EEST", "WET", "IST", "JST", "KST",
            "MSK", "AEST", "AEDT", "HKT", "SGT", "Eastern", "Pacific", "Central", "Mountain", "Local",
        ]

        /// Lower-case words allowed inside a Title Case heading.
        static let minorWords: Set<String> = [
            "a", "an", "the", "and", "or", "but", "nor", "for", "of", "on", "in", "at", "to", "by", "as", "is", "vs",
            "via", "per", "from", "into", "onto", "with", "over", "upon", "amid", "than", "off", "out", "up", "de",
            "la", "van", "von",
        ]

        /// Top-level domains that make `name.tld` a link even without `/` or a scheme.
        static let topLevelDomains: Set<String> = [
            "com", "org", "net", "gov", "edu", "mil", "int", "io", "co", "uk", "us", "ca", "au", "de", "fr", "ru",
            "cn", "jp", "kr", "in", "it", "es", "nl", "eu", "ch", "se", "no", "info", "biz", "me", "tv", "ly", "gl",
            "app", "dev", "ai", "news", "online", "site",
        ]
    }
}
