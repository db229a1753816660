// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "stance",
    products: [
        // MARK: - Public API
        .library(name: "StanceKit", targets: ["StanceKit"]),
        // MARK: - Command-line tool
        .executable(name: "stance", targets: ["stance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: - Implementation details
        // OpenBLAS's routine types; the library itself is loaded on first use with dlopen
        // (StanceKit/Linear/OpenBLASLibrary.swift), not linked: see COpenBLAS/shim.h.
        .systemLibrary(name: "COpenBLAS"),
        // MARK: - Public API
        .target(
            name: "StanceKit",
            dependencies: ["COpenBLAS"]
        ),
        // MARK: - Command-line tool
        .executableTarget(
            name: "stance",
            dependencies: [
                "StanceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // MARK: - Tests
        .testTarget(
            name: "StanceKitTests",
            dependencies: ["StanceKit"],
            exclude: ["Text/splitter-cases.json", "Fixtures/sklearn_parity.py"]
        ),
        .testTarget(name: "StanceCLITests", dependencies: ["stance", "StanceKit"]),
    ]
)
