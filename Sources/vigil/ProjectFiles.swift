import Foundation

/// Finds the files that ship with Vigil (`demo/`, `themes/`): beside the working directory first,
/// then beside the executable and its parent folders (`swift run` puts it in `.build/debug/`).
enum ProjectFiles {
    static func locate(_ relative: String) -> String? {
        var candidates = [FileManager.default.currentDirectoryPath]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        for base in candidates {
            let path = (base as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }
}
