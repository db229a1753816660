/// Scores one document at a time, `jll(x) = x W + b`, without building a feature matrix:
/// count its terms (`DocumentTerms`), weigh the row (`Vectorizer.weighRow`), binarize it for
/// Bernoulli naive Bayes, and add `x_j W[j, ...]` per stored entry (`LinearScorer.scoreRow`).
///
/// Each step does the same arithmetic in the same order as `transform` followed by
/// `jointLogLikelihood(_: SparseMatrix, path: .sparse)`, so the scores are bitwise the same.
/// The buffers are reused from document to document; one value per thread.
struct DocumentScorer {
    let vectorizer: Vectorizer
    let scorer: LinearScorer
    /// Values above it count as 1, others as 0 (Bernoulli naive Bayes), nil for the others.
    let binarizeAbove: Float?
    private var terms = DocumentTerms()
    private var values: [Float] = []
    private var row: [Double] = []
    private var accumulators: [Float]

    init(_ model: TextClassifier) {
        vectorizer = model.vectorizer
        scorer = model.classifier.scorer
        binarizeAbove = type(of: model.classifier).kind == .bernoulli ? model.classifier.options.binarizeThreshold : nil
        accumulators = [Float](repeating: 0, count: scorer.stride)
    }

    /// Writes the `classCount` scores of `text` to `out`.
    mutating func score(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count == scorer.classCount, "out has \(out.count) places for \(scorer.classCount) classes")
        terms.count(text, analyzer: vectorizer.analyzer, vocabulary: vectorizer.vocabulary, index: vectorizer.ngramIndex)
        scorer.prefetchRows(terms.ids)
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: terms.counts)
        terms.ids.withUnsafeBufferPointer { ids in
            values.withUnsafeMutableBufferPointer { values in
                vectorizer.weighRow(columns: ids, values: values, scratch: &row)
                if let threshold = binarizeAbove {
                    for k in 0 ..< values.count { values[k] = values[k] > threshold ? 1 : 0 }
                }
                accumulators.withUnsafeMutableBufferPointer { accumulators in
                    scorer.scoreRow(columns: ids, values: UnsafeBufferPointer(values), into: accumulators)
                }
            }
        }
        for c in 0 ..< scorer.classCount { out[c] = Double(accumulators[c]) + scorer.bias[c] }
    }
}

extension LinearScorer {
    /// Hints the weight rows `W[j, ...]` of `columns` (see `Prefetch`): a document's rows are
    /// scattered over a table larger than the caches.
    @inline(__always)
    func prefetchRows(_ columns: [Int32]) {
        switch storage {
        case .dense(let weights): Self.prefetchRows(columns, weights: weights, stride: stride)
        case .exceptions(let exceptions): exceptions.prefetchRows(columns)
        }
    }

    @inline(__always)
    private static func prefetchRows(_ columns: [Int32], weights: [Float], stride: Int) {
        let bytes = stride * 4
        weights.withUnsafeBufferPointer { w in
            guard let address = w.baseAddress else { return }
            let base = UnsafeRawPointer(address)
            for j in columns {
                let row = base + Int(j) * bytes
                Prefetch.read(row)
                if bytes > 64 { Prefetch.read(row + 64) }
            }
        }
    }

    /// `out[0..<stride] = sum_k values[k] * W[columns[k], 0..<stride]`, summed in the order of
    /// the entries with one `SIMD8<Float>` per block of 8 classes: lane for lane the same sums as
    /// `sparseScores` (with exceptions, `WeightExceptions.scoreRow`).
    @inline(__always)
    func scoreRow(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count == stride && columns.count == values.count, "out \(out.count) for stride \(stride)")
        switch storage {
        case .dense(let weights): Self.scoreRow(columns: columns, values: values, weights: weights, stride: stride, into: out)
        case .exceptions(let exceptions): exceptions.scoreRow(columns: columns, values: values, into: out)
        }
    }

    /// `scoreRow` on the dense table.
    @inline(__always)
    private static func scoreRow(
        columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, weights: [Float], stride: Int,
        into out: UnsafeMutableBufferPointer<Float>
    ) {
        let blocks = stride / 8
        weights.withUnsafeBufferPointer { w in
            guard let wAddress = w.baseAddress, let outAddress = out.baseAddress else {
                out.update(repeating: 0)  // no features: no entries either
                return
            }
            let wRaw = UnsafeRawPointer(wAddress)
            let outRaw = UnsafeMutableRawPointer(outAddress)
            let rowBytes = stride * 4
            switch blocks {
            case 1:
                var a0 = SIMD8<Float>()
                for k in 0 ..< columns.count {
                    let row = wRaw + Int(columns[k]) * rowBytes
                    a0 += values[k] * row.loadUnaligned(as: SIMD8<Float>.self)
                }
                outRaw.storeBytes(of: a0, as: SIMD8<Float>.self)
            case 2, 3:
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>()
                for k in 0 ..< columns.count {
                    let row = wRaw + Int(columns[k]) * rowBytes
                    let v = values[k]
                    a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
                    a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                    if blocks == 3 { a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self) }
                }
                outRaw.storeBytes(of: a0, as: SIMD8<Float>.self)
                outRaw.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
                if blocks == 3 { outRaw.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self) }
            default:
                for block in 0 ..< blocks {
                    var acc = SIMD8<Float>()
                    for k in 0 ..< columns.count {
                        let offset = Int(columns[k]) * rowBytes + block * 32
                        acc += values[k] * wRaw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    }
                    outRaw.storeBytes(of: acc, toByteOffset: block * 32, as: SIMD8<Float>.self)
                }
            }
        }
    }
}
