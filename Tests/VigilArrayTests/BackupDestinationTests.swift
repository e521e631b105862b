import Foundation
import Testing
@testable import VigilArray

/// Destinations are typed (pool tier | remote array), and states stored when they were integers
/// (a tier index, or −(r + 1) for remote array r) still load as the same destinations.
@Suite struct BackupDestinationTests {
    @Test func storedFormIsKeyedAndRoundTrips() throws {
        for d in [BackupDestination.poolTier(0), .poolTier(3), .remoteArray(0), .remoteArray(2)] {
            let data = try JSONEncoder().encode(d)
            #expect(try JSONDecoder().decode(BackupDestination.self, from: data) == d)
        }
        #expect(String(decoding: try JSONEncoder().encode(BackupDestination.remoteArray(1)), as: UTF8.self) == #"{"remoteArray":1}"#)
    }

    @Test func legacyIntegersDecodeToTheSameDestination() throws {
        func decode(_ json: String) throws -> BackupDestination {
            try JSONDecoder().decode(BackupDestination.self, from: Data(json.utf8))
        }
        #expect(try decode("1") == .poolTier(1))
        #expect(try decode("-1") == .remoteArray(0))
        #expect(try decode("-3") == .remoteArray(2))
        // A damaged state's extreme value decodes without overflow: −(Int.min + 1) = Int.max.
        #expect(try decode("\(Int.min)") == .remoteArray(Int.max))
    }

    @Test func aStoredDecisionWithAnIntegerTierLoads() throws {
        let json = #"{"method":"incremental","tier":-1,"copyFunction":"incremental-copy","candidates":[],"reason":"r","needsSpace":false,"areaBytes":5}"#
        let d = try JSONDecoder().decode(BackupDecision.self, from: Data(json.utf8))
        #expect(d.destination == .remoteArray(0))
        let again = try JSONDecoder().decode(BackupDecision.self, from: try JSONEncoder().encode(d))
        #expect(again == d)
    }

    @Test func poolTiersOrderBeforeRemoteArrays() {
        #expect([BackupDestination.remoteArray(0), .poolTier(2), .poolTier(0)].sorted() == [.poolTier(0), .poolTier(2), .remoteArray(0)])
    }
}
