// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "rbn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Messaging", targets: ["Messaging"]),
        .library(name: "Contracts", targets: ["Contracts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2")
    ],
    targets: [
        // MARK: - Shared

        .systemLibrary(
            name: "CAMQP",
            path: "Shared/CAMQP",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "CAMQP",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Messaging",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Contracts",
            dependencies: ["Messaging"],
            path: "Shared/Contracts",
            exclude: ["Messages/README.md"],
            resources: [.copy("Schemas")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Benchmarks

        .executableTarget(
            name: "bench-amqp",
            dependencies: ["Messaging"],
            path: "bench/amqp",
            exclude: ["baseline.c"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .target(
            name: "RBNTestSupport",
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging", "RBNTestSupport"],
            path: "Tests/MessagingTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts", "RBNTestSupport"],
            path: "Tests/ContractsTests",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
