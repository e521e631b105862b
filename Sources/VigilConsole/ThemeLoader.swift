import Foundation
import TOMLKit
import VigilArray

/// Finds and reads theme files (TOML: `name`, then `[colors]` mapping roles to colours).
///
/// A partial theme falls back to the default per role. A bad role or colour is reported with its
/// file and line and skipped; the rest of the theme still applies.
public enum ThemeLoader {
    public struct Loaded: Sendable {
        public var theme: Theme
        public var warnings: [String]
        /// The file is not TOML the theme loader can read: nothing of it applies.
        public var unreadable = false
    }

    /// Reads a theme file's text.
    public static func parse(_ text: String, file: String) -> Loaded {
        var warnings: [String] = []
        let index = TOMLLineIndex(text: text)
        func warn(_ path: String, _ message: String) {
            warnings.append("\(file)\(index.line(of: path).map { ":\($0)" } ?? ""): \(path): \(message)")
        }
        let root: TOMLTable
        do {
            root = try TOMLInput.parse(text, file: file)
        } catch {
            // Never handed to the library when it would abort (see TOMLInput); the file is skipped.
            return Loaded(theme: Theme(name: file, entries: [:]), warnings: ["\(error); using the default theme"], unreadable: true)
        }
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var theme = Theme(name: fallbackName, entries: [:])
        if let name = root["name"]?.string {
            // The name is shown in the status bar: no control characters (terminal escapes).
            if name.isEmpty || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                warn("name", "holds control characters or is empty; using \(fallbackName)")
            } else {
                theme.name = name
            }
        }
        for key in root.keys.sorted() where key != "name" && key != "colors" && key != "description" {
            warn(key, "unknown key (expected name, description, colors); skipped")
        }
        guard let colors = root["colors"]?.table else {
            if root["colors"] != nil { warn("colors", "must be a table of role = colour; skipped") }
            return Loaded(theme: theme, warnings: warnings)
        }
        let roles = ColorRole.allCases.map(\.rawValue).joined(separator: ", ")
        for key in colors.keys.sorted() {
            let path = "colors.\(key)"
            guard let role = ColorRole(rawValue: key) else {
                warn(path, "unknown role (expected one of: \(roles)); skipped")
                continue
            }
            let value = colors[key]!
            if let s = value.string {
                guard let c = ThemeColor.parse(s) else {
                    warn(path, "\"\(s)\" is not a colour (try \"red\", \"bright_blue\", \"#ff8800\" or 0–255); skipped")
                    continue
                }
                theme.entries[role] = Theme.Entry(c)
            } else if let i = value.int {
                guard (0...255).contains(i) else { warn(path, "\(i) is not a palette index 0–255; skipped"); continue }
                theme.entries[role] = Theme.Entry(.indexed(i))
            } else if let t = value.table {
                var entry = Theme.Entry(.terminalDefault)
                var ok = true
                for (k, v) in [("fg", t["fg"]), ("bg", t["bg"])] {
                    guard let v else { continue }
                    if let s = v.string, let c = ThemeColor.parse(s) {
                        if k == "fg" { entry.fg = c } else { entry.bg = c }
                    } else if let i = v.int, (0...255).contains(i) {
                        if k == "fg" { entry.fg = .indexed(i) } else { entry.bg = .indexed(i) }
                    } else {
                        warn("\(path).\(k)", "is not a colour; role skipped")
                        ok = false
                    }
                }
                if let b = t["bold"] {
                    if let b = b.bool { entry.bold = b } else { warn("\(path).bold", "must be true or false; role skipped"); ok = false }
                }
                for k in t.keys.sorted() where !["fg", "bg", "bold"].contains(k) {
                    warn("\(path).\(k)", "unknown key (expected fg, bg, bold); role skipped")
                    ok = false
                }
                if ok { theme.entries[role] = entry }
            } else {
                warn(path, "must be a colour or { fg = …, bg = …, bold = … }; skipped")
            }
        }
        return Loaded(theme: theme, warnings: warnings)
    }

    /// The folders themes are looked for in, first match wins: the user's
    /// (`$XDG_CONFIG_HOME/vigil/themes`, default `~/.config/vigil/themes`), then the shipped ones.
    public static func searchPaths(environment env: [String: String], shipped: String?) -> [String] {
        var paths: [String] = []
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append("\(xdg)/vigil/themes")
        } else if let home = env["HOME"], !home.isEmpty {
            paths.append("\(home)/.config/vigil/themes")
        }
        if let shipped { paths.append(shipped) }
        return paths
    }

    /// Every theme name found, sorted, with where it comes from.
    public static func available(in paths: [String]) -> [(name: String, path: String)] {
        var seen: [String: String] = [:]
        for dir in paths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files.sorted() where f.hasSuffix(".toml") {
                let name = String(f.dropLast(5))
                if seen[name] == nil { seen[name] = "\(dir)/\(f)" }
            }
        }
        if seen["default"] == nil { seen["default"] = "(built in)" }
        return seen.keys.sorted().map { ($0, seen[$0]!) }
    }

    /// Resolves `--theme NAME|PATH`: a path to a file, or a name in the search paths. "default"
    /// always resolves (built in). Nil when nothing matches.
    public static func load(_ nameOrPath: String, paths: [String]) -> Loaded? {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            guard let data = FileManager.default.contents(atPath: nameOrPath), let text = String(data: data, encoding: .utf8) else { return nil }
            return parse(text, file: nameOrPath)
        }
        for dir in paths {
            let file = "\(dir)/\(nameOrPath).toml"
            if let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) {
                return parse(text, file: file)
            }
        }
        return nameOrPath == "default" ? Loaded(theme: .builtinDefault, warnings: []) : nil
    }
}
