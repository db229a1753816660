/// Which kernel computes `X * W + b`.
public enum ScoringPath: String, Sendable, CaseIterable {
    /// Choose by shape, from the measured crossover (`LinearScorer.prefersDense`).
    case automatic
    /// Walk the stored entries of each row with `SIMD8<Float>` over the classes.
    case sparse
    /// Densify blocks of rows and multiply with OpenBLAS `sgemm`.
    case dense
}

/// Scores `s = X W + b` for a sparse matrix `X` (rows x features), weights `W`
/// (features x classes) and per-class bias `b`: the joint log-likelihood of every naive Bayes
/// variant has this form.
///
/// `W` is used feature-major with the class dimension padded to a multiple of 8, so a stored
/// entry `(i, j, v)` adds `v * W[j, 0..<8]` to row `i`'s accumulators in one SIMD step. It is
/// stored one of two ways (`Storage`): every padded row (`dense`), or a per-class base row and,
/// per feature, only the classes whose weight differs from it (`exceptions`, see
/// `WeightExceptions`), whose rows are assembled when scored. Both give bitwise the same scores.
public struct LinearScorer: Sendable, Equatable {
    /// The number of features (rows of `W`).
    public let featureCount: Int
    /// The number of classes (columns of `W`).
    public let classCount: Int
    /// `classCount` rounded up to a multiple of 8.
    let stride: Int
    /// `W`.
    let storage: Storage
    /// `b`, one per class.
    public let bias: [Double]

    /// How `W` is held.
    enum Storage: Sendable {
        /// `featureCount x stride`, row-major, zero in the padding.
        case dense([Float])
        /// A base row per class plus each feature's exceptions to it.
        case exceptions(WeightExceptions)
    }

    /// Density at and above which the dense GEMM path is faster, for more than 8 classes.
    /// Measured with `stance benchmark --scoring-crossover` (README, "Scoring paths"): on 2-core
    /// x86-64 with single-threaded OpenBLAS, for 20 classes the dense path was 0.8-0.9x the
    /// sparse one at 30% density and 1.9-2.1x at 60%; for 2-3 classes it never won, even dense.
    public static let denseCrossoverDensity = 0.4

    /// A scorer from weights given class-major (`classWeights[c][j]`) and a bias per class.
    public init(classWeights: [[Double]], bias: [Double]) {
        precondition(bias.count == classWeights.count, "bias.count \(bias.count) != classes \(classWeights.count)")
        var builder = Builder(featureCount: classWeights.first?.count ?? 0, classCount: classWeights.count)
        for (c, row) in classWeights.enumerated() { builder.set(class: c, weights: row) }
        self = builder.finish(bias: bias)
    }

    /// Builds a scorer one class row at a time, writing straight into the padded buffer.
    public struct Builder {
        let featureCount: Int
        let classCount: Int
        let stride: Int
        var weights: [Float]

        /// A builder for `featureCount x classCount` weights, all zero.
        public init(featureCount: Int, classCount: Int) {
            self.featureCount = featureCount
            self.classCount = classCount
            stride = LinearScorer.paddedStride(classes: classCount)
            weights = [Float](repeating: 0, count: featureCount * stride)
        }

        /// Sets `W[j, c] = weights[j]` for every feature `j`.
        public mutating func set(class c: Int, weights row: [Double]) {
            precondition(c >= 0 && c < classCount && row.count == featureCount,
                         "class \(c) of \(classCount), row of \(row.count) for \(featureCount) features")
            let stride = stride
            weights.withUnsafeMutableBufferPointer { w in
                for j in 0 ..< row.count { w[j * stride + c] = Float(row[j]) }
            }
        }

        /// The scorer with bias `bias`.
        public func finish(bias: [Double]) -> LinearScorer {
            LinearScorer(featureCount: featureCount, classCount: classCount, paddedWeights: weights, bias: bias)
        }
    }

    /// The class dimension padded to a multiple of 8 (at least 8).
    static func paddedStride(classes: Int) -> Int { max(8, (classes + 7) / 8 * 8) }

    /// A scorer from already padded feature-major weights.
    init(featureCount: Int, classCount: Int, paddedWeights: [Float], bias: [Double]) {
        let stride = Self.paddedStride(classes: classCount)
        precondition(paddedWeights.count == featureCount * stride, "weights \(paddedWeights.count) != \(featureCount) x \(stride)")
        self.featureCount = featureCount
        self.classCount = classCount
        self.stride = stride
        self.storage = .dense(paddedWeights)
        self.bias = bias
    }

    /// A scorer from a base row and exceptions (`WeightExceptions`).
    init(featureCount: Int, classCount: Int, exceptions: WeightExceptions, bias: [Double]) {
        let stride = Self.paddedStride(classes: classCount)
        precondition(exceptions.base.count == stride && exceptions.heads.count == featureCount,
                     "base \(exceptions.base.count) for stride \(stride), heads \(exceptions.heads.count) for \(featureCount) features")
        self.featureCount = featureCount
        self.classCount = classCount
        self.stride = stride
        self.storage = .exceptions(exceptions)
        self.bias = bias
    }

    /// `W[j, c]`.
    public func weight(feature j: Int, class c: Int) -> Float {
        switch storage {
        case .dense(let weights): return weights[j * stride + c]
        case .exceptions(let exceptions): return exceptions.weight(feature: j, class: c)
        }
    }

    /// `W`, `featureCount x stride`, row-major, zero in the padding: the stored table, or one
    /// assembled from the exceptions (for the GEMM path and comparisons; it is the full size).
    var paddedWeights: [Float] {
        switch storage {
        case .dense(let weights): return weights
        case .exceptions(let exceptions): return exceptions.paddedWeights(featureCount: featureCount)
        }
    }

    /// Whether the weights are held as exceptions to a base row.
    var isSparse: Bool {
        if case .exceptions = storage { return true }
        return false
    }

    /// Equal shapes, biases and weights, however each is stored.
    public static func == (lhs: LinearScorer, rhs: LinearScorer) -> Bool {
        lhs.featureCount == rhs.featureCount && lhs.classCount == rhs.classCount && lhs.bias == rhs.bias
            && lhs.paddedWeights == rhs.paddedWeights
    }

    /// The largest weight or bias magnitude a model may hold. Naive Bayes weights are
    /// log-probabilities (or, for complement NB with `norm`, ratios of them in [0, 1]): from
    /// finite counts they stay within about ±750. A bound far above that, yet far below
    /// `Float.greatestFiniteMagnitude`, keeps every score finite.
    public static let maximumWeight: Float = 1e6

    /// Whether every weight and bias is finite and within ±`maximumWeight`.
    public var isBounded: Bool {
        let weightsWithin: Bool
        switch storage {
        case .dense(let weights): weightsWithin = LinearScorer.allWithin(weights, Self.maximumWeight)
        case .exceptions(let exceptions): weightsWithin = exceptions.allWithin(Self.maximumWeight)
        }
        return weightsWithin && bias.allSatisfy { abs($0) <= Double(Self.maximumWeight) }
    }

    /// Whether every value is within ±`limit` (NaN is not), eight lanes at a time: a model's
    /// weights are tens of millions of values, checked on every load.
    static func allWithin(_ values: [Float], _ limit: Float) -> Bool {
        values.withUnsafeBufferPointer { v in
            guard let base = v.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            let high = SIMD8<Float>(repeating: limit), low = -high
            var inside = SIMDMask<SIMD8<Int32>>(repeating: true)
            var i = 0
            while i + 8 <= v.count {
                let lanes = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                inside .&= (lanes .<= high) .& (lanes .>= low)
                i += 8
            }
            while i < v.count {
                guard abs(v[i]) <= limit else { return false }
                i += 1
            }
            return all(inside)
        }
    }

    /// Whether the dense path is expected to be faster for `matrix` and `classes` classes.
    public static func prefersDense(_ matrix: SparseMatrix, classes: Int) -> Bool {
        classes > 8 && matrix.density >= denseCrossoverDensity && matrix.rowCount >= 16
    }

    /// The scores, row-major `rows x classCount`.
    public func scores(_ matrix: SparseMatrix, path: ScoringPath = .automatic) -> [Double] {
        precondition(matrix.columnCount == featureCount, "matrix has \(matrix.columnCount) columns, scorer \(featureCount) features")
        let dense: Bool
        switch path {
        case .automatic: dense = LinearScorer.prefersDense(matrix, classes: classCount)
        case .sparse: dense = false
        case .dense: dense = true
        }
        var raw = dense ? denseScores(matrix) : sparseScores(matrix)
        var result = [Double](repeating: 0, count: matrix.rowCount * classCount)
        raw.withUnsafeMutableBufferPointer { raw in
            for row in 0 ..< matrix.rowCount {
                for c in 0 ..< classCount {
                    result[row * classCount + c] = Double(raw[row * stride + c]) + bias[c]
                }
            }
        }
        return result
    }

    /// `X W` by walking stored entries: `acc[0..<8] += v * W[j, 0..<8]` per block of 8 classes,
    /// in the order of each row's entries (with exceptions, row by row through `scoreRow`).
    func sparseScores(_ matrix: SparseMatrix) -> [Float] {
        var out = [Float](repeating: 0, count: matrix.rowCount * stride)
        switch storage {
        case .dense(let weights):
            Self.sparseScores(matrix, weights: weights, stride: stride, into: &out)
        case .exceptions(let exceptions):
            matrix.columns.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    matrix.rowOffsets.withUnsafeBufferPointer { rowOffsets in
                        out.withUnsafeMutableBufferPointer { out in
                            exceptions.scoreRows(columns: columns, values: values, rowOffsets: rowOffsets, into: out)
                        }
                    }
                }
            }
        }
        return out
    }

    /// The dense table's sparse kernel: block by block, entry by entry.
    private static func sparseScores(_ matrix: SparseMatrix, weights: [Float], stride: Int, into out: inout [Float]) {
        let blocks = stride / 8
        weights.withUnsafeBufferPointer { w in
            matrix.columns.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    out.withUnsafeMutableBufferPointer { out in
                        guard let wBase = w.baseAddress, let outBase = out.baseAddress else { return }
                        let wRaw = UnsafeRawPointer(wBase)
                        let outRaw = UnsafeMutableRawPointer(outBase)
                        for row in 0 ..< matrix.rowCount {
                            let start = matrix.rowOffsets[row], end = matrix.rowOffsets[row + 1]
                            for block in 0 ..< blocks {
                                var acc = SIMD8<Float>()
                                for k in start ..< end {
                                    let offset = (Int(columns[k]) * stride + block * 8) * 4
                                    acc += values[k] * wRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                                }
                                outRaw.storeBytes(of: acc, toByteOffset: (row * stride + block * 8) * 4, as: SIMD8<Float>.self)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `X W` by densifying blocks of rows and calling `sgemm` on each. GEMM needs the full table:
    /// exceptions are spread into one on the first call and it is kept (this path is for dense
    /// inputs with many rows, where that table pays; text never takes it unless asked).
    func denseScores(_ matrix: SparseMatrix) -> [Float] {
        var out = [Float](repeating: 0, count: matrix.rowCount * stride)
        guard featureCount > 0, matrix.rowCount > 0 else { return out }
        let weights: [Float]
        switch storage {
        case .dense(let table): weights = table
        case .exceptions(let exceptions): weights = exceptions.cachedPaddedWeights(featureCount: featureCount)
        }
        // Rows per block: keep the dense block under ~32 MB.
        let blockRows = max(1, min(matrix.rowCount, (8 << 20) / max(1, featureCount)))
        var block = [Float](repeating: 0, count: blockRows * featureCount)
        weights.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { out in
                block.withUnsafeMutableBufferPointer { block in
                    var first = 0
                    while first < matrix.rowCount {
                        let rows = min(blockRows, matrix.rowCount - first)
                        for r in 0 ..< rows {
                            let row = first + r
                            for k in matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1] {
                                block[r * featureCount + Int(matrix.columns[k])] = matrix.values[k]
                            }
                        }
                        BLAS.gemm(
                            m: rows, n: stride, k: featureCount, a: block.baseAddress!, b: w.baseAddress!,
                            c: out.baseAddress! + first * stride)
                        for r in 0 ..< rows {
                            let row = first + r
                            for k in matrix.rowOffsets[row] ..< matrix.rowOffsets[row + 1] {
                                block[r * featureCount + Int(matrix.columns[k])] = 0
                            }
                        }
                        first += rows
                    }
                }
            }
        }
        return out
    }
}
