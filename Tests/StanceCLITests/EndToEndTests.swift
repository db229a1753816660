import Foundation
import Testing

/// train -> evaluate -> cross-validate -> classify in a temporary directory, with the real binary.
@Suite(.serialized) struct EndToEndTests {
    static let training = """
        condemnation\tThe minister condemned the attack on the embassy.
        condemnation\tUnions denounced the pension cuts as cruel.
        condemnation\tCritics slammed the ruling as a disgrace.
        condemnation\tRights groups accused the police of brutality.
        support\tThe council welcomed the new trade agreement.
        support\tFarmers praised the subsidy plan warmly.
        support\tLeaders pledged aid to the flooded region.
        support\tThe federation backed the bid with enthusiasm.
        analysis\tThe summit is scheduled for next Tuesday.
        analysis\tExports rose by four percent in March.
        analysis\tThe treaty was signed in 1961 after long talks.
        analysis\tAnalysts expect turnout near sixty percent.

        """

    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("train, evaluate (table and JSON), cross-validate and classify (text, tsv, jsonl, stdin)")
    func loop() throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try write(Self.training, "train.tsv", in: dir)
        let model = dir.appendingPathComponent("m.model").path

        let train = try StanceProcess.run(["train", "--data", data, "--output", model, "--ngrams", "2"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("vocabulary:"))
        #expect(train.stdout.contains("condemnation"))

        let evaluate = try StanceProcess.run(["evaluate", "--model", model, "--data", data, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["accuracy", "macro_f1", "weighted_f1", "per_class", "confusion"]))
        #expect((object["accuracy"] as? Double) == 1.0)

        let table = try StanceProcess.run(["evaluate", "--model", model, "--data", data])
        #expect(table.status == 0)
        #expect(table.stdout.contains("macro avg"))

        let cv = try StanceProcess.run(["cross-validate", "--data", data, "--folds", "2", "--json", "--seed", "7"])
        #expect(cv.status == 0, "\(cv.stderr)")
        let cvObject = try #require(JSONSerialization.jsonObject(with: Data(cv.stdout.utf8)) as? [String: Any])
        #expect(Set(cvObject.keys).isSuperset(of: ["accuracy", "accuracy_std", "macro_f1", "macro_f1_std", "folds"]))

        let article = try write("The minister condemned the attack. The council welcomed the agreement.\n", "a.txt", in: dir)
        let jsonl = try StanceProcess.run(["classify", "--model", model, "--format", "jsonl", article])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["label"] as? String == "condemnation")
        #expect(first["start"] as? Int == 0)
        #expect(first["end"] as? Int == 34)
        #expect(first["sentence"] as? String == "The minister condemned the attack.")
        let probabilities = try #require(first["probabilities"] as? [String: Double])
        #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-9)
        let second = try #require(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["label"] as? String == "support")
        #expect(second["start"] as? Int == 35)

        let tsv = try StanceProcess.run(["classify", "--model", model, "--format", "tsv", "--sentences"],
                                        input: "Exports rose in March.\nFarmers praised the plan.\n")
        #expect(tsv.status == 0, "\(tsv.stderr)")
        let rows = tsv.stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("index\tstart\tend\tlabel\tp_analysis\tp_condemnation\tp_support\tsentence"))
        #expect(rows[2].contains("\tsupport\t"))

        let text = try StanceProcess.run(["classify", "--model", model, article])
        #expect(text.status == 0)
        #expect(text.stdout.contains("2 sentences:"))
        #expect(text.stdout.contains("condemnation"))
    }

    /// Whether `stance train` takes `--threads` (parallel training).
    static let trainHasThreads = (try? StanceProcess.run(["train", "--help"]).stdout.contains("--threads")) ?? false

    /// Option sets covering each classifier, weighting, n-gram kind and pruning.
    static let determinismVariants: [[String]] = [
        ["--ngrams", "2"],
        ["--model", "complement", "--features", "binary", "--char-ngrams", "2-4", "--complement-norm"],
        ["--model", "bernoulli", "--stop-words", "english", "--max-features", "20", "--min-df", "1", "--seed", "9"],
        ["--features", "counts", "--sublinear-tf", "--norm", "l1", "--uniform-prior", "--max-df", "0.5"],
    ]

    @Test("the same data and options give a byte-identical model file, whatever the hash seed and BLAS threads",
          arguments: determinismVariants)
    func deterministic(options: [String]) throws {
        let dir = try StanceProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try write(Self.training, "train.tsv", in: dir)
        // Swift seeds Set and Dictionary hashing per process unless SWIFT_DETERMINISTIC_HASHING
        // is set, so runs with and without it catch any dependence on iteration order; OpenBLAS
        // runs with 1 and 2 threads, and so does training where `train` has `--threads`.
        let environments: [[String: String]] = [
            ["OPENBLAS_NUM_THREADS": "1"],
            ["OPENBLAS_NUM_THREADS": "2"],
            ["OPENBLAS_NUM_THREADS": "1", "SWIFT_DETERMINISTIC_HASHING": "1"],
        ]
        let threads: [[String]] = Self.trainHasThreads ? [["--threads", "1"], ["--threads", "2"], ["--threads", "2"]] : [[], [], []]
        var files: [Data] = []
        for (index, environment) in environments.enumerated() {
            let path = dir.appendingPathComponent("\(index).model").path
            let result = try StanceProcess.run(["train", "--data", data, "--output", path, "--quiet"] + options + threads[index],
                                               in: index == 1 ? dir : nil, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files.allSatisfy { $0 == files[0] }, "model bytes differ between runs with \(options)")
        #expect(files[0].count > 100)
    }

    @Test("every command documents its options and their defaults in --help")
    func help() throws {
        for command in ["train", "evaluate", "cross-validate", "classify", "split", "benchmark"] {
            let result = try StanceProcess.run([command, "--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
        }
        let train = try StanceProcess.run(["train", "--help"])
        for flag in ["--data", "--output", "--format", "--model", "--features", "--ngrams", "--alpha", "--min-df",
                     "--max-df", "--max-features", "--sublinear-tf", "--norm", "--stop-words", "--seed"] {
            #expect(train.stdout.contains(flag), "train --help lacks \(flag)")
        }
        let flat = train.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("default: multinomial)"))
        #expect(flat.contains("smoothing alpha (values below 1e-10 act as 1e-10). (default: 1.0)"))
    }
}

/// `stance benchmark` runs every pipeline case on generated data and each case's check passes.
@Suite struct BenchmarkCommandTests {
    @Test("pipeline benchmark: JSON lines, every case checked ok")
    func pipeline() throws {
        let result = try StanceProcess.run(["benchmark", "--megabytes", "0.05", "--repetitions", "1", "--json", "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try result.stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let cases = Set(rows.compactMap { $0["case"] as? String })
        for name in ["tokenize", "vectorizer-fit", "vectorizer-transform", "nb-fit", "score-sparse", "train-1-thread",
                     "train-2-threads", "model-encode-decode", "predict", "classify-seed-article"] {
            #expect(cases.contains(name), "missing case \(name)")
        }
        for row in rows { #expect(row["check"] as? String == "ok", "\(row)") }
    }
}
