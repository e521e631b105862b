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
         "x.toml:4: array.start: \"yesterday\" is not a UTC time (try \"2026-11-21T00:00:00Z\")"),
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
        #expect(throws: ScenarioError(file: "/nonexistent.toml", line: nil, path: "file", message: "cannot be read (does it exist?)")) {
            try ScenarioLoader.load(path: "/nonexistent.toml")
        }
    }
}
