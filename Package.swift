// swift-tools-version:6.0
import PackageDescription

// Module layers follow DESIGN.md §4: a target may depend only on targets below it.
let package = Package(
    name: "Ceiling",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ceiling", targets: ["ceiling"]),
        .executable(name: "ceiling-bench", targets: ["ceiling-bench"]),
        .library(name: "Ceiling", targets: ["Tensor", "Model", "Tokenizer", "Feedback", "Train", "Reward", "Optimize", "Mismatch", "Report", "Label", "Pipeline", "Statistics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "pkg-config"])]
        ),
        // Foundation only: estimates, differences with their standard errors, target tests, intervals.
        .target(name: "Statistics"),
        .target(name: "Tensor", dependencies: ["COpenBLAS"]),
        .target(name: "Model", dependencies: ["Tensor"]),
        .target(name: "Tokenizer"),
        .target(name: "Feedback", dependencies: ["Tensor", "Tokenizer"]),
        .target(name: "Train", dependencies: ["Tensor", "Model", "Tokenizer", "Feedback"]),
        .target(name: "Reward", dependencies: ["Tensor", "Model", "Tokenizer", "Feedback", "Train"]),
        .target(name: "Optimize", dependencies: ["Tensor", "Model", "Tokenizer", "Feedback", "Train", "Reward", "Statistics"]),
        .target(name: "Mismatch", dependencies: ["Statistics"]),
        .target(name: "Report", dependencies: ["Mismatch", "Optimize", "Reward", "Train", "Model", "Feedback", "Tensor"]),
        .target(name: "Pipeline", dependencies: ["Report", "Mismatch", "Optimize", "Reward", "Train", "Model", "Feedback", "Tensor"]),
        .target(
            name: "Label",
            dependencies: [
                "Feedback",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ceiling",
            dependencies: [
                "Tensor", "Model", "Tokenizer", "Feedback", "Train", "Reward", "Optimize", "Mismatch", "Report", "Label", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ceiling-bench",
            dependencies: ["Tensor", "Model", "Tokenizer", "Feedback", "Train", "Reward", "Optimize", "COpenBLAS"]
        ),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Tensor"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "Tensor"]),
        .testTarget(name: "FeedbackTests", dependencies: ["Feedback", "Tokenizer", "Tensor"]),
        .testTarget(name: "RewardTests", dependencies: ["Reward", "Train", "Model", "Tensor", "Tokenizer", "Feedback"]),
        .testTarget(name: "MismatchTests", dependencies: ["Mismatch", "Statistics"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Mismatch", "Optimize", "Train", "Model", "Feedback", "Tokenizer", "Tensor"]),
        .testTarget(name: "OptimizeTests", dependencies: ["Optimize", "Reward", "Train", "Model", "Tensor", "Tokenizer", "Feedback"]),
        .testTarget(
            name: "LabelTests",
            dependencies: [
                "Label", "Feedback",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Mismatch", "Optimize"]),
        .testTarget(name: "TrainTests", dependencies: ["Train", "Model", "Tensor", "Tokenizer", "Feedback"]),
    ],
    swiftLanguageModes: [.v5]
)
