import Testing
@testable import StanceKit

/// Training's second pass looks each spilled entry's column and idf up in a `ColumnMap`, whose
/// 8-byte terms hold the idf as a code (`ColumnMap.IDFCodes`); the references are the plain
/// ways: `PartitionTerms.column(of:)` and the idf array by column, and a dictionary of the
/// values' bits.
@Suite struct ColumnMapTests {
    @Test("IDF codes: the same code for the same bits, a new one for new bits, in the order first seen, through growth")
    func codes() {
        var rng = SplitMix64(seed: 7)
        // 3,000 distinct values (the table grows from 1,024 slots twice), each met several times;
        // 0 and -0 differ in their bits, so they get two codes.
        var distinct: [Double] = [0, -0.0, 1]
        while distinct.count < 3000 { distinct.append(Double(rng.next() % 1_000_000) / 997 + 1) }
        var codes = ColumnMap.IDFCodes()
        var reference: [UInt64: UInt32] = [:]
        var order: [Double] = []
        for _ in 0 ..< 20_000 {
            let value = distinct[Int(rng.next() % UInt64(distinct.count))]
            let code = codes.code(of: value)
            if let known = reference[value.bitPattern] {
                #expect(code == known)
            } else {
                #expect(code == UInt32(order.count))
                reference[value.bitPattern] = code
                order.append(value)
            }
        }
        #expect(codes.values.map(\.bitPattern) == order.map(\.bitPattern))
        #expect(Set(reference.values).count == reference.count)
    }

    @Test("the map gives each token's, gram's and other feature's column and idf, as the partition's lookup and the idf by column")
    func map() {
        var rng = SplitMix64(seed: 11)
        // 40 tokens (some never listed), 300 grams, 20 other features; a tenth of them pruned.
        let columnCount = 200
        let idf = (0 ..< columnCount).map { _ in 1 + Double(rng.next() % 50) / 7 }  // few distinct values
        var terms = PartitionTerms()
        terms.tokenPositions = (0 ..< 40).map { $0 % 7 == 3 ? -1 : Int32($0) }
        terms.gramBase = 40
        terms.otherBase = 340
        terms.columns = (0 ..< 360).map { _ in rng.next() % 10 == 0 ? -1 : Int32(rng.next() % UInt64(columnCount)) }
        var features: [UInt32] = (0 ..< 40).map { PartitionCounter.tokenKind << 30 | UInt32($0) }
        features += (0 ..< 300).map { PartitionCounter.gramKind << 30 | UInt32($0) }
        features += (0 ..< 20).map { PartitionCounter.otherKind << 30 | UInt32($0) }
        for weighs in [true, false] {
            let map = ColumnMap(terms, idf: weighs ? idf : [])
            let bases = map.bases
            for feature in features {
                let term = map.term(of: feature)
                let column = terms.column(of: feature)
                #expect(term.column == column, "feature \(feature)")
                #expect(bases.term(of: feature).column == column)
                let expected = column >= 0 && weighs ? idf[Int(column)] : 0
                #expect(bases.idf(of: term).bitPattern == expected.bitPattern, "feature \(feature)")
            }
        }
    }
}
