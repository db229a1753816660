import Foundation
import Testing
@testable import StanceKit

/// The corpus rules of Data/stance (the same rules as scripts/check-corpus.py, which writers run
/// while adding sentences): file format, label balance, near duplicates, verb cues, split sizes.
@Suite struct StanceCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let labels: Set<String> = ["condemnation", "support", "analysis"]
    static let splits = ["train", "dev", "test"]

    /// (file, line, label, lower-cased word set) of every sentence.
    static let rows: [(file: String, line: Int, label: String, words: Set<String>)] = {
        var rows: [(String, Int, String, Set<String>)] = []
        for split in splits {
            let path = root.appendingPathComponent("Data/stance/\(split).tsv").path
            guard let corpus = try? CorpusReader.read(path: path, format: .tsv) else { continue }
            for i in 0 ..< corpus.count {
                rows.append(("\(split).tsv", corpus.lines[i], corpus.labels[i], words(corpus.texts[i])))
            }
        }
        return rows
    }()

    /// `[a-z0-9]+('[a-z]+)?` over the lower-cased text, as the Python checker.
    static func words(_ text: String) -> Set<String> {
        let pattern = /[a-z0-9]+(?:'[a-z]+)?/
        return Set(text.lowercased().matches(of: pattern).map { String($0.output) })
    }

    @Test("every split reads as label<TAB>sentence with a known label")
    func format() throws {
        for split in Self.splits {
            let path = Self.root.appendingPathComponent("Data/stance/\(split).tsv").path
            let corpus = try CorpusReader.read(path: path, format: .tsv)
            #expect(corpus.skipped == 0)
            #expect(Set(corpus.labels).isSubset(of: Self.labels), "\(split)")
        }
    }

    @Test("at least 3,000 sentences, splits about 70/15/15, no class under 25% overall or per split")
    func balance() {
        #expect(Self.rows.count >= 3000)
        for split in Self.splits {
            let part = Self.rows.filter { $0.file == "\(split).tsv" }
            let share = Double(part.count) / Double(Self.rows.count)
            let expected = split == "train" ? 0.70 : 0.15
            #expect(abs(share - expected) < 0.02, "\(split) holds \(share)")
            for label in Self.labels {
                let n = part.filter { $0.label == label }.count
                #expect(Double(n) / Double(part.count) >= 0.25, "\(split): \(label) \(n)/\(part.count)")
            }
        }
    }

    @Test("no two sentences share more than 80% of their word sets (|A & B| / min(|A|, |B|))")
    func nearDuplicates() {
        var index: [String: [Int]] = [:]
        for (i, row) in Self.rows.enumerated() { for w in row.words { index[w, default: []].append(i) } }
        var violations: [String] = []
        for (i, row) in Self.rows.enumerated() {
            var shared: [Int: Int] = [:]
            for w in row.words { for j in index[w, default: []] where j > i { shared[j, default: 0] += 1 } }
            for (j, count) in shared {
                let smaller = min(row.words.count, Self.rows[j].words.count)
                if smaller > 0 && Double(count) / Double(smaller) > 0.8 {
                    violations.append("\(row.file):\(row.line) ~ \(Self.rows[j].file):\(Self.rows[j].line)")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.prefix(10))")
    }

    static let stopWords = Set("""
        a an the and or but of to in on at for by with from as is are was were be been being it its this that \
        these those he she they them his her their we our you your i not no nor than then so such has have had \
        do does did will would could should may might can about after before over under into out up down off \
        again further also more most other some any each both all few own same very just only said says say \
        saying while when where which who whom whose what why how there here because until against between \
        through during above below per new one two three
        """.split(separator: " ").map(String.init))

    static func stem(_ word: String) -> String {
        let base = String(word.split(separator: "'", omittingEmptySubsequences: false)[0])
        for suffix in ["ing", "ed", "es", "s", "d"] where base.count > suffix.count + 3 && base.hasSuffix(suffix) {
            return String(base.dropLast(suffix.count))
        }
        return base
    }

    @Test("no cue word stem (>= 60% in one class) occurs in more than 10% of that class")
    func verbCues() {
        var classSize: [String: Int] = [:]
        var frequency: [String: [String: Int]] = [:]
        for row in Self.rows {
            classSize[row.label, default: 0] += 1
            for stem in Set(row.words.filter { !Self.stopWords.contains($0) }.map(Self.stem)) {
                frequency[stem, default: [:]][row.label, default: 0] += 1
            }
        }
        var violations: [String] = []
        for (stem, perClass) in frequency {
            let total = perClass.values.reduce(0, +)
            for (label, count) in perClass
            where Double(count) / Double(total) >= 0.6 && Double(count) / Double(classSize[label] ?? 1) > 0.10 {
                violations.append("\(stem) in \(count) \(label)")
            }
        }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("the seed article's labeled sentences use the corpus labels or a non-content kind")
    func seedArticle() throws {
        let path = Self.root.appendingPathComponent("Data/stance/seed-article.tsv").path
        let corpus = try CorpusReader.read(path: path, format: .tsv)
        #expect(corpus.count >= 20)
        for label in corpus.labels {
            #expect(Self.labels.contains(label) || label.hasPrefix("non-content:"), "\(label)")
        }
        #expect(corpus.labels.filter { $0.hasPrefix("non-content:") }.count == 3)
    }
}
