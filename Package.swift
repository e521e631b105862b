// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .library(name: "VigilArray", targets: ["VigilArray"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
        // The executable only parses arguments and wires the pieces together.
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilArray",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "VigilArrayTests",
            dependencies: ["VigilArray"]
        ),
    ]
)
