import Foundation
import Testing
@testable import VigilConsole

/// Theme inputs that once crashed the theme fuzz target (`Fuzz/regressions/FuzzTheme/`): every one
/// gives a theme (the default where nothing could be read) and says what was wrong, never an abort.
@Suite struct ThemeFuzzRegressionTests {
    @Test func themeInputsThatOnceCrashed() throws {
        let dir = ConsoleFixtures.root.appendingPathComponent("Fuzz/regressions/FuzzTheme")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty, "the regression corpus is in the checkout")
        for name in names {
            let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self)
            let loaded = ThemeLoader.parse(text, file: name)
            #expect(!loaded.warnings.isEmpty, "\(name): a broken theme says what is wrong")
        }
    }
}
