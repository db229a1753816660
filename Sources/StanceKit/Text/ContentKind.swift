/// What a sentence of a scraped article is: the article's own prose, or one of the kinds of page
/// furniture that scrapers keep and that a classifier should usually skip.
///
/// The raw values are the kebab-case names used in JSON and on the command line.
public enum ContentKind: String, Sendable, CaseIterable {
    /// The article's own text.
    case content
    /// Advertising and calls to action: "Subscribe now", "Try Premium for just $1", "Advertisement",
    /// "Read more: ...", "Download the app".
    case advertising
    /// A social-media embed's attribution line: "— Name (@handle) June 20, 2024".
    case socialAttribution = "social-attribution"
    /// A line or sentence that is only a URL, a bare domain or an e-mail address.
    case link
    /// An author line: "By Jane Doe and John Roe, Reuters", "Reporting by Jane Doe".
    case byline
    /// A picture credit: "Photo: Reuters", "(Photo by X/Getty Images)", "Image credit: ...".
    case photoCredit = "photo-credit"
    /// A short Title Case line without terminal punctuation, standing alone.
    case heading
}
