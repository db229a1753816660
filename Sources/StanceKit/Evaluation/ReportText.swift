/// Fixed-point numbers and padding for the plain-text reports (no Foundation `String(format:)`).
enum ReportText {
    /// `value` with exactly `digits` decimals, like Python's `format(value, ".2f")` or C's `%.2f`:
    /// the exact binary value is rounded half to even, so `0.125` gives `"0.12"` and `0.375` `"0.38"`.
    ///
    /// The value is `m · 2^e` exactly (`m` its integer significand); `m · 10^digits` is formed in
    /// 128 bits and shifted right by `-e` with round-half-even, so no step is inexact.
    /// Magnitudes beyond 2^53 or non-finite values fall back to `description`.
    static func fixed(_ value: Double, digits: Int) -> String {
        precondition((0...9).contains(digits), "fixed(_:digits:) supports 0...9 digits, got \(digits)")
        guard value.isFinite, value.magnitude < 0x1p53 else { return value.description }
        var scale: UInt64 = 1
        for _ in 0 ..< digits { scale *= 10 }
        let x = value.magnitude
        let significand = UInt128(x.significandBitPattern | (x.isNormal ? 1 << 52 : 0))
        let exponent = x.isNormal ? Int(x.exponent) - 52 : -1074
        let product = significand * UInt128(scale)
        var units: UInt128
        if exponent >= 0 {
            units = product << exponent
        } else if -exponent >= 128 {
            units = 0  // below 2^-53 · 2^74 / 2^128: far under half a unit
        } else {
            let shift = -exponent
            units = product >> shift
            let remainder = product & ((1 << shift) - 1)
            let half: UInt128 = 1 << (shift - 1)
            if remainder > half || (remainder == half && units & 1 == 1) { units += 1 }
        }
        let whole = units / UInt128(scale)
        var text = (value.sign == .minus && units != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(units % UInt128(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// `text` right-aligned in `width` characters (never truncated).
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` left-aligned in `width` characters (never truncated).
    static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
