extension ColumnMap {
    /// Distinct idf values numbered in the order they are first seen (`code(of:)`), for the
    /// 8-byte terms of a `ColumnMap`. The idf depends on the document frequency alone, so a
    /// vocabulary of a million terms has as many values as distinct frequencies: a few thousand.
    ///
    /// An open-addressing table of the values' bit patterns (multiplicative hash, linear
    /// probing, at most half full), so two values are the same code only when their bits are.
    struct IDFCodes {
        /// The values, by code.
        private(set) var values: [Double] = []
        /// Per slot, the code of the value there plus one (0: empty).
        private var slots = [UInt32](repeating: 0, count: 1 << 10)
        private var shift = 64 - 10

        /// The code of `value`, a new one if it has none yet.
        @inline(__always)
        mutating func code(of value: Double) -> UInt32 {
            let bits = value.bitPattern
            let mask = slots.count - 1
            var i = IDFCodes.slot(bits, shift: shift)
            while true {
                let entry = slots[i]
                if entry == 0 { break }
                if values[Int(entry - 1)].bitPattern == bits { return entry - 1 }
                i = (i + 1) & mask
            }
            precondition(values.count < Int(UInt32.max), "more than \(UInt32.max - 1) idf values")
            let code = UInt32(values.count)
            values.append(value)
            slots[i] = code + 1
            if 2 * values.count > slots.count { grow() }
            return code
        }

        /// The first slot of a value's bits: the high bits of their product with 2^64 / phi.
        @inline(__always)
        private static func slot(_ bits: UInt64, shift: Int) -> Int {
            Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        }

        /// Twice the slots, every value put in again.
        private mutating func grow() {
            shift -= 1
            slots = [UInt32](repeating: 0, count: 2 * slots.count)
            let mask = slots.count - 1
            for (code, value) in values.enumerated() {
                var i = IDFCodes.slot(value.bitPattern, shift: shift)
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = UInt32(code) + 1
            }
        }
    }
}
