// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilArray", targets: ["VigilArray"]),
        // For the fuzz targets in Fuzz/ (the theme loader lives in the console library).
        .library(name: "VigilConsole", targets: ["VigilConsole"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The embedded array: disks, RAID groups, change tracking, the backup pool, the planner and
        // the simulated clock. It knows nothing of terminals; the console and the headless command
        // drive it through snapshots and commands.
        .target(
            name: "VigilArray",
            dependencies: [
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // The operator console: panes, modals, themes, the event loop. It draws into a cell buffer
        // and talks to a terminal only through the `TerminalBackend` protocol.
        .target(
            name: "VigilConsole",
            dependencies: ["VigilArray", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The array's durable state: SQLite through GRDB (checkpoints, the management-information
        // region, the command journal).
        .target(
            name: "VigilStore",
            dependencies: ["VigilArray", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // ncurses' wide-character API for Swift (a module map and a small shim header).
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The one backend that calls ncurses.
        .target(
            name: "VigilCurses",
            dependencies: ["VigilConsole", "CNcurses"]
        ),
        // The executable only parses arguments and wires the pieces together.
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilArray", "VigilConsole", "VigilCurses", "VigilStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "VigilArrayTests",
            dependencies: ["VigilArray"]
        ),
        .testTarget(
            name: "VigilStoreTests",
            dependencies: ["VigilStore", "VigilArray", .product(name: "GRDB", package: "GRDB.swift")],
            // Databases written by earlier Vigils, read in place by the migration tests.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "VigilConsoleTests",
            dependencies: [
                "VigilConsole", "VigilArray",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
    ]
)
