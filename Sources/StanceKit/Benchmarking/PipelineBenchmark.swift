/// The `stance benchmark` cases for the whole pipeline: tokenization, vectorizer fit and
/// transform, naive Bayes fit, batch scoring on both paths, training end to end with 1 and N
/// threads, model save and load, and prediction. Each case runs a warm-up, then `repetitions`
/// timed runs (median and minimum reported), keeps its result in a `BlackHole`, and checks it
/// against an independent computation or an invariant.
public struct PipelineBenchmark {
    /// One measured case.
    public struct Result: Sendable {
        public let name: String
        public let median: Double
        public let minimum: Double
        public let repetitions: Int
        /// Bytes of text the case processes per run (0 when not text-bound).
        public let bytes: Int
        /// nil when the check passed, else what was wrong.
        public let failure: String?

        /// MB of text per second at the median time.
        public var megabytesPerSecond: Double { bytes == 0 ? 0 : Double(bytes) / 1e6 / median }
    }

    public let corpus: LabeledCorpus
    public let options: TrainingOptions
    public let repetitions: Int
    public let threads: Int

    public init(corpus: LabeledCorpus, options: TrainingOptions, repetitions: Int, threads: Int) {
        self.corpus = corpus
        self.options = options
        self.repetitions = repetitions
        self.threads = threads
    }

    func measure(_ name: String, bytes: Int, _ body: () -> Void, check: () -> String?) -> Result {
        let times = BenchmarkClock.measure(warmup: 1, repetitions: repetitions, body)
        return Result(name: name, median: times[times.count / 2], minimum: times[0], repetitions: repetitions,
                      bytes: bytes, failure: check())
    }

    /// Runs every case, calling `report` as each finishes.
    public func run(_ report: (Result) -> Void) throws {
        let bytes = corpus.texts.bytes.count
        let analyzer = Analyzer(options: options.vectorizer.tokenizer)

        // Tokenization, checked against a plain ASCII reference on the first documents.
        var tokenCount = 0
        report(measure("tokenize", bytes: bytes, {
            var buffer = TokenBuffer()
            var total = 0
            for i in 0 ..< corpus.count {
                corpus.texts.withDocument(i) { analyzer.tokenizer.tokenize($0, into: &buffer) }
                total += buffer.count
            }
            tokenCount = total
            BlackHole.consume(total)
        }, check: {
            var buffer = TokenBuffer()
            // The reference is Swift's Character classes, equal to Python's \w only on ASCII:
            // documents with other bytes are skipped.
            for i in 0 ..< min(200, corpus.count) where corpus.texts[i].utf8.allSatisfy({ $0 < 0x80 }) {
                corpus.texts.withDocument(i) { analyzer.tokenizer.tokenize($0, into: &buffer) }
                let text = options.vectorizer.tokenizer.lowercase ? corpus.texts[i].lowercased() : corpus.texts[i]
                let reference = text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
                    .filter { $0.count >= options.vectorizer.tokenizer.minimumTokenLength }.map(String.init)
                let stop = Set(options.vectorizer.tokenizer.stopWords.words)
                if (0 ..< buffer.count).map({ buffer.token($0) }) != reference.filter({ !stop.contains($0) }) {
                    return "document \(i) tokenizes differently"
                }
            }
            return tokenCount > 0 ? nil : "no tokens"
        }))

        // Vectorizer fit (in memory) and transform of the same texts.
        var fitted: (vectorizer: Vectorizer, matrix: SparseMatrix)?
        report(measure("vectorizer-fit", bytes: bytes, {
            fitted = try? Vectorizer.fit(corpus.texts, options: options.vectorizer)
            BlackHole.consume(fitted?.matrix.nonzeroCount)
        }, check: { fitted == nil ? "fit failed" : nil }))
        guard let (vectorizer, matrix) = fitted else { return }
        var transformed = matrix
        report(measure("vectorizer-transform", bytes: bytes, {
            transformed = vectorizer.transform(corpus.texts)
            BlackHole.consume(transformed.nonzeroCount)
        }, check: { transformed == matrix ? nil : "transform differs from fit's matrix" }))

        // Naive Bayes fit on the matrix; scoring on both paths.
        var classifier: (any NaiveBayesClassifier)?
        report(measure("nb-fit", bytes: 0, {
            classifier = try? options.model.fit(matrix, labels: corpus.labels, options: options.classifier)
            BlackHole.consume(classifier?.counts.classCounts)
        }, check: {
            guard let classifier else { return "fit failed" }
            return classifier.counts.classCounts.reduce(0, +) == Double(corpus.count) ? nil : "class counts do not add up"
        }))
        guard let classifier else { return }
        var sparse: [Double] = [], dense: [Double] = []
        report(measure("score-sparse", bytes: 0, {
            sparse = classifier.jointLogLikelihood(matrix, path: .sparse)
            BlackHole.consume(sparse.count)
        }, check: { sparse.count == corpus.count * classifier.classes.count ? nil : "wrong shape" }))
        let denseRows = matrix.rows(0 ..< min(matrix.rowCount, max(1, (64 << 20) / max(1, matrix.columnCount * 4))))
        report(measure("score-dense-\(denseRows.rowCount)-rows", bytes: 0, {
            dense = classifier.jointLogLikelihood(denseRows, path: .dense)
            BlackHole.consume(dense.count)
        }, check: {
            let worst = zip(dense, sparse).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            return worst < 1e-4 ? nil : "dense and sparse differ by \(worst)"
        }))

        // Training end to end (two passes, chunked) with 1 and N threads: identical models.
        var models: [Int: [UInt8]] = [:]
        for count in Set([1, threads]).sorted() {
            report(measure("train-\(count)-thread\(count == 1 ? "" : "s")", bytes: bytes, {
                let model = try? CorpusTrainer(options: options, threads: count).train(corpus).model
                models[count] = model.map { ModelFile.encode($0, threads: count) } ?? []
                BlackHole.consume(models[count]?.count)
            }, check: { models.values.allSatisfy { $0 == models[1] && !$0.isEmpty } ? nil : "models differ between thread counts" }))
        }
        guard let encoded = models[1], let model = try? ModelFile.decode(encoded, path: "benchmark") else { return }

        // Model encode + decode; prediction.
        var decoded: TextClassifier?
        report(measure("model-encode-decode", bytes: encoded.count, {
            decoded = try? ModelFile.decode(ModelFile.encode(model), path: "benchmark")
            BlackHole.consume(decoded?.classes)
        }, check: { decoded.map { ModelFile.encode($0) } == encoded ? nil : "round trip changed the model" }))
        var predicted: [String] = []
        report(measure("predict", bytes: bytes, {
            predicted = model.predict(corpus.texts)
            BlackHole.consume(predicted.count)
        }, check: { predicted == classifier.predict(matrix) ? nil : "predictions differ from the in-memory classifier" }))
    }
}
