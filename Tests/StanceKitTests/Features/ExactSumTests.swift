import Testing
@testable import StanceKit

/// `ExactSum` against a plain reference that shares nothing with it: Shewchuk's partials with
/// Python's `math.fsum` final rounding (CPython's `mathmodule.c`), exactly rounded for any
/// doubles.
@Suite struct ExactSumTests {
    /// The correctly rounded sum of `values` (`math.fsum`).
    static func fsum(_ values: [Double]) -> Double {
        var partials: [Double] = []
        for value in values {
            var x = value
            var i = 0
            for var y in partials {
                if abs(x) < abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 {
                    partials[i] = lo
                    i += 1
                }
                x = hi
            }
            partials.removeSubrange(i...)
            partials.append(x)
        }
        var n = partials.count
        guard n > 0 else { return 0 }
        n -= 1
        var hi = partials[n], lo = 0.0
        while n > 0 {
            let x = hi
            n -= 1
            let y = partials[n]
            hi = x + y
            lo = y - (hi - x)
            if lo != 0 { break }
        }
        // Half-way cases: make the rounding of hi + lo agree with the partials below.
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2, x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }

    static func exact(_ values: [Double]) -> ExactSum {
        var sum = ExactSum()
        for value in values { sum.add(value) }
        return sum
    }

    @Test("random terms over every scale are summed as fsum sums them, in any order")
    func random() {
        var rng = SplitMix64(seed: 5)
        for round in 0 ..< 400 {
            // Terms within 2^span of 1: squares of tf-idf weights (span ~10), wider ones, and
            // the whole range up to 2^127.
            let span = [1, 10, 40, 80, 127][round % 5]
            let count = Int(rng.bounded(below: round < 100 ? 8 : 600)) + 1
            var values = (0 ..< count).map { _ -> Double in
                let exponent = Int(rng.bounded(below: UInt64(span) + 1))
                let fraction = Double(rng.bounded(below: 1 << 52)) * 0x1p-52
                return Double(sign: .plus, exponent: exponent, significand: 1 + fraction)
            }
            let sum = Self.exact(values)
            #expect(sum.isExact)
            #expect(sum.value.bitPattern == Self.fsum(values).bitPattern, "round \(round): \(values)")
            values.shuffle(using: &rng)
            #expect(Self.exact(values).value.bitPattern == sum.value.bitPattern)
        }
    }

    @Test("ties round to even, a carry out of the mantissa renormalises, small sums are exact")
    func rounding() {
        let cases: [([Double], Double)] = [
            ([0x1p53, 1], 0x1p53),  // 2^53 + 1: a tie, to the even 2^53
            ([0x1p53, 1, 1, 1], 0x1p53 + 4),  // 2^53 + 3: a tie, to the even 2^53 + 4
            ([0x1p53, 1, 1], 0x1p53 + 2),  // 2^53 + 2: exact
            ([0x1p53, 1, 1, 1, 1], 0x1p53 + 4),  // exact
            ([0x1p54, 1, 1, 1], 0x1p54 + 4),  // 2^54 + 3: above half, up
            ([0x1p54, 1], 0x1p54),  // 2^54 + 1: below half, down
            ([0x1.fffffffffffffp52, 1], 0x1p53),  // (2^53 - 1) + 1: exact, one bit longer
            ([0x1.fffffffffffffp53, 1], 0x1p54),  // (2^54 - 2) + 1: a tie, to the even 2^54
            ([1.5, 2.25, 3], 6.75),
            ([1], 1),
            ([], 0),
        ]
        for (values, expected) in cases {
            #expect(Self.exact(values).value == expected, "\(values)")
            #expect(Self.fsum(values) == expected, "\(values)")
        }
        // Many copies of the largest term below 2^64 and of the largest of all: the carries
        // out of the second word and into the top one.
        for term in [0x1.fffffffffffffp63, 0x1.fffffffffffffp127, 0x1.8p100] {
            let many = [Double](repeating: term, count: 5_000) + [1, 3]
            #expect(Self.exact(many).value == Self.fsum(many), "\(term)")
        }
    }

    @Test("a term below 1, negative, zero, infinite or not a number is reported as out of range",
          arguments: [0.5, 0, -1, -2, .infinity, .nan, 0x1p128, .leastNonzeroMagnitude])
    func outOfRange(term: Double) {
        var sum = ExactSum()
        sum.add(2)
        sum.add(term)
        #expect(!sum.isExact)
    }

    @Test("a row's weights are the same in any order of its terms; a weight below 1 (an idf set by hand) gets the ordered sum")
    func rows() throws {
        let texts = SyntheticCorpus.generate(megabytes: 0.02, seed: 9, vocabulary: 300).texts
        for norm in [RowNorm.l2, .l1] {
            let (fitted, _) = try Vectorizer.fit(texts, options: VectorizerOptions(tokenizer: .init(wordNGrams: 1 ... 2), norm: norm))
            let matrix = fitted.transform(texts)
            var rng = SplitMix64(seed: 4)
            for scaleIDF in [1.0, 0.25] {
                let vectorizer = Vectorizer(options: fitted.options, vocabulary: fitted.vocabulary, idf: fitted.idf.map { $0 * scaleIDF })
                for r in 0 ..< min(matrix.rowCount, 60) {
                    let range = matrix.rowOffsets[r] ..< matrix.rowOffsets[r + 1]
                    let columns = Array(matrix.columns[range])
                    // Counts 1-3 in place of the weighed values, weighed in column order and shuffled.
                    let counts = columns.map { _ in Float(1 + rng.bounded(below: 3)) }
                    var scratch: [Double] = []
                    var sorted = counts
                    columns.withUnsafeBufferPointer { c in
                        sorted.withUnsafeMutableBufferPointer { vectorizer.weighRow(columns: c, values: $0, scratch: &scratch) }
                    }
                    let order = Array(columns.indices).shuffled(using: &rng)
                    var shuffled = order.map { counts[$0] }
                    let shuffledColumns = order.map { columns[$0] }
                    shuffledColumns.withUnsafeBufferPointer { c in
                        shuffled.withUnsafeMutableBufferPointer { vectorizer.weighRow(columns: c, values: $0, scratch: &scratch) }
                    }
                    // The plain reference: weights in column order, summed one after the other.
                    let weights = zip(columns, counts).map { column, count in
                        Vectorizer.termWeight(count: Double(count), idf: vectorizer.idf[Int(column)], weighting: .tfidf, sublinearTF: false)
                    }
                    let ordered = weights.reduce(0.0) { $0 + (norm == .l2 ? $1 * $1 : abs($1)) }
                    let scale = Vectorizer.normScale(ordered, norm: norm)
                    let expected = weights.map { Float($0 * scale) }
                    if scaleIDF < 1 && weights.contains(where: { $0 < 1 }) {
                        // Out of the exact sum's range: the row's own order, as the reference.
                        #expect(sorted.map(\.bitPattern) == expected.map(\.bitPattern), "row \(r)")
                    } else {
                        #expect(zip(order, shuffled).allSatisfy { sorted[$0].bitPattern == $1.bitPattern }, "row \(r)")
                        var exact = ExactSum()
                        for w in weights { exact.add(norm == .l2 ? w * w : abs(w)) }
                        let exactScale = Vectorizer.normScale(exact.value, norm: norm)
                        #expect(sorted.map(\.bitPattern) == weights.map { Float($0 * exactScale).bitPattern }, "row \(r)")
                    }
                }
            }
        }
    }
}
