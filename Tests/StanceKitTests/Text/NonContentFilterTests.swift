import StanceKit
import Testing

@Suite struct NonContentFilterTests {
    let filter = NonContentFilter()

    @Test("advertising and calls to action", arguments: [
        "Stop dealing with ads and try Premium for just $1", "Subscribe now", "Sign up for our newsletter",
        "Click here to read the full report.", "Advertisement", "ADVERTISEMENT", "Read more: Putin visits Pyongyang",
        "Download the app", "Story continues below advertisement", "Get unlimited access for $1 a week.",
    ])
    func advertising(_ text: String) {
        #expect(filter.kind(of: text) == .advertising)
    }

    @Test("social-media attribution lines", arguments: [
        "— FunnyWorld1313 🕵️♀️🐦 (@FunnyWorld1313) June 20, 2024",
        "— Swing Trader The Art of Learning (@niteshgupta98) June 20, 2024",
        "- Jane Doe (@janedoe) March 3, 2023", "A post shared by NASA (@nasa)",
    ])
    func socialAttribution(_ text: String) {
        #expect(filter.kind(of: text) == .socialAttribution)
    }

    @Test("bare links", arguments: [
        "https://example.com/a.b", "pic.twitter.com/tLyrNZZe9T", "www.gov.uk", "example.com", "<https://t.co/x1>",
        "jane.doe@example.com",
    ])
    func links(_ text: String) {
        #expect(filter.kind(of: text) == .link)
    }

    @Test("bylines", arguments: [
        "By Jane Doe", "By Jane Doe and John Roe, Reuters", "BY JANE DOE", "Reporting by Jane Doe; Editing by John Roe",
        "By Anna van der Berg in Berlin",
    ])
    func bylines(_ text: String) {
        #expect(filter.kind(of: text) == .byline)
    }

    @Test("photo credits", arguments: [
        "Photo: Reuters", "(Photo by Kim Jae-hwan/Getty Images)", "Image credit: KCNA", "(AP Photo/Evan Vucci)",
        "(KCNA via Reuters)", "[Picture: AFP]",
    ])
    func photoCredits(_ text: String) {
        #expect(filter.kind(of: text) == .photoCredit)
    }

    @Test("prose that merely looks like furniture is content", arguments: [
        "By the end of the day, prices fell.", "By 2030 the plant will close.", "Subscribers to the newsletter fell.",
        "The publisher blamed ad blockers.", "He posted a photo of the summit.", "The ads ran on Facebook.",
        "Visit the museum by June 20, 2024.", "Readers asked for more coverage.", "Adverts were banned in 2021.",
        "The credit: a loan from Moscow.", "",
    ])
    func prose(_ text: String) {
        #expect(filter.kind(of: text) == .content)
    }

    @Test("text longer than maxLength is content")
    func longText() {
        let text = "Subscribe now " + String(repeating: "and read on ", count: NonContentFilter.maxLength / 10)
        #expect(filter.kind(of: text) == .content)
    }
}
