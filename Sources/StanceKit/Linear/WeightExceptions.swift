/// Weights `W` (features x classes) stored as a base row and exceptions to it:
/// `W[j, c] = base[c]` unless class `c` is among feature `j`'s exceptions, whose weights are
/// `entries[offsets[j] ..< offsets[j + 1]]` (CSR by feature, classes ascending).
///
/// Naive Bayes weights have this shape: every zero count `N_cj = 0` of class `c` has one
/// weight, e.g. multinomial `ln(alpha) - ln(N_c + alpha |V|)`, and n-gram counts are mostly
/// zero. For 20 Newsgroups with bigrams (1,196,056 features x 20 classes) that is 2.4 million
/// exceptions, 8 bytes each, plus 4 bytes of offset per feature: 24 MB instead of the dense
/// table's 115 MB (classes padded to 24).
///
/// Scoring assembles each entry's padded row (copy `base`, overwrite the exceptions) and then
/// does the dense kernel's multiply-add on it, so the sums are bitwise the dense table's.
struct WeightExceptions: Sendable, Equatable {
    /// One class's weight at one feature.
    struct Entry: Sendable, Equatable {
        var classIndex: Int32
        var weight: Float
    }

    /// The weight of every cell not listed, one per class, padded with zeros to the stride.
    let base: [Float]
    /// `featureCount + 1` ascending starts into `entries`.
    let offsets: [Int32]
    /// Each feature's exceptions, classes ascending.
    let entries: [Entry]

    /// Whether exceptions are the cheaper storage for `exceptionCount` exceptions in a
    /// `features x classes` table: when they take at most half the dense table's bytes,
    /// `8 E + 4 (V + 1) <= (4 V stride) / 2`. Below that the memory saved outweighs the work of
    /// assembling rows (measured on 20 Newsgroups; README, "Prediction"); above it the dense
    /// table is nearly as small and needs no assembly.
    static func preferred(exceptionCount: Int, features: Int, classes: Int) -> Bool {
        let stride = LinearScorer.paddedStride(classes: classes)
        return exceptionCount <= Int(Int32.max) && 8 * exceptionCount + 4 * (features + 1) <= 2 * features * stride
    }

    /// `W[j, c]`: the exception if there is one, else the base (a feature has few exceptions,
    /// so they are scanned).
    func weight(feature j: Int, class c: Int) -> Float {
        for e in Int(offsets[j]) ..< Int(offsets[j + 1]) where Int(entries[e].classIndex) == c {
            return entries[e].weight
        }
        return base[c]
    }

    /// The dense padded table, `featureCount x stride`.
    func paddedWeights(featureCount: Int) -> [Float] {
        let stride = base.count
        var weights = [Float](repeating: 0, count: featureCount * stride)
        weights.withUnsafeMutableBufferPointer { w in
            for j in 0 ..< featureCount {
                for c in 0 ..< stride { w[j * stride + c] = base[c] }
                for e in Int(offsets[j]) ..< Int(offsets[j + 1]) {
                    w[j * stride + Int(entries[e].classIndex)] = entries[e].weight
                }
            }
        }
        return weights
    }

    /// Whether the base and every exception are within ±`limit` (NaN is not).
    func allWithin(_ limit: Float) -> Bool {
        LinearScorer.allWithin(base, limit) && entries.allSatisfy { abs($0.weight) <= limit }
    }

    /// Hints the offsets of `columns`' rows (see `Prefetch`); `scoreRow` hints their entries.
    @inline(__always)
    func prefetchRows(_ columns: [Int32]) {
        offsets.withUnsafeBufferPointer { o in
            guard let base = o.baseAddress else { return }
            for j in columns { Prefetch.read(UnsafeRawPointer(base + Int(j))) }
        }
    }

    /// `out[0..<stride] = sum_k values[k] * W[columns[k], 0..<stride]`, summed in the order of
    /// the entries with one `SIMD8<Float>` per block of 8 classes, each row assembled from
    /// `base` and its exceptions first: lane for lane the dense kernels' sums.
    @inline(__always)
    func scoreRow(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        let stride = base.count
        precondition(out.count == stride && columns.count == values.count, "out \(out.count) for stride \(stride)")
        let blocks = stride / 8
        base.withUnsafeBufferPointer { base in
            offsets.withUnsafeBufferPointer { offsets in
                entries.withUnsafeBufferPointer { entries in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: stride) { row in
                        guard let baseAddress = base.baseAddress, let rowAddress = row.baseAddress,
                              let outAddress = out.baseAddress
                        else { return }
                        let baseRaw = UnsafeRawPointer(baseAddress)
                        let rowRaw = UnsafeMutableRawPointer(rowAddress)
                        let outRaw = UnsafeMutableRawPointer(outAddress)
                        let entriesRaw = UnsafeRawPointer(entries.baseAddress)
                        /// Writes row `columns[k]` to `row` and hints the entries of a later one.
                        @inline(__always) func assemble(_ k: Int) {
                            if let entriesRaw, k + 8 < columns.count {
                                Prefetch.read(entriesRaw + MemoryLayout<Entry>.stride * Int(offsets[Int(columns[k + 8])]))
                            }
                            for block in 0 ..< blocks {
                                let lanes = baseRaw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                rowRaw.storeBytes(of: lanes, toByteOffset: block * 32, as: SIMD8<Float>.self)
                            }
                            let j = Int(columns[k])
                            for e in Int(offsets[j]) ..< Int(offsets[j + 1]) {
                                row[Int(entries[e].classIndex)] = entries[e].weight
                            }
                        }
                        switch blocks {
                        case 1:
                            var a0 = SIMD8<Float>()
                            for k in 0 ..< columns.count {
                                assemble(k)
                                a0 += values[k] * rowRaw.loadUnaligned(as: SIMD8<Float>.self)
                            }
                            outRaw.storeBytes(of: a0, as: SIMD8<Float>.self)
                        case 2, 3:
                            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>()
                            for k in 0 ..< columns.count {
                                assemble(k)
                                let v = values[k]
                                a0 += v * rowRaw.loadUnaligned(as: SIMD8<Float>.self)
                                a1 += v * rowRaw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                                if blocks == 3 { a2 += v * rowRaw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) }
                            }
                            outRaw.storeBytes(of: a0, as: SIMD8<Float>.self)
                            outRaw.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
                            if blocks == 3 { outRaw.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self) }
                        default:
                            // One accumulator per block, kept in `out`: 0 + v * w first, as above.
                            for block in 0 ..< blocks { outRaw.storeBytes(of: SIMD8<Float>(), toByteOffset: block * 32, as: SIMD8<Float>.self) }
                            for k in 0 ..< columns.count {
                                assemble(k)
                                let v = values[k]
                                for block in 0 ..< blocks {
                                    var acc = outRaw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                    acc += v * rowRaw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                                    outRaw.storeBytes(of: acc, toByteOffset: block * 32, as: SIMD8<Float>.self)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
