import Foundation
import StanceKit
import Testing

/// The seed article (`seeds/000_ff11f20161483f68.txt`, a scraped news page with an ad line and two
/// embedded tweets) split by hand, sentence by sentence.
@Suite struct SentenceSplitterSeedTests {
    /// The package root: this file is `Tests/StanceKitTests/Text/SentenceSplitterSeedTests.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let expected: [(ContentKind, String)] = [
        (.content, "Russian President Vladimir Putin and North Korean leader Kim Jong Un have consolidated a new association, promising mutual assistance if either nation is attacked."),
        (.content, "The development comes during a summit on Wednesday as both countries face rising tensions with the West."),
        (.content, "In response, South Korea announced on Thursday that it was considering sending weapons to Ukraine."),
        (.content, "This possible policy shift follows the unveiling of the Russia-North Korea deal, which experts suggest could mean the strongest link between Moscow and Pyongyang since the Cold War."),
        (.content, "The agreement calls for immediate military and other support in the event of an invasion, within the limitations of both nations' laws and Article 51 of the United Nations Charter."),
        (.advertising, "Stop dealing with ads and try Premium for just $1"),
        (.content, "The summit in Pyongyang saw Putin and Kim approve the pact, which they hailed as a significant improvement in their bilateral relations, which include security, trade, investment and cultural exchanges."),
        (.content, "South Korean President Yoon Suk Yeol condemned the deal, citing its threat to regional security and violation of UN Security Council resolutions."),
        (.content, "Yoon's national security adviser, Chang Ho-jin, suggested that Seoul might reconsider its position on supplying arms to Ukraine to bolster its defense against Russian aggression."),
        (.content, "Posts on X allegedly show several images and videos of the shocking visit:"),
        (.content, "First, it was China's President Xi Jinping hugging Russian President Vladimir Putin…and now, it's North Korea [DPRK] President Kim Jong Un hugging Russia's Vladimir Putin!"),
        (.content, "ALL JAWS in the western world fell so bad that now they all suffer from LOCKJAW! pic.twitter.com/tLyrNZZe9T"),
        (.socialAttribution, "— FunnyWorld1313 🕵️♀️🕵️♀️🐦🐦🕊️🕊️🐦🐦🕵️♀️🕵️ (@FunnyWorld1313) June 20, 2024"),
        (.content, "A massive red carpet was rolled out for Putin upon arrival in North Korea pic.twitter.com/ZbusBfG60s"),
        (.socialAttribution, "— Swing Trader The Art of Learning (@niteshgupta98) June 20, 2024"),
        (.content, "The summit came amid concerns by the United States and its allies about potential arms deals where North Korea could supply Russia with much-needed munitions in exchange for economic aid and technology, potentially bolstering North Korea's nuclear capabilities."),
        (.content, "north Kim referred to the partnership as his “strongest treaty,” expressing full support for Russia's war in Ukraine."),
        (.content, "Putin described the agreement as a “progress document” that reflects mutual aspirations to elevate their relationship."),
        (.content, "Historically, North Korea and the Soviet Union had a treaty that required military intervention from Moscow if North Korea was attacked, which was dissolved after the collapse of the Soviet Union."),
        (.content, "The new pact appears more symbolic than substantive, with analysts debating its actual security commitment."),
        (.content, "However, it means a clear intention to expand cooperation."),
        (.content, "Putin's visit to North Korea, his first in 24 years, was marked by large displays of camaraderie, including multiple hugs with Kim, a motorcade through Pyongyang and a large welcoming ceremony."),
        (.content, "The agreement stipulates that both nations avoid entering into agreements that harm each other's core interests and cooperate to strengthen defense capabilities, with the goal of a “just and multipolar new world order.”"),
        (.content, "The implications for South Korea's relationship with Russia are significant, with experts pointing to the potential for a deterioration in diplomatic relations."),
        (.content, "South Korea has already joined the sanctions against Russia, and this new alliance could further strain relations."),
        (.content, "Kim's recent foreign policy efforts have focused on aligning himself with countries that oppose the US, promoting a “new Cold War” stance and showing solidarity with Putin's broader conflicts with the West."),
        (.content, "The Korean Peninsula remains tense, with increased military activities and psychological warfare tactics by both North and South Korea."),
    ]

    @Test("the seed article splits into its sentences, with the ad and tweet attributions marked")
    func seedArticle() throws {
        let url = Self.packageRoot.appendingPathComponent("seeds/000_ff11f20161483f68.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let sentences = SentenceSplitter().split(text)
        #expect(sentences.map(\.text) == Self.expected.map(\.1))
        #expect(sentences.map(\.kind) == Self.expected.map(\.0))
        #expect(SplitterCase.offsetsAreExact(sentences, in: text))
        let furniture = sentences.filter { !$0.isContent }
        #expect(furniture.map(\.kind) == [.advertising, .socialAttribution, .socialAttribution])
    }
}
