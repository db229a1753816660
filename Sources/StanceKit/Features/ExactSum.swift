/// The sum of doubles in `[1, 2^128)`, exact until it is rounded once, to the nearest double
/// (ties to even): the same result in any order of the terms.
///
/// Every such double is `m * 2^(e - 52)` with a 53-bit integer `m` and `0 <= e <= 127`, an
/// integer multiple of `2^-52`; the sum is kept as that integer, `m << e` added per term into
/// four 64-bit words (the top word takes the carries of up to 2^64 terms of the largest size).
/// `value` then rounds the integer's top 53 bits by the bit below them and any bit further down.
///
/// Why: a row's norm (`Vectorizer.weighRow`, training's `RowWeigher`) was summed term by term
/// by ascending column, so training sorted every row by column only for that sum (the radix
/// sort's largest caller in the second pass: 4.9% of the samples on 20 Newsgroups ×10). The
/// weights summed are at least 1 (`tf >= 1`, `1 + ln(tf) >= 1`, `idf >= 1`), and so are their
/// squares; a term outside the range (`isExact` false) sends the caller back to the ordered
/// sum.
struct ExactSum {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    /// False once a term fell outside `[1, 2^128)` (or was not a number): `value` is then not
    /// the sum.
    private(set) var isExact = true

    /// Adds `x`.
    @inline(__always)
    mutating func add(_ x: Double) {
        let bits = x.bitPattern
        let exponent = Int(truncatingIfNeeded: bits >> 52) - 1023  // the sign bit makes it negative
        guard exponent >= 0 && exponent < 128 else {
            isExact = false
            return
        }
        let m = bits & 0x000F_FFFF_FFFF_FFFF | 0x0010_0000_0000_0000
        let shift = UInt64(exponent & 63)
        let low = m << shift, high = shift == 0 ? 0 : m >> (64 - shift)
        var carry: Bool
        if exponent < 64 {
            (w0, carry) = w0.addingReportingOverflow(low)
            (w1, carry) = w1.addingCarry(high, carry)
            (w2, carry) = w2.addingCarry(0, carry)
        } else {
            (w1, carry) = w1.addingReportingOverflow(low)
            (w2, carry) = w2.addingCarry(high, carry)
        }
        w3 &+= carry ? 1 : 0
    }

    /// The sum rounded to the nearest double, ties to even (0 for no terms).
    var value: Double {
        let top = w3 != 0 ? 3 : w2 != 0 ? 2 : w1 != 0 ? 1 : 0
        guard word(top) != 0 else { return 0 }
        let highest = 64 * top + 63 - word(top).leadingZeroBitCount
        if highest <= 52 { return Double(w0) * 0x1p-52 }
        // The 53 bits from `highest` down, the bit below them, and whether any lower one is set.
        let lowest = highest - 52
        var mantissa = bits(from: lowest) & 0x001F_FFFF_FFFF_FFFF
        let below = lowest - 1, q = below >> 6, r = UInt64(below & 63)
        let half = (word(q) >> r) & 1 == 1
        var sticky = word(q) & ((1 << r) - 1) != 0
        for k in 0 ..< q where word(k) != 0 { sticky = true }
        if half && (sticky || mantissa & 1 == 1) { mantissa += 1 }  // 2^53 at most: still exact
        return Double(sign: .plus, exponent: lowest - 52, significand: Double(mantissa))
    }

    /// Word `i` (0 the lowest).
    @inline(__always)
    private func word(_ i: Int) -> UInt64 {
        switch i {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        default: return w3
        }
    }

    /// The 64 bits of the sum from bit `from` up.
    private func bits(from: Int) -> UInt64 {
        let q = from >> 6, r = UInt64(from & 63)
        let next = q < 3 && r != 0 ? word(q + 1) << (64 - r) : 0
        return word(q) >> r | next
    }
}

extension UInt64 {
    /// `self + other + (carry ? 1 : 0)` and whether it overflowed.
    @inline(__always)
    fileprivate func addingCarry(_ other: UInt64, _ carry: Bool) -> (UInt64, Bool) {
        let (sum, first) = addingReportingOverflow(other)
        let (result, second) = sum.addingReportingOverflow(carry ? 1 : 0)
        return (result, first || second)
    }
}
