import Foundation
import Testing
@testable import VigilArray

/// Per-file-group backup (the third embodiment).
@Suite struct FileGroupTests {
    func demo() throws -> ArraySimulator {
        try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("file-groups.toml")))
    }

    @Test func writesOutsideAGroupsFilesLeaveItsCountsUntouched() throws {
        let sim = try demo()
        sim.start()
        sim.run(until: sim.now + 3_600)
        let reports = try #require(sim.volumes.firstIndex { $0.name == "fg:reports" })
        let mail = try #require(sim.volumes.firstIndex { $0.name == "fg:mail" })
        let fs01 = sim.volumes.firstIndex { $0.name == "fs-01" }!
        let before = (sim.trackers[reports].incrementalBytes, sim.trackers[mail].incrementalBytes)
        // reports' first file: LBA 2097152 (1 GiB) for 4 GiB; granules of 64 KiB: 16384 ..< 81920.
        let extents = sim.fileGroupExtents(onVolume: fs01)
        #expect(extents.first { $0.fileGroup == "fg:reports" }.map { ($0.start, $0.end) }! == (16_384, 81_920))
        // Outside every file: nothing counted for the file groups, the volume counts it.
        let fsBefore = sim.trackers[fs01].incrementalBytes
        sim.write(volume: fs01, start: 100_000, end: 100_500)
        #expect((sim.trackers[reports].incrementalBytes, sim.trackers[mail].incrementalBytes) == before)
        #expect(sim.trackers[fs01].incrementalBytes > fsBefore)
        // Straddling the start of the file: only the 100 granules inside count.
        sim.write(volume: fs01, start: 16_284, end: 16_484)
        #expect(sim.trackers[reports].incrementalBytes <= before.0 + 100 * 65_536)
        #expect(sim.trackers[reports].incrementalBytes > before.0)
        #expect(sim.trackers[mail].incrementalBytes == before.1)
    }

    @Test func fileGroupsBackUpOnTheFirstDayAndVerify() throws {
        let sim = try demo()
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 86_400)
        for name in ["fg:reports", "fg:mail"] {
            let decided = log.events.filter { if case .backupDecided(name, _, _, _, _) = $0.kind { true } else { false } }
            #expect(decided.count >= 5, "\(name): \(decided.count) decisions")
        }
        // A file group's generations hold only its files: 7.0 GB for reports, not 500 GiB.
        #expect(sim.generations(of: "fg:reports").first?.bytes == 6_979_321_856)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
        #expect(sim.groups.filter(\.isFileGroup).map(\.name) == ["reports", "mail"])
    }

    @Test func restoringAFileGroupInPlaceWritesItsExtentsBack() throws {
        let sim = try demo()
        let log = EventLog(sim)
        sim.start()
        // 07:00: the 06:00 mail backup has finished.
        sim.run(until: sim.startTime + 7 * 3_600)
        let gen = try #require(sim.generations(of: "fg:mail").last { $0.state == .complete })
        let fs02 = sim.volumes.firstIndex { $0.name == "fs-02" }!
        let fsBefore = sim.trackers[fs02].incrementalBytes
        #expect(refusal(sim.apply(.restore(volume: "fg:mail", generation: gen.number, target: nil))) == nil)
        sim.run(until: sim.now + 600)
        #expect(log.events.contains { if case .restoreVerified("fg:mail", gen.number, _, true, _, _) = $0.kind { true } else { false } })
        // The mail files' extents were written back on fs-02 (it will back them up again).
        #expect(sim.trackers[fs02].incrementalBytes > fsBefore)
    }

    @Test func aFileListLoadedAtRunTimeStartsItsGroupsWithAFull() throws {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml")))
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 3 * 3_600)
        let entries = [FileEntry(group: "dbfiles", file: "/db/a.dbf", lun: "db-01", lba: 0, blocks: 4_194_304),
                       FileEntry(group: "dbfiles", file: "/db/b.dbf", lun: "1", lba: 0, blocks: 2_097_152)]
        let spec = Scenario.GroupSpec(name: "dbfiles", objectives: RecoveryObjectives(interval: 1_800, generations: 4, rto: 600), mirror: false)
        // A list naming a volume that does not exist is refused and changes nothing.
        let bad = [FileEntry(group: "dbfiles", file: "/x", lun: "nope", lba: 0, blocks: 8)]
        #expect(refusal(sim.apply(.loadFileList(entries: bad, groups: [spec], source: "x.csv"))) == "dbfiles//x: LUN nope is not a volume of the array")
        #expect(sim.volumes.count == 5 && sim.groups.count == 3)
        #expect(refusal(sim.apply(.loadFileList(entries: entries, groups: [spec], source: "x.csv"))) == nil)
        let fg = try #require(sim.volumes.firstIndex { $0.name == "fg:dbfiles" })
        #expect(sim.volumes[fg].capacity == 3 << 30)  // 2 GiB + 1 GiB of extents
        // What the files already held is in the file group: its initial full starts at once.
        #expect(sim.trackers[fg].content.allRuns.isEmpty == false)
        #expect(log.events.last { $0.name == "backup.started" }.map { $0.textLine.contains("fg:dbfiles: generation 1 full") } == true)
        sim.run(until: sim.now + 2 * 3_600)
        #expect(sim.generations(of: "fg:dbfiles").count >= 3)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
    }

    @Test(arguments: [
        ("group,file,lun,lba,blocks\nreports,a,fs-01,1\n", "f.csv:2: file list: has 4 columns; expected group,file,lun,lba,blocks"),
        ("reports,a,fs-01,-5,10\n", "f.csv:1: lba: \"-5\" is not a block address (a whole number ≥ 0)"),
        ("reports,a,fs-01,0,zero\n", "f.csv:1: blocks: \"zero\" is not a block count (a whole number > 0)"),
        // Extents whose bytes do not fit in 64 bits (they trapped in lba * 512 and lba + blocks).
        ("reports,a,fs-01,9223372036854775807,1\n",
         "f.csv:1: blocks: the extent 9223372036854775807+1 ends beyond the largest block address (18014398509481983 blocks of 512 bytes)"),
        ("group,file,lun,lba,blocks\r\nreports,a,fs-01,0,8\r\nreports,b,fs-01,18014398509481983,1\r\n",
         "f.csv:3: blocks: the extent 18014398509481983+1 ends beyond the largest block address (18014398509481983 blocks of 512 bytes)"),
        ("reports,a,fs-01,99999999999999999999,1\n", "f.csv:1: lba: \"99999999999999999999\" is not a block address (a whole number ≥ 0)"),
        // Empty names, control characters, duplicates, broken quoting.
        ("reports,,fs-01,0,8\n", "f.csv:1: file: is empty"),
        ("reports,\"\",fs-01,0,8\n", "f.csv:1: file: is empty"),
        (",a,fs-01,0,8\n", "f.csv:1: group: is empty"),
        ("reports,a, ,0,8\n", "f.csv:1: lun: is empty"),
        ("reports,a\u{1B}[31m,fs-01,0,8\n", "f.csv:1: file list: a field holds the control character U+001B"),
        ("# note\nreports,\"a\u{0}b\",fs-01,0,8\n", "f.csv:2: file list: a field holds the control character U+0000"),
        ("reports,a\tb,fs-01,0,8\n", "f.csv:1: file list: a field holds the control character U+0009"),
        ("reports,\"a\u{202E}b\",fs-01,0,8\n", "f.csv:1: file list: a field holds the control character U+202E"),
        ("reports,a,fs-01,0,8\nmail,b,fs-02,0,8\r\nreports,a,fs-01,0,8\n", "f.csv:3: file list: repeats line 1"),
        ("reports,\"a\nb\",fs-01,0,8\n", "f.csv:1: file list: a quoted field runs past the end of the line (a line break is not allowed in a field)"),
        ("reports,\"a,fs-01,0,8", "f.csv:1: file list: a quoted field is never closed"),
        ("reports,\"a\"b,fs-01,0,8\n", "f.csv:1: file list: text after a closing quote (a quote inside a quoted field is written \"\")"),
        ("reports,a\"b,fs-01,0,8\n", "f.csv:1: file list: a quote inside a bare field (quote the whole field, doubling the quote)"),
        ("reports,\"a,b\",fs-01,0\n", "f.csv:1: file list: has 4 columns; expected group,file,lun,lba,blocks"),
    ])
    func badFileLists(csv: String, expected: String) {
        #expect(throws: ScenarioError.self) { try FileEntry.parseCSV(csv, file: "f.csv") }
        do { _ = try FileEntry.parseCSV(csv, file: "f.csv") } catch let e as ScenarioError { #expect(e.description == expected) } catch {}
    }

    @Test func csvFollowsRFC4180() throws {
        // CRLF with a header, quoted fields holding commas and doubled quotes, a BOM, blank and
        // comment lines, spaces around bare fields, no newline at the end.
        let csv = "\u{FEFF}group,file,lun,lba,blocks\r\n\r\n# the reports\r\nreports,\"/srv/a, b.db\",fs-01, 0 ,8\r\n"
            + "reports , \"say \"\"hi\"\".txt\" ,1,8,16\r\n\"group\",x,fs-01,100,1\rmail,/var/mail/ü.mbx,fs-02,0,8"
        let entries = try FileEntry.parseCSV(csv, file: "f.csv")
        #expect(entries == [
            FileEntry(group: "reports", file: "/srv/a, b.db", lun: "fs-01", lba: 0, blocks: 8),
            FileEntry(group: "reports", file: "say \"hi\".txt", lun: "1", lba: 8, blocks: 16),
            FileEntry(group: "group", file: "x", lun: "fs-01", lba: 100, blocks: 1),  // a quoted "group" is data
            FileEntry(group: "mail", file: "/var/mail/ü.mbx", lun: "fs-02", lba: 0, blocks: 8),
        ])
        // The largest extent that fits is accepted; its byte range is exact.
        let last = try FileEntry.parseCSV("g,f,0,\(FileEntry.blockLimit - 1),1\n", file: "f.csv")
        #expect(last.first?.byteRange?.end == FileEntry.blockLimit * 512)
        // Hand-built entries beyond 64 bits have no byte range (and a list holding one is refused).
        #expect(FileEntry(group: "g", file: "f", lun: "0", lba: .max, blocks: 1).byteRange == nil)
    }

    @Test func aRunTimeFileListOutOfRangeIsRefusedNotTrapped() throws {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml")))
        sim.start()
        let spec = Scenario.GroupSpec(name: "dbfiles", objectives: RecoveryObjectives(interval: 1_800, generations: 4, rto: 600), mirror: false)
        let huge = [FileEntry(group: "dbfiles", file: "/x", lun: "db-01", lba: .max, blocks: .max)]
        #expect(refusal(sim.apply(.loadFileList(entries: huge, groups: [spec], source: "x.csv")))?.contains("run past the end of db-01") == true)
    }

    @Test func aRunTimeFileListIsCheckedAgainstTheArraysVolumesAtItsLines() throws {
        let dir = NSTemporaryDirectory() + "vigil-fg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let toml = "[file_list]\npath = \"fl.csv\"\n\n[[file_groups]]\nname = \"dbfiles\"\nrpo = { interval = \"30m\" }\ngenerations = 4\nrto = \"10m\"\n"
        let volumes: [(name: String, lun: Int, capacity: Int64)] = [("db-01", 0, 1 << 30), ("db-02", 1, 1 << 30)]
        func problem(_ csv: String) -> String? {
            try? csv.write(toFile: dir + "/fl.csv", atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioLoader.parseFileGroups(toml, file: dir + "/f.toml", tiers: ["fc"], remotes: [], volumes: volumes)
                return nil
            } catch let e as ScenarioError { return e.description.replacingOccurrences(of: dir + "/", with: "") } catch { return "\(error)" }
        }
        #expect(problem("group,file,lun,lba,blocks\r\ndbfiles,a,db-01,0,8\r\ndbfiles,b,1,0,2097152\r\n") == nil)
        #expect(problem("dbfiles,a,db-01,0,8\ndbfiles,b,7,0,8\n") == "fl.csv:2: lun: file b: LUN 7 is not a volume of the array")
        #expect(problem("dbfiles,a,db-01,0,8\n\ndbfiles,b,db-02,18014398509481982,1\n") == "fl.csv:3: blocks: file b runs past the end of db-02")
    }

    @Test func aCRLFFileListLoadsInAScenario() throws {
        let dir = NSTemporaryDirectory() + "vigil-fg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = try String(contentsOfFile: DemoScenarioTests.demo("file-groups.csv"), encoding: .utf8)
        try csv.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: dir + "/file-groups.csv", atomically: true, encoding: .utf8)
        try String(contentsOfFile: DemoScenarioTests.demo("file-groups.toml"), encoding: .utf8)
            .write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
        let crlf = try ScenarioLoader.load(path: dir + "/s.toml")
        let lf = try ScenarioLoader.load(path: DemoScenarioTests.demo("file-groups.toml"))
        #expect(crlf.fileList == lf.fileList && crlf.fileList.count == 5)
    }

    @Test func fileListReferencesAreChecked() throws {
        let dir = NSTemporaryDirectory() + "vigil-fg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = try String(contentsOfFile: DemoScenarioTests.demo("file-groups.toml"), encoding: .utf8)
        func load(csv: String) throws -> Scenario {
            try csv.write(toFile: dir + "/file-groups.csv", atomically: true, encoding: .utf8)
            try base.write(toFile: dir + "/s.toml", atomically: true, encoding: .utf8)
            return try ScenarioLoader.load(path: dir + "/s.toml")
        }
        // Each names the file list's line.
        func problem(_ csv: String) -> String? {
            do { _ = try load(csv: csv); return nil } catch let e as ScenarioError { return e.description.replacingOccurrences(of: dir + "/", with: "") } catch { return "\(error)" }
        }
        #expect(problem("group,file,lun,lba,blocks\r\nreports,a,fs-09,0,8\nmail,b,fs-02,0,8\n")
                == "file-groups.csv:2: lun: file a: LUN fs-09 is not a volume (LUNs are 0…1 in [[volumes]] order, or a volume name)")
        #expect(problem("reports,a,fs-01,0,8\nmail,b,fs-02,0,8\n\nother,c,fs-01,0,8\n")
                == "file-groups.csv:4: group: file c belongs to \"other\", which no [[file_groups]] table defines")
        #expect(problem("reports,a,fs-01,0,8\nmail,b,fs-02,1073741824000,8\n") == "file-groups.csv:2: blocks: file b runs past the end of fs-02")
        let ok = try load(csv: "reports,a,0,0,8\nmail,b,1,0,8\n")  // LUN numbers work too
        #expect(ok.fileList.count == 2)
    }
}
