import Foundation
import GRDB
import Testing
@testable import VigilArray
@testable import VigilStore

/// A state is private (0700 directory, 0600 files) whatever the umask, and readable where it cannot
/// be written. (Tests/e2e/state-guard.sh runs the tools so: umask 000, a read-only copy read by an
/// unprivileged user, a read-only mount.)
@Suite(.serialized) struct StatePermissionTests {
    @Test func aStateIsPrivateUnderUmask000() throws {
        let home = StoreFixtures.tempDir("perm")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let dir = home + "/vigil/quickstart"
        // The umask is the process's: set only around the store's creation and first commits.
        let old = umask(0)
        let result = Result { () throws -> StateStore in
            let store = try StateStore(directory: dir, mode: .writer)
            let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: StoreFixtures.quickstart))
            sim.start()
            try store.checkpoint(sim)
            sim.run(until: sim.now + 3_600)
            try store.checkpoint(sim)
            return store
        }
        umask(old)
        let store = try result.get()
        for d in [home + "/vigil", dir] { #expect(StoreFixtures.mode(d) == 0o700, "\(d)") }
        for f in ["state.sqlite", "state.sqlite-wal", "state.sqlite-shm", "last-checkpoint", "writer.lock"] {
            #expect(StoreFixtures.mode(dir + "/" + f) == 0o600, "\(f): \(String(StoreFixtures.mode(dir + "/" + f) ?? 0, radix: 8))")
        }
        withExtendedLifetime(store) {}
    }

    /// An operator who opened a state to a group keeps it so: existing modes are left alone, and
    /// last-checkpoint (rewritten at every checkpoint) takes state.sqlite's mode.
    @Test func existingModesAreLeftAlone() throws {
        let dir = StoreFixtures.tempDir("perm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StoreFixtures.stored(dir, hours: 1)
        chmod(dir, 0o750)
        chmod(dir + "/state.sqlite", 0o640)
        try StoreFixtures.stored(dir, hours: 1)
        #expect(StoreFixtures.mode(dir) == 0o750)
        #expect(StoreFixtures.mode(dir + "/state.sqlite") == 0o640)
        #expect(StoreFixtures.mode(dir + "/last-checkpoint") == 0o640)
    }

    /// Where the directory cannot be written, a reader opens the database immutable (no -shm):
    /// the URI is escaped, so any path works.
    @Test func theImmutableURIReadsTheDatabase() throws {
        let dir = StoreFixtures.tempDir("perm") + "/a dir?with#odd%chars"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        try StoreFixtures.stored(dir, hours: 1)
        let uri = StateStore.immutableURI(dir + "/state.sqlite")
        #expect(uri.hasPrefix("file:///") && uri.hasSuffix("?immutable=1") && !uri.dropLast(12).contains("?"))
        var config = Configuration()
        config.readonly = true
        let pool = try DatabasePool(path: uri, configuration: config)
        #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT seq FROM sim_state") } == 2)
        try pool.close()
        #expect(try StateStore.readerPath(directory: dir) == dir + "/state.sqlite")  // writable here
    }
}
