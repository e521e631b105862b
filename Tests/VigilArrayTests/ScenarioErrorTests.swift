import Foundation
import Testing
@testable import VigilArray

/// Each kind of bad scenario file gives its own error, naming file, line and key.
@Suite struct ScenarioErrorTests {
    /// Breaks `TestScenarios.validTOML` by replacing `old` with `new` and returns the error text.
    func error(_ old: String, _ new: String) -> String? {
        let valid = TestScenarios.validTOML
        let text = old.isEmpty ? valid + "\n" + new : valid.replacingOccurrences(of: old, with: new, options: [], range: valid.range(of: old))
        #expect(text != valid, "the mutation \(old) → \(new) did not apply")
        do {
            _ = try ScenarioLoader.parse(text, file: "x.toml")
            return nil
        } catch let e as ScenarioError {
            return e.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func theValidFileLoads() throws {
        let s = try ScenarioLoader.parse(TestScenarios.validTOML, file: "x.toml")
        #expect(s.volumes.map(\.name) == ["v1", "v2"])
        #expect(s.groups[0].objectives == RecoveryObjectives(interval: 3_600, generations: 5, rto: 1_800))
        #expect(s.workloads[0].pattern == .hotspot(fraction: 0.1, share: 0.9))
        #expect(s.workloads[0].bytesPerSecond == 2_000_000)
        #expect(s.spares == ["rg-spare"])
    }

    @Test(arguments: [
        // A size that is not one — the example of the issue.
        ("capacity = \"200GiB\"", "capacity = \"12QB\"",
         "x.toml:45: volumes[1].capacity: \"12QB\" is not a size (try \"2TiB\" or \"500GB\")"),
        // A key nobody reads is an error, not ignored.
        ("name = \"v1\"", "name = \"v1\"\ncolour = \"red\"",
         "x.toml:38: volumes[0].colour: unknown key (expected one of: capacity, granule, group, name, raid_group, read_mbps, write_mbps)"),
        // A required key left out: the line of its table.
        ("capacity = \"200GiB\"\ngroup = \"db\"", "capacity = \"200GiB\"",
         "x.toml:42: volumes[1].group: missing (expected a string)"),
        ("rto = \"30m\"", "rto = \"half an hour\"",
         "x.toml:34: groups[0].rto: \"half an hour\" is not a duration (try \"90m\", \"4h\" or \"1d\")"),
        ("layout = \"4D+1P\"", "layout = \"RAID7\"",
         "x.toml:7: raid_groups[0].layout: \"RAID7\" is not a RAID layout (try \"RAID1\", \"RAID10\", \"4D+1P\" or \"6D+2P\")"),
        ("disk_type = \"FC\"", "disk_type = \"TAPE\"",
         "x.toml:8: raid_groups[0].disk_type: \"TAPE\" is not a disk type (expected one of: FC, SAS, ATA, SATA, SSD, NVMe)"),
        ("raid_group = \"rg-data\"", "raid_group = \"rg-nope\"",
         "x.toml:38: volumes[0].raid_group: \"rg-nope\" is not a RAID group defined in [[raid_groups]]"),
        ("group = \"db\"", "group = \"web\"",
         "x.toml:40: volumes[0].group: \"web\" is not a group defined in [[groups]]"),
        ("name = \"v2\"", "name = \"v1\"",
         "x.toml:43: volumes[1].name: volume \"v1\" is defined twice"),
        ("capacity = \"200GiB\"", "capacity = \"3TB\"",
         "x.toml:45: volumes[1].capacity: volumes on rg-data need 2.8 TiB but it holds 2.2 TiB"),
        ("raid_group = \"rg-data\"", "raid_group = \"rg-pool\"",
         "x.toml:38: volumes[0].raid_group: \"rg-pool\" is used by pool tier sata; volumes need a data RAID group"),
        ("rpo = { interval = \"1h\" }", "rpo = { hour = \"25:00\" }",
         "x.toml:32: groups[0].rpo.hour: \"25:00\" is not a time of day (try \"12:00\" or \"03:30\")"),
        // Objectives hold the same bounds as the console's form and the setObjectives command.
        ("rto = \"30m\"", "rto = \"0s\"",
         "x.toml:34: groups[0].rto: must be at least 1s"),
        ("rpo = { interval = \"1h\" }", "rpo = { interval = \"4015020d\" }",
         "x.toml:32: groups[0].rpo.interval: must be at most 3650d"),
        ("generations = 5", "generations = 0",
         "x.toml:33: groups[0].generations: 0 is out of range (expected a whole number from 1 to 1000)"),
        ("generations = 5", "generations = \"five\"",
         "x.toml:33: groups[0].generations: \"five\" is not a whole number from 1 to 1000"),
        ("pattern = \"hotspot\"", "pattern = \"zigzag\"",
         "x.toml:51: workloads[0].pattern: \"zigzag\" is not a pattern (expected \"uniform\", \"hotspot\" or \"sequential\")"),
        ("hot_fraction = 0.1", "hot_fraction = 0.1\ndaily_curve = [1, 2]",
         "x.toml:53: workloads[0].daily_curve: has 2 values; it needs 24, one per hour (UTC)"),
        ("spares = [\"rg-spare\"]", "spares = [\"rg-x\"]",
         "x.toml:24: pool.spares: \"rg-x\" is not a RAID group defined in [[raid_groups]]"),
        ("seed = 3", "seed = 3\ngranule = \"60KiB\"",
         "x.toml:4: array.granule: 60 KiB is not a power of two of at least 4KiB (try \"64KiB\")"),
        ("pattern = \"hotspot\"", "pattern = \"uniform\"",
         "x.toml:52: workloads[0].hot_fraction: only applies to pattern = \"hotspot\""),
        ("", "[extras]\nx = 1",
         "x.toml:53: extras: unknown key (expected one of: array, disk_types, events, file_groups, file_list, groups, pool, raid_groups, remote_arrays, volumes, workloads)"),
        ("layout = \"4D+1P\"", "layout = \"RAID10\"",
         "x.toml:5: raid_groups[0].disks: RAID10 needs an even disk count of 4 or more (e.g. disks = 8)"),
        ("seed = 3", "seed = 3\nstart = \"yesterday\"",
         "x.toml:4: array.start: \"yesterday\" is not a UTC time (try \"2026-11-21T00:00:00Z\"; years 1970 to 9999, days that exist)"),
        ("rate = \"2MB/s\"", "rate = \"fast\"",
         "x.toml:50: workloads[0].rate: \"fast\" is not a rate (try \"20MB/s\"; a bare number is MB/s)"),
        ("volume = \"v1\"", "volume = \"v9\"",
         "x.toml:49: workloads[0].volume: \"v9\" is not a volume defined in [[volumes]]"),
        ("", "[[events]]\nat = \"1h\"\naction = \"explode\"",
         "x.toml:55: events[0].action: \"explode\" is not an action (expected \"degrade\", \"repair\", \"backup\", \"restore\", \"line-down\" or \"line-up\")"),
        ("", "[disk_types.TAPE]\nread_mbps = 5",
         "x.toml:53: disk_types.TAPE: unknown disk type (expected one of: FC, SAS, ATA, SATA, SSD, NVMe)"),
    ] as [(String, String, String)])
    func badFile(old: String, new: String, expected: String) {
        #expect(error(old, new) == expected)
    }

    /// Values that trapped (exit 132) or were silently wrong (issue 9): each now fails at its line
    /// with the bound said.
    @Test(arguments: [
        ("rto = \"30m\"", "rto = \"99999999999999999w\"",
         "x.toml:34: groups[0].rto: \"99999999999999999w\" is too long (must be at most 3650d)"),
        ("seed = 3", "seed = 3\nstart = \"9223372036854775807-01-01T00:00:00Z\"",
         "x.toml:4: array.start: \"9223372036854775807-01-01T00:00:00Z\" is not a UTC time (try \"2026-11-21T00:00:00Z\"; years 1970 to 9999, days that exist)"),
        ("seed = 3", "seed = 3\nstart = \"2026-02-31T00:00:00Z\"",
         "x.toml:4: array.start: \"2026-02-31T00:00:00Z\" is not a UTC time (try \"2026-11-21T00:00:00Z\"; years 1970 to 9999, days that exist)"),
        ("seed = 3", "seed = 3\nstart = \"12026-01-01T00:00:00Z\"",
         "x.toml:4: array.start: \"12026-01-01T00:00:00Z\" is not a UTC time (try \"2026-11-21T00:00:00Z\"; years 1970 to 9999, days that exist)"),
        ("layout = \"4D+1P\"\ndisk_type = \"FC\"\ndisk_size = \"600GB\"", "layout = \"30D+1P\"\ndisk_type = \"FC\"\ndisk_size = \"8000PB\"",
         "x.toml:9: raid_groups[0].disk_size: \"8000PB\" is more than 1PB, the largest allowed"),
        ("", "[[events]]\nat = \"15000000w\"\naction = \"backup\"\nvolume = \"v1\"",
         "x.toml:54: events[0].at: must be at most 36500d"),
        ("", "[[events]]\nat = \"99999999999999999999s\"\naction = \"backup\"\nvolume = \"v1\"",
         "x.toml:54: events[0].at: \"99999999999999999999s\" is too long (must be at most 36500d)"),
        ("rate = \"2MB/s\"", "rate = inf",
         "x.toml:50: workloads[0].rate: inf MB/s is more than 1000000 (1TB/s), the largest rate"),
        ("rate = \"2MB/s\"", "rate = 1e308",
         "x.toml:50: workloads[0].rate: 1e+308 MB/s is more than 1000000 (1TB/s), the largest rate"),
        ("rate = \"2MB/s\"", "rate = nan",
         "x.toml:50: workloads[0].rate: nan is not a rate (try \"20MB/s\"; a bare number is MB/s)"),
        ("rate = \"2MB/s\"", "rate = \"2EB/s\"",
         "x.toml:50: workloads[0].rate: \"2EB/s\" is more than 1TB/s, the largest rate"),
        ("hot_fraction = 0.1", "hot_fraction = 0.1\ndaily_curve = [inf,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
         "x.toml:53: workloads[0].daily_curve[0]: inf is not a number from 0 to 100"),
        ("hot_fraction = 0.1", "hot_fraction = 0.1\ndaily_curve = [1,1e308,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]",
         "x.toml:53: workloads[0].daily_curve[1]: 1e+308 is not a number from 0 to 100"),
        ("hot_fraction = 0.1", "hot_fraction = nan",
         "x.toml:52: workloads[0].hot_fraction: nan is out of range (expected a fraction of the volume in (0, 1])"),
        ("raid_groups = [\"rg-pool\"]", "raid_groups = [\"rg-pool\", \"rg-pool\"]",
         "x.toml:28: pool.tiers[0].raid_groups: \"rg-pool\" is listed twice (a RAID group counts once in a tier)"),
        ("spares = [\"rg-spare\"]", "spares = [\"rg-spare\", \"rg-spare\"]",
         "x.toml:24: pool.spares: \"rg-spare\" is listed twice"),
        ("name = \"v1\"", "name = \"v1\\u001b]0;pwned\\u0007\"",
         "x.toml:37: volumes[0].name: \"v1\\u{1B}]0;pwned\\u{7}\" holds the control character U+1B; names are printed on terminals, so control characters are not allowed"),
        ("name = \"t\"", "name = \"t\\u001b[2J\"",
         "x.toml:2: array.name: \"t\\u{1B}[2J\" holds the control character U+1B; names are printed on terminals, so control characters are not allowed"),
        ("name = \"db\"", "name = \"d\\tb\"",
         "x.toml:31: groups[0].name: \"d\\u{9}b\" holds the control character U+9; names are printed on terminals, so control characters are not allowed"),
        ("name = \"t\"", "name = \"../../../elsewhere/x\"",
         "x.toml:2: array.name: \"../../../elsewhere/x\" cannot be used as the state folder's name: no '/', '\\' or leading '.'"),
        ("name = \"t\"", "name = \"\"",
         "x.toml:2: array.name: a name cannot be empty"),
        ("rate = \"2MB/s\"", "rate = \"5GB/s\"",
         "x.toml:50: workloads[0].rate: writes 5000.0 MB/s, more than volume v1 takes (476.0 MB/s, the write speed of rg-data)"),
        ("rate = \"2MB/s\"", "rate = \"5MB/s\"\ndaily_curve = [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,100]",
         "x.toml:50: workloads[0].rate: writes 500.0 MB/s at the daily curve's peak factor 100, more than volume v1 takes (476.0 MB/s, the write speed of rg-data)"),
        ("rate = \"2MB/s\"", "rate = \"2MB/s\"\nio_size = \"1TiB\"",
         "x.toml:51: workloads[0].io_size: 1 TiB is larger than volume v1 (100 GiB); one write cannot be bigger than the volume"),
    ] as [(String, String, String)])
    func valuesThatTrappedOrWereWronglyAccepted(old: String, new: String, expected: String) {
        #expect(error(old, new) == expected)
    }

    @Test(arguments: ["\"infms\"", "\"1e308s\"", "\"nanms\"", "\"-1s\""])
    func nonFiniteOrAbsurdLatenciesAreRejected(latency: String) {
        let remote = "[[remote_arrays]]\nid = \"dr\"\n[[remote_arrays.raid_groups]]\nname = \"r1\"\nlayout = \"4D+1P\"\ndisk_type = \"SATA\"\ndisk_size = \"2TB\"\n[[remote_arrays.lines]]\nmbps = 100\nlatency = \(latency)"
        let message = error("", remote)
        #expect(message?.hasPrefix("x.toml:62: remote_arrays[0].lines[0].latency: \(latency) is ") == true, "\(message ?? "accepted")")
    }

    @Test func syntaxErrorsCarryTheParsersLine() {
        let message = error("seed = 3", "seed = = 3")
        #expect(message?.hasPrefix("x.toml:3: syntax: ") == true, "\(message ?? "no error")")
    }

    /// Half-typed table headers used to abort the process (an assertion in toml++'s parse_key, exit
    /// 134): they are found before the library sees the text (issue 9).
    @Test(arguments: [
        ("[\n", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found the end of the line"),
        ("[\r\n", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found a carriage return"),
        ("[#", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found '#'"),
        ("[=", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found '='"),
        ("[", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found the end of the file"),
        ("[[ .", "x.toml:1: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found '.'"),
        ("# c\n  [ \t{", "x.toml:2: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found '{'"),
        ("[array]\nname = \"a\"\n[\u{3000}x]", "x.toml:3: syntax: a table header needs a name after '[' (like [array] or [[volumes]]), found U+3000"),
        ("[array]\nname = \"a\u{0}b\"", "x.toml:2: syntax: holds a NUL byte (U+0000); a TOML file is text"),
        // An array element starting with '}' or a Unicode line break asserted in parse_value.
        ("a = [}]", "x.toml:1: syntax: '}' closes '[' (an array needs ']')"),
        ("a = [1,\n # c\n }]", "x.toml:3: syntax: '}' closes '[' (an array needs ']')"),
        ("a = [\u{2028}]", "x.toml:1: syntax: holds U+2028, a line break TOML does not allow outside strings"),
        ("a = [\u{85}]", "x.toml:1: syntax: holds U+0085, a line break TOML does not allow outside strings"),
        // Found by the CI fuzz smoke after the theme reader's coverage changed: a date, a space and a
        // one-digit "hour" before the value ends asserted in toml++ (exit 77 from the harness).
        ("a = 2010-21-25 2", "x.toml:1: syntax: a date-time needs a time (HH:MM:SS) after the space, found '2' then the end of the file"),
        ("a = [2010-01-25 2]", "x.toml:1: syntax: a date-time needs a time (HH:MM:SS) after the space, found '2' then ']'"),
    ] as [(String, String)])
    func textTheTOMLLibraryWouldAbortOnIsRejected(text: String, expected: String) {
        do {
            _ = try ScenarioLoader.parse(text, file: "x.toml")
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect("\(error)" == expected)
        }
        // The whole valid scenario with the bad text after it fails the same way, at its line.
        let lines = TestScenarios.validTOML.components(separatedBy: "\n").count
        do {
            _ = try ScenarioLoader.parse(TestScenarios.validTOML + "\n" + text, file: "x.toml")
            Issue.record("accepted after the valid file")
        } catch let e as ScenarioError {
            #expect(e.path == "syntax")
            #expect((e.line ?? 0) >= lines)
        } catch { Issue.record("\(error)") }
    }

    /// Brackets inside values, strings and comments are not table headers.
    @Test func bracketsInsideValuesAreNotHeaders() throws {
        let text = "a = [\n[\n1],\n[ ]\n]\nb = \"\"\"\n[\n\"\"\"\nc = '''\n[#\n'''\nd = \"[\" # [\n[ \"t\" ]\ne = { f = [\n] }\n"
        #expect(TOMLInput.check(text) == nil)
        _ = try TOMLInput.parse(text, file: "x.toml")
    }

    /// A CRLF scenario keeps its line numbers.
    @Test func crlfFilesKeepTheirLineNumbers() {
        let text = TestScenarios.validTOML.replacingOccurrences(of: "capacity = \"200GiB\"", with: "capacity = \"12QB\"")
            .replacingOccurrences(of: "\n", with: "\r\n")
        do {
            _ = try ScenarioLoader.parse(text, file: "x.toml")
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "x.toml:45: volumes[1].capacity: \"12QB\" is not a size (try \"2TiB\" or \"500GB\")")
        }
    }

    @Test func aMissingFileIsReported() {
        #expect(throws: ScenarioError(file: "/nonexistent.toml", line: nil, path: "file", message: "cannot be read (does it exist?)", missingFile: true)) {
            try ScenarioLoader.load(path: "/nonexistent.toml")
        }
    }

    /// A file list the scenario names but that is not there is "no input" (exit 66), with the
    /// scenario's line; one that is there but not text is bad data (65).
    @Test func aMissingFileListIsNoInputAndABinaryOneIsBadData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fl-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOf: DemoScenarioTests.root.appendingPathComponent("demo/file-groups.toml"), encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.toml").path
        try base.replacingOccurrences(of: "file-groups.csv", with: "absent.csv").write(toFile: scenario, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: scenario)
            Issue.record("accepted a missing file list")
        } catch let e as ScenarioError {
            #expect(e.missingFile)
            #expect(e.description == "\(scenario):50: file_list.path: \"absent.csv\" cannot be read (looked for \(dir.path)/absent.csv)")
        }
        try Data([0x67, 0xff, 0xfe, 0x0a]).write(to: dir.appendingPathComponent("absent.csv"))
        do {
            _ = try ScenarioLoader.load(path: scenario)
            Issue.record("accepted a file list that is not text")
        } catch let e as ScenarioError {
            #expect(!e.missingFile)
            #expect(e.message.contains("is not UTF-8 text"))
        }
    }
}
