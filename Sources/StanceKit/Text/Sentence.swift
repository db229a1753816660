/// One sentence found by ``SentenceSplitter``.
///
/// `start` and `end` count Unicode scalars (not bytes, not `Character`s) from the start of the
/// split text, with `end` exclusive, so `text` is always the input's scalars `start ..< end`.
/// White space around the sentence is not part of it.
public struct Sentence: Sendable, Equatable {
    /// The sentence, without leading or trailing white space.
    public let text: String
    /// Offset of the first scalar of `text` in the input, in Unicode scalars.
    public let start: Int
    /// Offset just past the last scalar of `text` in the input, in Unicode scalars.
    public let end: Int
    /// Whether this is article prose or page furniture (advertising, attribution, byline, ...).
    public let kind: ContentKind

    /// A sentence made of its parts; `start <= end` is required.
    public init(text: String, start: Int, end: Int, kind: ContentKind) {
        precondition(start <= end, "Sentence start \(start) is after end \(end)")
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// Whether the sentence is the article's own prose (`kind == .content`).
    public var isContent: Bool { kind == .content }
}
