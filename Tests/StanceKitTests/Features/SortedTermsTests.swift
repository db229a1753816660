import Dispatch
import Testing
@testable import StanceKit

/// Training sorts each partition's terms on its own and merges the sorted lists
/// (`SortedTerms`, `VocabularyPruning.vectorizer(merging:...)`); the references here are the
/// plain ways: sort every term's bytes at once, prune the concatenated lists with `keptIDs`.
@Suite struct SortedTermsTests {
    /// Random terms, many sharing their first 8 or more bytes, some with NUL bytes (which tie
    /// with a shorter term on the zero-padded key).
    static func terms(_ count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        let alphabet = Array("abé z\0".utf8)
        var seen = Set<String>()
        var terms: [String] = []
        while terms.count < count {
            let length = Int(rng.bounded(below: 14))
            let prefix = ["", "", "prefixed ", "prefix", "a shared prefix "][Int(rng.bounded(below: 5))]
            let bytes = (0 ..< length).map { _ in alphabet[Int(rng.bounded(below: UInt64(alphabet.count)))] }
            let term = prefix + String(decoding: bytes, as: UTF8.self)
            if seen.insert(term).inserted { terms.append(term) }
        }
        return terms
    }

    /// `terms` dealt to `parts` partition lists by a hash, with seeded df and totals.
    static func partitions(_ terms: [String], parts: Int, seed: UInt64) -> [PartitionTerms] {
        var rng = SplitMix64(seed: seed)
        var lists = (0 ..< parts).map { _ in PartitionTerms() }
        var vocabularies = (0 ..< parts).map { _ in Vocabulary() }
        for term in terms {
            var copy = term
            let p = copy.withUTF8 { Int(ByteHash.hash($0) % UInt64(parts)) }
            copy.withUTF8 { _ = vocabularies[p].insert($0) }
            lists[p].df.append(Int32(1 + rng.bounded(below: 6)))
            lists[p].totals.append(Double(rng.bounded(below: 4)))
        }
        for p in 0 ..< parts { lists[p].vocabulary = vocabularies[p] }
        return lists
    }

    static func bytesOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    @Test("merging sorted partition lists equals sorting all the terms", arguments: [1, 2, 3, 8])
    func mergeEqualsSort(parts: Int) {
        for (count, seed) in [(0, 1), (1, 2), (7, 3), (3000, 4)] as [(Int, UInt64)] {
            let terms = Self.terms(count, seed: seed)
            let lists = Self.partitions(terms, parts: parts, seed: seed).map {
                SortedTerms($0, minDF: 1, maxDocumentCount: .infinity, keepTotals: true)
            }
            let merged = SortedTerms.withViews(lists) { SortedTerms.merge($0) }.map { entry in
                lists[Int(entry >> 32)].vocabulary.term(Int(entry & 0xFFFF_FFFF))
            }
            #expect(merged == terms.sorted(by: Self.bytesOrder), "\(count) terms in \(parts) parts")
        }
    }

    @Test("merging in parts (split at terms of the longest list) equals merging at once", arguments: [2, 3, 8])
    func partsEqualWhole(parts: Int) {
        let terms = Self.terms(3000, seed: 12)
        for pieces in [1, 2, 3, 7] {
            let lists = Self.partitions(terms, parts: parts, seed: 12).map {
                SortedTerms($0, minDF: 1, maxDocumentCount: .infinity, keepTotals: false)
            }
            SortedTerms.withViews(lists) { views in
                let whole = SortedTerms.merge(views)
                let bounds = SortedTerms.splits(views, parts: pieces)
                #expect(bounds.count == pieces + 1 && bounds[pieces] == views.map(\.count))
                var merged = [UInt64](repeating: 0, count: whole.count)
                var at = 0
                merged.withUnsafeMutableBufferPointer { out in
                    for c in 0 ..< pieces {
                        #expect(zip(bounds[c], bounds[c + 1]).allSatisfy { $0 <= $1 })
                        SortedTerms.merge(views, from: bounds[c], to: bounds[c + 1], into: out.baseAddress! + at)
                        at += zip(bounds[c], bounds[c + 1]).reduce(0) { $0 + $1.1 - $1.0 }
                    }
                }
                #expect(merged == whole, "\(parts) lists in \(pieces) pieces")
            }
        }
    }

    @Test("a sorted list holds its partition's terms within the df bounds, in byte order, with their statistics")
    func filtered() {
        let list = Self.partitions(Self.terms(500, seed: 9), parts: 1, seed: 9)[0]
        let sorted = SortedTerms(list, minDF: 2, maxDocumentCount: 4.5, keepTotals: true)
        let expected = (0 ..< list.vocabulary.count).filter { list.df[$0] >= 2 && list.df[$0] <= 4 }
            .sorted { Self.bytesOrder(list.vocabulary.term($0), list.vocabulary.term($1)) }
        #expect(sorted.positions == expected.map { Int32($0) })
        #expect(sorted.vocabulary.terms == expected.map { list.vocabulary.term($0) })
        #expect(sorted.df == expected.map { list.df[$0] })
        #expect(sorted.totals == expected.map { list.totals[$0] })
        #expect(SortedTerms(list, minDF: 1, maxDocumentCount: 9, keepTotals: false).totals.isEmpty)
    }

    static let options: [VectorizerOptions] = [
        .init(),
        .init(minDF: 2),
        .init(maxDF: 0.5, smoothIDF: false),
        .init(weighting: .counts, minDF: 2, maxFeatures: 300),
        .init(maxFeatures: 5),
    ]

    @Test("pruning merged lists equals keptIDs on the concatenated lists", arguments: 0 ..< options.count)
    func pruningEqualsConcatenation(index: Int) throws {
        let options = Self.options[index]
        let documents = 10
        for parts in [1, 2, 3] {
            // 40000 terms: enough for the trainer to merge and copy in parts, and (uncapped) in
            // blocks of `mergeBlock` terms, several per thread.
            #expect(40_000 > 4 * VocabularyPruning.mergeBlock)
            let lists = Self.partitions(Self.terms(40_000, seed: UInt64(index)), parts: parts, seed: 5)
            let concatenated = Vocabulary(terms: lists.flatMap(\.vocabulary.terms))
            let (expected, kept) = try VocabularyPruning.vectorizer(
                vocabulary: concatenated, documentFrequencies: lists.flatMap(\.df), totals: lists.flatMap(\.totals),
                documents: documents, options: options)
            let sorted = lists.map {
                SortedTerms($0, minDF: options.minDF, maxDocumentCount: options.maxDF * Double(documents),
                            keepTotals: options.maxFeatures != nil)
            }
            for threads in [1, 2, 3] {
                let (vectorizer, columns) = try VocabularyPruning.vectorizer(
                    merging: sorted, sizes: lists.map(\.df.count), documents: documents, options: options, threads: threads)
                #expect(vectorizer.vocabulary == expected.vocabulary, "\(parts) parts")
                #expect(vectorizer.idf == expected.idf)
                var expectedColumns = [Int32](repeating: -1, count: concatenated.count)
                for (c, id) in kept.enumerated() { expectedColumns[Int(id)] = Int32(c) }
                #expect(columns.flatMap { $0 } == expectedColumns)
                #expect(vectorizer.vocabulary.storage.isIndexDeferred)
            }
        }
    }

    @Test("no terms, and no terms after pruning, throw as keptIDs does")
    func errors() {
        let empty = [SortedTerms(), SortedTerms()]
        #expect(throws: VectorizerError.noTokens) {
            try VocabularyPruning.vectorizer(merging: empty, sizes: [0, 0], documents: 3, options: .init(), threads: 1)
        }
        #expect(throws: VectorizerError.emptyVocabularyAfterPruning(minDF: 2, maxDF: 1, documents: 3)) {
            try VocabularyPruning.vectorizer(merging: empty, sizes: [4, 0], documents: 3, options: .init(minDF: 2), threads: 1)
        }
    }

    @Test("the idf table gives the formula's values", arguments: [false, true])
    func idfTable(smooth: Bool) {
        let options = VectorizerOptions(smoothIDF: smooth)
        for n in [1, 7, 70_000] {
            let df: [Int32] = [1, 2, 3, Int32(n)] + (n > 65_536 ? [65_536, 65_537, 69_999] : [])
            let expected = df.map { d in smooth ? log((1 + Double(n)) / (1 + Double(d))) + 1 : log(Double(n) / Double(d)) + 1 }
            #expect(VocabularyPruning.idf(documentFrequencies: df, documents: n, options: options) == expected)
        }
        #expect(VocabularyPruning.idf(documentFrequencies: [1], documents: 3, options: .init(weighting: .counts)).isEmpty)
    }
}

@Suite struct DeferredIndexTests {
    static let terms = SortedTermsTests.terms(5000, seed: 11)

    /// The terms appended unindexed, the table deferred (as the trainer builds its vocabulary).
    static func deferred() -> Vocabulary {
        let eager = Vocabulary(terms: terms)
        let vocabulary = Vocabulary.unindexed(capacity: 0, arenaCapacity: 0)
        for id in 0 ..< eager.count {
            eager.withTermBytes(id) { vocabulary.storage.appendUnindexed($0.baseAddress ?? Vocabulary.emptyAddress!, $0.count, hash: 0) }
        }
        vocabulary.storage.deferIndex()
        return vocabulary
    }

    @Test("a deferred index gives the ids, hashes and table of an eager one")
    func sameIDs() {
        let eager = Vocabulary(terms: Self.terms)
        let lazy = Self.deferred()
        #expect(lazy.storage.isIndexDeferred)
        #expect(lazy == eager)
        for (i, term) in Self.terms.enumerated() { #expect(lazy.id(of: term) == Int32(i)) }
        #expect(lazy.id(of: "absent term") == nil)
        #expect(!lazy.storage.isIndexDeferred)
        #expect(lazy.storage.mask == eager.storage.mask)
        #expect(Array(UnsafeBufferPointer(start: lazy.storage.slots, count: 2 * (lazy.storage.mask + 1)))
                == Array(UnsafeBufferPointer(start: eager.storage.slots, count: 2 * (eager.storage.mask + 1))))
        #expect((0 ..< eager.count).allSatisfy { lazy.hash(ofTerm: $0) == eager.hash(ofTerm: $0) })
    }

    @Test("first lookups from many threads at once build the index once and agree")
    func concurrentFirstLookups() {
        let lazy = Self.deferred()
        let results = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Self.terms.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: 8) { part in
            for i in stride(from: part, to: Self.terms.count, by: 8) { shared[i] = lazy.id(of: Self.terms[i]) ?? -1 }
        }
        #expect(Array(results) == (0 ..< Int32(Self.terms.count)).map { $0 })
    }

    @Test("inserting into a copy of a deferred vocabulary keeps both correct")
    func insertAfterDeferred() {
        let lazy = Self.deferred()
        var copy = lazy
        let id = Array("new term".utf8).withUnsafeBufferPointer { copy.insert($0) }
        #expect(id == Int32(Self.terms.count))
        #expect(copy.id(of: "new term") == Int32(Self.terms.count))
        #expect(lazy.id(of: "new term") == nil)
        #expect(copy.id(of: Self.terms[17]) == 17 && lazy.id(of: Self.terms[17]) == 17)
    }

    @Test("transforming with a freshly selected (deferred) vocabulary equals the eager one")
    func transform() throws {
        let texts = TextBatch(["a b b c", "b c d", "c d e e e", "x"])
        let (vectorizer, matrix) = try Vectorizer.fit(texts)
        let selected = vectorizer.vocabulary.selecting((0 ..< Int32(vectorizer.vocabulary.count)).map { $0 })
        #expect(selected.storage.isIndexDeferred)
        let rebuilt = Vectorizer(options: vectorizer.options, vocabulary: selected, idf: vectorizer.idf)
        #expect(rebuilt.transform(texts) == matrix)
    }
}

#if canImport(Glibc)
import Glibc
#endif
