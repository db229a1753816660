/// Least-significant-digit radix sorts on 64-bit keys, one byte per pass (11 bits for long
/// arrays in `sort(_:scratch:lowBit:)`): stable, linear in the element count, with no
/// comparisons (so no branch mispredictions and no quadratic worst case). A pass whose digit is
/// the same for every element is skipped, so keys that use only their low bits cost only those
/// passes.
///
/// Used where profiling showed Swift's comparison sort dominating: ordering the vocabulary by
/// term (`Vocabulary.idsSortedByTerm`, 1.2 million 8-byte prefixes for 20 Newsgroups bigrams),
/// ordering each document's entries by column, and ordering training's class-count logs by
/// column. The tests check them against `sort()`.
enum RadixSort {
    /// Below this many elements an insertion sort is faster than radix passes.
    static let insertionLimit = 48
    /// From this many elements `sort(_:scratch:lowBit:)` takes 11-bit digits instead of 8-bit.
    static let wideDigitsFrom = 8192

    /// Sorts `keys` that are distinct values `(k + 1) << shift` with `k < bound`, applying the
    /// same permutation to `values`, by placing each at `k` (a counting sort): one pass to
    /// place, one to collect, where `sort(keys:values:)` counts eight byte histograms and
    /// scatters each varying byte. Training's unigram-only terms are such keys (a token's rank
    /// plus one, `PartitionCounter.rankedTerms`), where the radix sort was 14% of the vocabulary
    /// step: 20 Newsgroups unigrams on one thread, 20 alternating runs, the step 13 -> 12 ms
    /// (medians), the same model.
    static func place<Value>(distinctKeys keys: inout [UInt64], values: inout [Value], shift: Int, below bound: Int) {
        precondition(keys.count == values.count, "keys \(keys.count) != values \(values.count)")
        let n = keys.count
        guard n > 1 else { return }
        var slot = [Int32](repeating: -1, count: bound)
        for (i, key) in keys.enumerated() {
            let k = Int(truncatingIfNeeded: key >> UInt64(shift)) - 1
            precondition(k >= 0 && k < bound && key == UInt64(k + 1) << UInt64(shift) && slot[k] < 0,
                         "key \(key) is not a distinct (k + 1) << \(shift) with k < \(bound)")
            slot[k] = Int32(truncatingIfNeeded: i)
        }
        var sortedKeys: [UInt64] = [], sortedValues: [Value] = []
        sortedKeys.reserveCapacity(n)
        sortedValues.reserveCapacity(n)
        for i in slot where i >= 0 {
            sortedKeys.append(keys[Int(i)])
            sortedValues.append(values[Int(i)])
        }
        keys = sortedKeys
        values = sortedValues
    }

    /// Sorts `keys` ascending, applying the same permutation to `values`; equal keys keep their
    /// order. The eight byte histograms are counted in one pass over the keys before any
    /// scatter (each scatter only permutes, so the counts stay valid): nine passes over the
    /// keys instead of sixteen.
    static func sort<Value>(keys: inout [UInt64], values: inout [Value]) {
        precondition(keys.count == values.count, "keys \(keys.count) != values \(values.count)")
        let n = keys.count
        guard n > 1 else { return }
        var keyScratch = [UInt64].pageBacked(repeating: 0, count: n)
        var valueScratch = [Value].pageBacked(repeating: values[0], count: n)
        var histograms = [Int](repeating: 0, count: 8 * 256)
        var sourceIsKeys = true
        keys.withUnsafeMutableBufferPointer { k in
            values.withUnsafeMutableBufferPointer { v in
                keyScratch.withUnsafeMutableBufferPointer { ks in
                    valueScratch.withUnsafeMutableBufferPointer { vs in
                        histograms.withUnsafeMutableBufferPointer { counts in
                            for i in 0 ..< n {
                                let key = k[i]
                                for byte in 0 ..< 8 { counts[256 * byte + Int(truncatingIfNeeded: (key >> UInt64(8 * byte)) & 0xFF)] += 1 }
                            }
                            for byte in 0 ..< 8 {
                                let shift = UInt64(8 * byte)
                                let (fromK, fromV, toK, toV) = sourceIsKeys ? (k, v, ks, vs) : (ks, vs, k, v)
                                // Starts of each digit's run; a byte equal in every key is skipped.
                                let histogram = UnsafeMutableBufferPointer(rebasing: counts[256 * byte ..< 256 * (byte + 1)])
                                var total = 0, skip = false
                                for d in 0 ..< 256 {
                                    let c = histogram[d]
                                    if c == n { skip = true }
                                    histogram[d] = total
                                    total += c
                                }
                                if skip { continue }
                                for i in 0 ..< n {
                                    let digit = Int(truncatingIfNeeded: (fromK[i] >> shift) & 0xFF)
                                    let at = histogram[digit]
                                    histogram[digit] = at + 1
                                    toK[at] = fromK[i]
                                    toV[at] = fromV[i]
                                }
                                sourceIsKeys.toggle()
                            }
                        }
                    }
                }
            }
        }
        if !sourceIsKeys {
            swap(&keys, &keyScratch)
            swap(&values, &valueScratch)
        }
    }

    /// Sorts `entries` ascending by their bits `lowBit ..< 64` (the bits below are carried, not
    /// compared), using `scratch` (at least as long). Entries equal in the compared bits keep
    /// their order.
    static func sort(_ entries: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>, lowBit: Int) {
        let n = entries.count
        guard n > 1 else { return }
        precondition(scratch.count >= n, "scratch \(scratch.count) < \(n)")
        if n <= insertionLimit {
            insertionSort(entries, lowBit: lowBit)
            return
        }
        // Long arrays (class-count logs) take 11-bit digits: a 21-bit column in two passes
        // instead of three; a short row keeps 8 bits, whose counts are cheaper to clear and sum.
        // Measured on 20 Newsgroups bigrams (second pass, alternating runs): 153 -> 149 ms on one
        // thread, 90 -> 84 ms on two, 0.605 -> 0.565 s for x10.
        let bits: UInt64 = n >= wideDigitsFrom ? 11 : 8, digits = 1 << Int(bits), digitMask = UInt64(digits - 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: digits) { histogram in
            var from = entries, to = UnsafeMutableBufferPointer(rebasing: scratch[0 ..< n])
            var shift = UInt64(lowBit)
            while shift < 64 {
                let s = shift
                if prefixSums(histogram, n: n, digit: { Int(truncatingIfNeeded: (from[$0] >> s) & digitMask) }) {
                    for i in 0 ..< n {
                        let digit = Int(truncatingIfNeeded: (from[i] >> s) & digitMask)
                        let at = histogram[digit]
                        histogram[digit] = at + 1
                        to[at] = from[i]
                    }
                    swap(&from, &to)
                }
                shift += bits
            }
            if from.baseAddress != entries.baseAddress, let source = from.baseAddress, let target = entries.baseAddress {
                target.update(from: source, count: n)
            }
        }
    }

    /// Fills `counts` with the start of each digit's run; false (nothing to do) when every
    /// element has the same digit.
    @inline(__always)
    private static func prefixSums(_ counts: UnsafeMutableBufferPointer<Int>, n: Int, digit: (Int) -> Int) -> Bool {
        for d in 0 ..< counts.count { counts[d] = 0 }
        for i in 0 ..< n { counts[digit(i)] += 1 }
        var total = 0
        for d in 0 ..< counts.count {
            if counts[d] == n { return false }
            let c = counts[d]
            counts[d] = total
            total += c
        }
        return true
    }

    /// Stable insertion sort by bits `lowBit ..< 64`.
    @inline(__always)
    private static func insertionSort(_ entries: UnsafeMutableBufferPointer<UInt64>, lowBit: Int) {
        let shift = UInt64(lowBit)
        for i in 1 ..< entries.count {
            let entry = entries[i]
            let key = entry >> shift
            var j = i
            while j > 0 && entries[j - 1] >> shift > key {
                entries[j] = entries[j - 1]
                j -= 1
            }
            entries[j] = entry
        }
    }
}

/// Least-significant-digit radix sort of small arrays of bounded integers, 8 bits a pass: a
/// document's ids sort in `ceil(log2(vocabulary) / 8)` linear passes instead of `n log n`
/// comparisons. Short arrays use insertion sort.
extension RadixSort {
    /// Sorts `values`, each below `bound`, ascending; `scratch` and `histogram` (256 counts) are
    /// reusable buffers.
    static func sort(_ values: inout [UInt32], scratch: inout [UInt32], histogram: inout [Int], below bound: UInt32) {
        precondition(histogram.count == 256, "histogram has \(histogram.count) counts, not 256")
        let n = values.count
        guard n > 1 else { return }
        if n <= 32 {
            values.withUnsafeMutableBufferPointer { v in
                for i in 1 ..< n {
                    let x = v[i]
                    var j = i
                    while j > 0 && v[j - 1] > x {
                        v[j] = v[j - 1]
                        j -= 1
                    }
                    v[j] = x
                }
            }
            return
        }
        if scratch.count < n { scratch = [UInt32].pageBacked(repeating: 0, count: max(n, 2 * scratch.count)) }
        let top = bound == 0 ? 0 : bound - 1
        var bits = 0
        while bits < 32 && top >> UInt32(bits) != 0 { bits += 8 }
        values.withUnsafeMutableBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { s in
                histogram.withUnsafeMutableBufferPointer { h in
                    var source = v.baseAddress!, target = s.baseAddress!
                    var shift: UInt32 = 0
                    while shift < UInt32(bits) {
                        h.update(repeating: 0)
                        for i in 0 ..< n { h[Int((source[i] >> shift) & 0xFF)] += 1 }
                        var total = 0
                        for digit in 0 ..< 256 {
                            let c = h[digit]
                            h[digit] = total
                            total += c
                        }
                        for i in 0 ..< n {
                            let x = source[i]
                            let digit = Int((x >> shift) & 0xFF)
                            target[h[digit]] = x
                            h[digit] += 1
                        }
                        swap(&source, &target)
                        shift += 8
                    }
                    if source != v.baseAddress! { v.baseAddress!.update(from: source, count: n) }
                }
            }
        }
    }
}
