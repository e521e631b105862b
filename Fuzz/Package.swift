// swift-tools-version: 6.0
// Fuzz targets for Vigil's input readers, apart from the main package so that its build is not
// affected: each target is a libFuzzer executable (`swift build -Xswiftc -sanitize=fuzzer
// -Xswiftc -parse-as-library`, see scripts/fuzz.sh) whose LLVMFuzzerTestOneInput hands the bytes
// to one reader. A crash, a trap or a hang (> 2 s) is a finding; a thrown error is the right answer.
import PackageDescription

let package = Package(
    name: "VigilFuzz",
    dependencies: [.package(name: "Vigil", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzDriver", .product(name: "VigilArray", package: "Vigil")]),
        .executableTarget(name: "FuzzTheme", dependencies: ["FuzzDriver", .product(name: "VigilConsole", package: "Vigil")]),
        .executableTarget(name: "FuzzFileList", dependencies: ["FuzzDriver", .product(name: "VigilArray", package: "Vigil")]),
        .executableTarget(name: "FuzzValues", dependencies: ["FuzzDriver", .product(name: "VigilArray", package: "Vigil")]),
    ]
)
