// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for StanceKit. Build and run them with `scripts/fuzz/run [SECONDS]`; the
/// targets need `-sanitize=fuzzer` (libFuzzer supplies `main`), so a plain `swift build` here
/// does not link.
let fuzzTargets = [
    "FuzzTokenizer", "FuzzSentenceSplitter", "FuzzTSV", "FuzzCSV", "FuzzJSONL", "FuzzFastText", "FuzzModelFile",
]

let package = Package(
    name: "stance-fuzz",
    dependencies: [
        .package(name: "stance", path: "../.."),
    ],
    targets: [
        // MARK: - Implementation details
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CLibFuzzer", .product(name: "StanceKit", package: "stance")]
        ),
    ] + fuzzTargets.map { name in
        // MARK: - Fuzz targets
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: "StanceKit", package: "stance")]
        )
    }
)
