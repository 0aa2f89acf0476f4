// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares. The language mode is Swift 6 (the default of tools version 6.1),
/// which checks concurrency completely; on top of it, `any` is required on existential types.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "rbn",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Messaging", targets: ["Messaging"]),
        .library(name: "Contracts", targets: ["Contracts"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .executable(name: "registry", targets: ["registry"]),
        .executable(name: "rbnctl", targets: ["rbnctl"]),
        .executable(name: "support-desk", targets: ["support-desk"]),
        .executable(name: "desk", targets: ["desk"]),
        .executable(name: "training", targets: ["training"]),
        .executable(name: "notification", targets: ["notification"]),
        .executable(name: "portal", targets: ["portal"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.4.0",
            traits: [.defaults, "CommandLineArguments"]),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // MARK: - Services

        .target(
            name: "RegistryService",
            dependencies: ["ServiceKit", "Contracts", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Registry/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "registry",
            dependencies: ["RegistryService", "ServiceKit"],
            path: "Services/Registry/Executable",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "SupportDeskService",
            dependencies: [
                "ServiceKit", "Contracts", "Directory", "MailParser", "LMTP",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/SupportDesk/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "support-desk",
            dependencies: ["SupportDeskService", "ServiceKit"],
            path: "Services/SupportDesk/Executable",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TrainingService",
            dependencies: ["ServiceKit", "Contracts", "Directory", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Training/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "training",
            dependencies: ["TrainingService", "ServiceKit"],
            path: "Services/Training/Executable",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "NotificationService",
            dependencies: [
                "ServiceKit", "Contracts", "PortalLinks", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Notification/Library",
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "notification",
            dependencies: ["NotificationService", "ServiceKit"],
            path: "Services/Notification/Executable",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "PortalService",
            dependencies: [
                "ServiceKit", "Contracts", "Messaging", "PortalLinks", "WebForms",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Portal/Library",
            resources: [.copy("Assets")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "portal",
            dependencies: ["PortalService", "ServiceKit"],
            path: "Services/Portal/Executable",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "CtlKit",
            dependencies: [
                "CLIKit", "Contracts", "Messaging", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Ctl/Library",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DeskKit",
            dependencies: [
                "CLIKit", "Contracts", "Messaging", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Desk/Library",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "desk",
            dependencies: ["DeskKit", "CLIKit"],
            path: "Services/Desk/Executable",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rbnctl",
            dependencies: ["CtlKit", "CLIKit"],
            path: "Services/Ctl/Executable",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChaosKit",
            dependencies: [
                "Contracts", "Messaging", "RBNTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "chaos/Kit",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rbn-chaos",
            dependencies: ["ChaosKit", "RBNTestSupport"],
            path: "chaos/Main",
            swiftSettings: swiftSettings
        ),
        // The service catalogue's generated files: broker definitions, deploy/, docs/asyncapi.yaml.
        .target(
            name: "Catalogue",
            dependencies: [
                "Contracts", "Messaging", "ServiceKit", "RegistryService", "SupportDeskService", "TrainingService",
                "NotificationService", "PortalService",
            ],
            path: "Services/Catalogue",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rbn-definitions",
            dependencies: ["Catalogue", "ServiceKit"],
            path: "Services/Ctl/Definitions",
            swiftSettings: swiftSettings
        ),

        // MARK: - Shared

        .target(
            name: "CLIKit",
            dependencies: [
                "Messaging", "Contracts", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Shared/CLIKit",
            swiftSettings: swiftSettings
        ),

        // Mail as RFC 5322 and MIME write it, for the support desk's intake; pure, no I/O.
        .target(
            name: "MailParser",
            path: "Shared/MailParser",
            swiftSettings: swiftSettings
        ),
        // An LMTP server (RFC 2033) on SwiftNIO, for mail an MTA hands over.
        .target(
            name: "LMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/LMTP",
            swiftSettings: swiftSettings
        ),

        // Forms as browsers post them (urlencoded and multipart), for the portal; pure, no I/O.
        .target(
            name: "WebForms",
            path: "Shared/WebForms",
            swiftSettings: swiftSettings
        ),
        // The portal's signed links: written into mails by the notification service, opened by the portal.
        .target(
            name: "PortalLinks",
            dependencies: ["ServiceKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/PortalLinks",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "Directory",
            dependencies: ["ServiceKit", "Contracts", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Shared/Directory",
            swiftSettings: swiftSettings
        ),

        .systemLibrary(
            name: "CAMQP",
            path: "Shared/CAMQP",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "CAMQP", "Contracts",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/Messaging",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Contracts",
            path: "Shared/Contracts",
            exclude: ["Messages/README.md"],
            resources: [.copy("Schemas")],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "ServiceKit",
            dependencies: [
                "Messaging",
                "Contracts",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: swiftSettings
        ),

        // MARK: - Fuzzing
        // The parsers that read outside input as fuzz targets; rbn-fuzz replays their corpora, and
        // `make fuzz` builds it with libFuzzer (-sanitize=fuzzer -DFUZZING).
        .target(
            name: "FuzzTargets",
            dependencies: ["Contracts", "Messaging", "CtlKit", "DeskKit", "MailParser", "LMTP", "WebForms"],
            path: "Tests/Fuzz/Targets",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rbn-fuzz",
            dependencies: ["FuzzTargets"],
            path: "Tests/Fuzz/Main",
            swiftSettings: swiftSettings
        ),

        // MARK: - Benchmarks

        .target(
            name: "BenchSupport",
            dependencies: ["Messaging", .product(name: "Logging", package: "swift-log")],
            path: "bench/Support",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-amqp",
            dependencies: ["Messaging", "BenchSupport"],
            path: "bench/amqp",
            exclude: ["baseline.c"],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "bench-desk",
            dependencies: [
                "BenchSupport", "Contracts", "ServiceKit", "SupportDeskService", "RBNTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "bench/desk",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-notify",
            dependencies: [
                "BenchSupport", "Contracts", "Messaging", "NotificationService", "RBNTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/notify",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-mail",
            dependencies: ["BenchSupport", "RBNTestSupport"],
            path: "bench/mail",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-portal",
            dependencies: ["BenchSupport", "RBNTestSupport", "PortalLinks"],
            path: "bench/portal",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-suite",
            dependencies: ["BenchSupport", "Contracts", "Messaging", "RBNTestSupport"],
            path: "bench/suite",
            exclude: ["chart.gp"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-service",
            dependencies: [
                "BenchSupport", "Contracts", "Messaging", "RBNTestSupport", "TestServiceKit",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "bench/service",
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        .target(
            name: "RBNTestSupport",
            dependencies: [
                "Messaging", "Contracts", "ServiceKit", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging", "RBNTestSupport"],
            path: "Tests/MessagingTests",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestServiceKit",
            dependencies: ["ServiceKit", "Contracts", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TestServiceKit",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "rbn-testservice",
            dependencies: ["ServiceKit", "TestServiceKit"],
            path: "Tests/TestService",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "Messaging", "Contracts", "RBNTestSupport", "TestServiceKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Tests/ServiceKitTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryServiceTests",
            dependencies: [
                "RegistryService", "ServiceKit", "Messaging", "Contracts", "RBNTestSupport", "CtlKit", "CLIKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/RegistryServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupportDeskServiceTests",
            dependencies: [
                "SupportDeskService", "RegistryService", "RBNTestSupport", "ServiceKit", "Contracts", "Messaging",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/SupportDeskServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrainingServiceTests",
            dependencies: ["TrainingService", "RBNTestSupport", "ServiceKit", "Contracts", "Messaging"],
            path: "Tests/TrainingServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotificationServiceTests",
            dependencies: [
                "NotificationService", "RBNTestSupport", "ServiceKit", "Contracts", "Messaging", "PortalLinks",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/NotificationServiceTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PortalTests",
            dependencies: ["PortalService", "PortalLinks", "WebForms", "Contracts", "RBNTestSupport"],
            path: "Tests/PortalTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeskTests",
            dependencies: ["DeskKit", "Contracts", "RBNTestSupport"],
            path: "Tests/DeskTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DocSnippetTests",
            dependencies: ["Contracts", "Messaging", "ServiceKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/DocSnippetTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LMTPTests",
            dependencies: ["LMTP", "RBNTestSupport"],
            path: "Tests/LMTPTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MailParserTests",
            dependencies: ["MailParser", "RBNTestSupport"],
            path: "Tests/MailParserTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CatalogueTests",
            dependencies: ["Catalogue", "Contracts", "ServiceKit", "RBNTestSupport"],
            path: "Tests/CatalogueTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "RBNTestSupport", "Catalogue", "ServiceKit", "Messaging", "Contracts", "RegistryService",
                "SupportDeskService",
                "TrainingService", "NotificationService", .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/SystemTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdversaryTests",
            dependencies: [
                "RBNTestSupport", "ServiceKit", "Contracts", "RegistryService", "SupportDeskService", "TrainingService",
                "NotificationService", "PortalService", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/AdversaryTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PortalBrowserTests",
            dependencies: [
                "RBNTestSupport", "ServiceKit", "Contracts", "RegistryService", "SupportDeskService", "TrainingService",
                "NotificationService", "PortalService", "PortalLinks",
            ],
            path: "Tests/PortalBrowserTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts", "RBNTestSupport", "FuzzTargets"],
            path: "Tests/ContractsTests",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
