import Foundation
import Testing
import VigilArray
@testable import VigilStore

/// The compact binary coder: every Codable shape the project uses round-trips, the simulator's
/// state comes back identical, and damaged input throws instead of trapping.
@Suite struct CompactCoderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func roundTrip<T: Codable>(_ value: T) throws -> T {
        try CompactDecoder().decode(T.self, from: CompactEncoder().encode(value))
    }

    // MARK: Primitives

    @Test func integersAtTheirExtremes() throws {
        for v in [Int.min, Int.min + 1, -129, -128, -1, 0, 1, 127, 128, 255, 256, 16_383, 16_384, Int.max - 1, Int.max] {
            #expect(try roundTrip(v) == v)
            #expect(try roundTrip([v]) == [v])
            #expect(try roundTrip(["k": v]) == ["k": v])
        }
        for v in [UInt64.min, 1, 127, 128, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max] {
            #expect(try roundTrip(v) == v)
            #expect(try roundTrip([v]) == [v])
        }
        #expect(try roundTrip([Int8.min, -1, 0, Int8.max]) == [Int8.min, -1, 0, Int8.max])
        #expect(try roundTrip([Int16.min, Int16.max]) == [Int16.min, Int16.max])
        #expect(try roundTrip([Int32.min, Int32.max]) == [Int32.min, Int32.max])
        #expect(try roundTrip([Int64.min, Int64.max]) == [Int64.min, Int64.max])
        #expect(try roundTrip([UInt8.min, UInt8.max]) == [UInt8.min, UInt8.max])
        #expect(try roundTrip([UInt16.min, UInt16.max]) == [UInt16.min, UInt16.max])
        #expect(try roundTrip([UInt32.max]) == [UInt32.max])
        #expect(try roundTrip([UInt.max]) == [UInt.max])
        #expect(try roundTrip(AllPrimitives.extreme) == AllPrimitives.extreme)
        #expect(try roundTrip(AllPrimitives.zero) == AllPrimitives.zero)
    }

    @Test func doublesKeepTheirBits() throws {
        let doubles: [Double] = [0, -0.0, 1, -1.5, .pi, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                 -.leastNormalMagnitude, .nan, -.nan, .signalingNaN, Double(bitPattern: 0x7FF8_0000_DEAD_BEEF),
                                 Double(bitPattern: 0xFFF0_0000_0000_0001)]
        for d in doubles {
            #expect(try roundTrip(d).bitPattern == d.bitPattern)
            #expect(try roundTrip([d]).map(\.bitPattern) == [d.bitPattern])
            #expect(try roundTrip(["x": d])["x"]?.bitPattern == d.bitPattern)
        }
        let floats: [Float] = [0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, Float(bitPattern: 0x7FC0_1234)]
        for f in floats {
            #expect(try roundTrip(f).bitPattern == f.bitPattern)
            #expect(try roundTrip([f]).map(\.bitPattern) == [f.bitPattern])
        }
    }

    @Test func strings() throws {
        let long = String(repeating: "ünïcødé ✓ ", count: 2_000)  // a multi-byte length, and a grown buffer
        for s in ["", "a", "\0", "é", "日本語", "👩‍👩‍👧‍👦", "line\nbreak \"quoted\"", String(repeating: "x", count: 127),
                  String(repeating: "x", count: 128), long] {
            #expect(try roundTrip(s) == s)
            #expect(try roundTrip([s, s]) == [s, s])
            #expect(try roundTrip([s: s]) == [s: s])  // as a key too
        }
        #expect(try roundTrip([true, false]) == [true, false])
    }

    // MARK: Shapes

    @Test func optionalsIncludingNested() throws {
        for v in [Optionals(a: nil, b: nil, c: nil, d: nil), Optionals(a: 0, b: .some(nil), c: "", d: .some(nil)),
                  Optionals(a: -5, b: .some(.some(7)), c: "é", d: .some(.some(Inner(x: 1, y: [2]))))] {
            #expect(try roundTrip(v) == v)
        }
        // Absent optionals are written (as nil), so `contains` sees them.
        let present = try CompactDecoder().decode(KeyProbe.self, from: CompactEncoder().encode(Optionals(a: nil, b: nil, c: nil, d: nil)))
        #expect(present.keys == ["a", "b", "c", "d"])
        #expect(try roundTrip([1, nil, 3] as [Int?]) == [1, nil, 3])
        #expect(try roundTrip([nil, Inner(x: 0, y: [])] as [Inner?]) == [nil, Inner(x: 0, y: [])])
        #expect(try roundTrip(Int?.none) == nil)
        #expect(try roundTrip(Int?.some(4)) == 4)
    }

    @Test func arraysAndDictionaries() throws {
        #expect(try roundTrip([Int]()) == [])
        #expect(try roundTrip([[Int]]()) == [])
        #expect(try roundTrip([[1, 2], [], [3]]) == [[1, 2], [], [3]])
        let big = (0..<5_000).map { $0 * 7919 - 1_000_000 }
        #expect(try roundTrip(big) == big)
        #expect(try roundTrip(["a": 1, "b": 2, "": 3]) == ["a": 1, "b": 2, "": 3])
        let intKeyed: [Int: String] = [-1: "minus", 0: "zero", Int.max: "max", 42: ""]
        #expect(try roundTrip(intKeyed) == intKeyed)
        let structs: [Int: Inner] = Dictionary(uniqueKeysWithValues: (0..<300).map { ($0, Inner(x: $0, y: [$0, -$0])) })
        #expect(try roundTrip(structs) == structs)
        // Keys that are neither String nor Int: an unkeyed container of alternating keys and values.
        let other: [UInt8: [String]] = [1: ["a"], 200: [], 0: ["b", "c"]]
        #expect(try roundTrip(other) == other)
        let byEnum: [Suit: Int] = [.hearts: 1, .spades: 2]
        #expect(try roundTrip(byEnum) == byEnum)
        let nested: [String: [Int: [Double]]] = ["x": [1: [0.5], 2: []], "y": [:]]
        #expect(try roundTrip(nested) == nested)
    }

    @Test func enumsStructsAndTheArraysOwnTypes() throws {
        let shapes: [Shape] = [.empty, .circle(radius: 2.5), .rect(1, 2), .labelled("é", tag: nil), .labelled("", tag: 3), .nested(.circle(radius: 0))]
        #expect(try roundTrip(shapes) == shapes)
        #expect(try roundTrip(Suit.allCases) == Suit.allCases)
        let outer = Outer(name: "o", inner: Inner(x: 1, y: [1, 2, 3]), list: [Inner(x: 2, y: []), Inner(x: 3, y: [4])],
                          shape: .rect(3, 4), suit: .clubs, empty: Empty())
        #expect(try roundTrip(outer) == outer)
        let destinations: [BackupDestination] = [.poolTier(0), .poolTier(3), .remoteArray(1)]
        #expect(try roundTrip(destinations) == destinations)
    }

    @Test func classHierarchyThroughSuperEncoder() throws {
        let d = Derived(id: 7, name: "base part", extra: [1, 2, 3], flag: true)
        let back = try roundTrip(d)
        #expect(back.id == 7 && back.name == "base part" && back.extra == [1, 2, 3] && back.flag)
        let list = try roundTrip([d, Derived(id: -1, name: "", extra: [], flag: false)])
        #expect(list.map(\.id) == [7, -1] && list.map(\.flag) == [true, false])
    }

    @Test func nestedContainersAndSuperEncodersUsedInSequence() throws {
        let m = Mixed(a: 1, pairs: [(1, "one"), (2, "two")], tail: "end", sub: Inner(x: 9, y: [8]), children: [Inner(x: 1, y: [])])
        let back = try roundTrip(m)
        #expect(back == m)
    }

    /// A type decodes keys in any order, finds keys missing from older data absent, and can ask.
    @Test func keyedContainersDecodeByKey() throws {
        let old = try CompactEncoder().encode(VersionOne(first: 1, second: "two", third: [3]))
        let new = try CompactDecoder().decode(VersionTwo.self, from: old)
        #expect(new == VersionTwo(third: [3], added: nil, second: "two", first: 1, hadAdded: false))
        let probe = try CompactDecoder().decode(KeyProbe.self, from: old)
        #expect(probe.keys == ["first", "second", "third"])
    }

    /// Coding paths seen by values and reported in errors are JSON's.
    @Test func codingPathsMatchJSON() throws {
        let value = PathTree(children: ["a": [PathTree(children: [:], probe: PathProbe())], "b": []], probe: PathProbe())
        let wrapped = [Outerish(list: [value, value], optional: value, shape: .nested(.circle(radius: 1)))]
        let json = PathRecorder(), compact = PathRecorder()
        let je = JSONEncoder()
        je.userInfo[PathRecorder.key] = json
        var ce = CompactEncoder()
        ce.userInfo[PathRecorder.key] = compact
        let data = try je.encode(wrapped)
        let bytes = try ce.encode(wrapped)
        #expect(!compact.paths.isEmpty && compact.paths == json.paths)

        let jd = JSONDecoder()
        jd.userInfo[PathRecorder.key] = json
        var cd = CompactDecoder()
        cd.userInfo[PathRecorder.key] = compact
        json.paths = []
        compact.paths = []
        _ = try jd.decode([Outerish].self, from: data)
        _ = try cd.decode([Outerish].self, from: bytes)
        // (Sorted: the decoders may list a dictionary's keys in different orders.)
        let sorted = { (paths: [[String]]) in paths.map { $0.joined(separator: "/") }.sorted() }
        #expect(!compact.paths.isEmpty && sorted(compact.paths) == sorted(json.paths))

        // An error deep inside: the same path as JSONDecoder's.
        func path(_ body: () throws -> Void) -> [String] {
            do { try body() } catch let DecodingError.typeMismatch(_, context) { return context.codingPath.map(\.stringValue) } catch {}
            return ["no type mismatch"]
        }
        let jsonPath = path { _ = try JSONDecoder().decode([String: [Int: [Inner]]].self, from: JSONEncoder().encode(["k": [3: [Inner(x: 1, y: [2])]]])) }
        let wrongPath = path { _ = try CompactDecoder().decode([String: [Int: [Inner]]].self, from: CompactEncoder().encode(["k": [3: [Inner(x: 1, y: [2])]]])) }
        #expect(jsonPath == ["no type mismatch"] && wrongPath == ["no type mismatch"])
        let jsonMismatch = path { _ = try JSONDecoder().decode([String: [Int: [Inner]]].self, from: JSONEncoder().encode(["k": [3: [Misfit(x: 1, y: ["2"])]]])) }
        let compactMismatch = path { _ = try CompactDecoder().decode([String: [Int: [Inner]]].self, from: CompactEncoder().encode(["k": [3: [Misfit(x: 1, y: ["2"])]]])) }
        #expect(compactMismatch == jsonMismatch)
        #expect(compactMismatch == ["k", "3", "Index 0", "y", "Index 0"])
    }

    @Test func interleavedUseIsRefusedNotMisencoded() throws {
        #expect(throws: EncodingError.self) { try CompactEncoder().encode(Interleaved()) }
    }

    @Test func encodingIsDeterministicAndSmall() throws {
        let outer = Outer(name: "o", inner: Inner(x: 1, y: [1]), list: [], shape: .empty, suit: .hearts, empty: Empty())
        let a = try CompactEncoder().encode(outer), b = try CompactEncoder().encode(outer)
        #expect(a == b)
        #expect(a.count < (try JSONEncoder().encode(outer)).count)
    }

    // MARK: The simulator's state

    static func quickstartState(hours: Int64 = 48) throws -> SimulatorState {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: root.appendingPathComponent("demo/quickstart.toml").path))
        sim.start()
        sim.run(until: sim.now + hours * 3_600)
        return sim.exportState()
    }

    @Test func simulatorStateRoundTripsExactly() throws {
        let state = try Self.quickstartState()
        let bytes = try CompactEncoder().encode(state)
        let back = try CompactDecoder().decode(SimulatorState.self, from: bytes)
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        let original = try json.encode(state)
        #expect(try json.encode(back) == original)
        #expect(bytes.count < original.count)
        #expect(try json.encode(CompactDecoder().decode(SimulatorState.self, from: Data(bytes))) == original)
        // Same size re-encoded (not the same bytes: a rebuilt dictionary may iterate in another order).
        #expect(try CompactEncoder().encode(back).count == bytes.count)
    }

    // MARK: Damaged input

    @Test func malformedInputThrows() throws {
        let good = try CompactEncoder().encode(Outer(name: "name", inner: Inner(x: 300, y: [1, -1]), list: [Inner(x: 0, y: [])],
                                                     shape: .labelled("s", tag: 1), suit: .spades, empty: Empty()))
        func fails<T: Decodable>(_ bytes: [UInt8], as type: T.Type = Outer.self) -> Bool {
            do { _ = try CompactDecoder().decode(type, from: bytes); return false } catch is DecodingError { return true } catch { return false }
        }
        #expect(try CompactDecoder().decode(Outer.self, from: good).inner.x == 300)
        for n in 0..<good.count { #expect(fails(Array(good.prefix(n))), "prefix \(n)") }
        #expect(fails(good + [0]))                                          // trailing bytes
        #expect(fails([0x7B] + good.dropFirst()))                           // not this format ('{')
        #expect(fails([CompactFormat.version, 0x03] + [UInt8](repeating: 0xFF, count: 10) + [0x01], as: Int.self))  // varint past 64 bits
        #expect(fails([CompactFormat.version, 0x03, 0x80, 0x80, 0x80], as: Int.self))  // varint cut short
        #expect(fails([CompactFormat.version, 0x07] + [UInt8](repeating: 0xFF, count: 9) + [0x7F, 0x61], as: String.self))  // huge length
        #expect(fails([CompactFormat.version, 0x07, 0x02, 0xC3, 0x28], as: String.self))  // invalid UTF-8
        #expect(fails([CompactFormat.version, 0x0B], as: Int.self))         // unknown tag
        #expect(fails([CompactFormat.version, 0x04, 0x80, 0x02], as: Int8.self))  // 256 in an Int8
        #expect(fails([CompactFormat.version, 0x03, 0x01], as: UInt.self))  // -1 in a UInt
        #expect(fails([CompactFormat.version, 0x00], as: Int.self))         // nil for a value
        #expect(fails([CompactFormat.version, 0x09, 0x01, 0x85], as: [String: Int].self))  // an array for a dictionary
    }

    /// Values nested past the limit (512 containers) throw (a recursive type fed a deep input),
    /// not overflow the stack.
    @Test func deepNestingIsCapped() throws {
        func container(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
            var out = [tag], n = body.count
            while n >= 0x80 { out.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
            return out + [UInt8(n)] + body
        }
        func tree(depth: Int) -> [UInt8] {
            var value = container(CompactFormat.tagKeyed, [4] + Array("kids".utf8) + container(CompactFormat.tagUnkeyed, []))
            for _ in 0..<depth {
                value = container(CompactFormat.tagKeyed, [4] + Array("kids".utf8) + container(CompactFormat.tagUnkeyed, value))
            }
            return [CompactFormat.version] + value
        }
        #expect(try CompactDecoder().decode(Tree.self, from: tree(depth: 200)).depth == 200)
        #expect(try CompactEncoder().encode(CompactDecoder().decode(Tree.self, from: tree(depth: 200))) == tree(depth: 200))
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(Tree.self, from: tree(depth: 3_000)) }

        // An indirect enum goes one value deeper per level (through a nested container).
        func key(_ name: String) -> [UInt8] { [UInt8(name.utf8.count)] + Array(name.utf8) }
        func shape(depth: Int) -> [UInt8] {
            var value = container(CompactFormat.tagKeyed, key("empty") + container(CompactFormat.tagKeyed, []))
            for _ in 0..<depth {
                value = container(CompactFormat.tagKeyed, key("nested") + container(CompactFormat.tagKeyed, key("_0") + value))
            }
            return [CompactFormat.version] + value
        }
        var expected = Shape.empty
        for _ in 0..<200 { expected = .nested(expected) }  // 400 containers deep
        #expect(try CompactDecoder().decode(Shape.self, from: shape(depth: 200)) == expected)
        #expect(try CompactEncoder().encode(expected) == shape(depth: 200))
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(Shape.self, from: shape(depth: 300)) }
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(Shape.self, from: shape(depth: 5_000)) }

        // A type that recurses through super decoders (no decode call in between).
        func chain(depth: Int) -> [UInt8] {
            var value = container(CompactFormat.tagKeyed, [])
            for _ in 0..<depth { value = container(CompactFormat.tagKeyed, key("next") + value) }
            return [CompactFormat.version] + value
        }
        #expect(try CompactDecoder().decode(Chain.self, from: chain(depth: 300)).length == 300)
        #expect(throws: DecodingError.self) { try CompactDecoder().decode(Chain.self, from: chain(depth: 5_000)) }
    }

    /// The quickstart array's state as it starts (13 KB): every part of the state is there, and
    /// it decodes in about half the time of the two-day one (20,000 decodes of a debug build).
    /// Every single-bit flip, and the bytes that mean most to the format, at every position of
    /// small values of every shape (nested containers, super decoders, optionals inside
    /// optionals): throw or return.
    @Test func everyFlipOfSmallValuesThrowsOrReturns() throws {
        func damage<T: Codable>(_ value: T) throws -> Int {
            let good = try CompactEncoder().encode(value)
            var returned = 0
            for i in good.indices {
                let flips = (0..<8).map { good[i] ^ (1 << $0) }
                for b in flips + [0x00, 0x0A, 0x7F, 0x80, 0xFF] where b != good[i] {
                    var bytes = good
                    bytes[i] = b
                    if (try? CompactDecoder().decode(T.self, from: bytes)) != nil { returned += 1 }
                }
            }
            return returned
        }
        _ = try damage(Mixed(a: 1, pairs: [(1, "one")], tail: "t", sub: Inner(x: 2, y: [3]), children: [Inner(x: 4, y: [])]))
        _ = try damage(Derived(id: 1, name: "n", extra: [2], flag: true))
        _ = try damage(Optionals(a: 1, b: .some(nil), c: "c", d: .some(.some(Inner(x: 1, y: [])))))
        _ = try damage([Shape.labelled("x", tag: 1), .nested(.rect(1, 2))])
        _ = try damage([UInt8(1): ["a"], 2: []])
        _ = try damage(AllPrimitives.extreme)
    }

    static let stateBytes: [UInt8] = {
        (try? CompactEncoder().encode(quickstartState(hours: 0))) ?? []
    }()

    /// Makes the top-level container's length match the bytes after it again, so that damage
    /// which changed the length (an insertion, a truncation) is met inside the state, not refused
    /// at the first length check.
    static func fixTopLength(_ bytes: inout [UInt8]) {
        guard bytes.count > 2, bytes[1] == CompactFormat.tagKeyed else { return }
        var end = 2
        while end < bytes.count, bytes[end] & 0x80 != 0 { end += 1 }
        guard end < bytes.count else { return }
        var n = bytes.count - (end + 1), varint: [UInt8] = []
        while n >= 0x80 { varint.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
        bytes.replaceSubrange(2...end, with: varint + [UInt8(n)])
    }

    /// Mutations in all; each is a decode of up to the whole state, about half a millisecond of a
    /// debug build's CPU: the largest part of this suite's time.
    static let mutations = 5_000

    /// Random damage to a real state: every decode throws or returns; none traps. In four shards
    /// that run side by side.
    @Test(arguments: 0..<4)
    func randomMutationsOfTheStateNeverTrap(shard: Int) throws {
        let good = Self.stateBytes
        try #require(good.count > 10_000)
        var rng = SeededRandom(seed: 0xC0FFEE, stream: UInt64(shard))
        var threw = 0
        for _ in 0..<(Self.mutations / 4) {
            var bytes = good
            switch rng.below(5) {
            case 0:  // flip bits of one byte
                bytes[rng.below(bytes.count)] ^= UInt8(1 + rng.below(255))
            case 1:  // truncate
                bytes.removeLast(1 + rng.below(bytes.count - 1))
                if rng.below(2) == 0 { Self.fixTopLength(&bytes) }
            case 2:  // insert a few random bytes
                let at = 8 + rng.below(bytes.count - 7)
                bytes.insert(contentsOf: (0..<(1 + rng.below(8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
                if rng.below(2) == 0 { Self.fixTopLength(&bytes) }
            case 3:  // a length byte (after a string or container tag, most of the time) made huge
                let at = 1 + rng.below(bytes.count - 1)
                let lengthAt = (at..<bytes.count).first { [0x07, 0x08, 0x09].contains(bytes[$0 - 1]) } ?? at
                bytes[lengthAt] = 0xFF
            default:  // several bytes at once
                for _ in 0..<(2 + rng.below(6)) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            do {
                _ = try CompactDecoder().decode(SimulatorState.self, from: bytes)
            } catch {
                threw += 1
            }
        }
        #expect(threw > Self.mutations / 8)  // most damage is noticed (the rest lands in values)
    }
}

// MARK: - Fixtures

struct AllPrimitives: Codable, Equatable {
    var b: Bool, s: String, d: Double, f: Float
    var i: Int, i8: Int8, i16: Int16, i32: Int32, i64: Int64
    var u: UInt, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
    var oi: Int?, os: String?, ou64: UInt64?, ob: Bool?

    static let extreme = AllPrimitives(b: true, s: "ß", d: -.greatestFiniteMagnitude, f: .leastNonzeroMagnitude,
                                       i: .min, i8: .min, i16: .max, i32: .min, i64: .max,
                                       u: .max, u8: .max, u16: .max, u32: .max, u64: .max, oi: .min, os: "", ou64: .max, ob: false)
    static let zero = AllPrimitives(b: false, s: "", d: 0, f: 0, i: 0, i8: 0, i16: 0, i32: 0, i64: 0,
                                    u: 0, u8: 0, u16: 0, u32: 0, u64: 0, oi: nil, os: nil, ou64: nil, ob: nil)
}

struct Inner: Codable, Equatable { var x: Int; var y: [Int] }
struct Empty: Codable, Equatable {}

enum Suit: String, Codable, CaseIterable { case hearts, spades, clubs }

indirect enum Shape: Codable, Equatable {
    case empty
    case circle(radius: Double)
    case rect(Double, Double)
    case labelled(String, tag: Int?)
    case nested(Shape)
}

struct Outer: Codable, Equatable {
    var name: String
    var inner: Inner
    var list: [Inner]
    var shape: Shape
    var suit: Suit
    var empty: Empty
}

struct Optionals: Codable, Equatable {
    var a: Int?
    var b: Int??
    var c: String?
    var d: Inner??
}

/// Reads the keys a keyed value holds.
struct KeyProbe: Decodable {
    let keys: [String]
    init(from decoder: Decoder) throws {
        keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    }
}

struct AnyKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    var intValue: Int? { nil }
}

struct Tree: Codable {
    var kids: [Tree]
    var depth: Int { kids.map { $0.depth + 1 }.max() ?? 0 }
}

/// Decodes its successor through a super decoder.
final class Chain: Decodable {
    let next: Chain?
    enum Keys: String, CodingKey { case next }
    var length: Int { (next?.length ?? -1) + 1 }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        next = c.contains(.next) ? try Chain(from: c.superDecoder(forKey: .next)) : nil
    }
}

struct VersionOne: Codable { var first: Int; var second: String; var third: [Int] }

/// A later version of `VersionOne`: a new optional key, read in another order, with `contains`.
struct VersionTwo: Decodable, Equatable {
    var third: [Int], added: Double?, second: String, first: Int, hadAdded: Bool
    enum CodingKeys: String, CodingKey { case first, second, third, added }
    init(third: [Int], added: Double?, second: String, first: Int, hadAdded: Bool) {
        (self.third, self.added, self.second, self.first, self.hadAdded) = (third, added, second, first, hadAdded)
    }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        third = try c.decode([Int].self, forKey: .third)
        added = try c.decodeIfPresent(Double.self, forKey: .added)
        hadAdded = c.contains(.added)
        second = try c.decode(String.self, forKey: .second)
        first = try c.decode(Int.self, forKey: .first)
    }
}

class Base: Codable {
    var id: Int
    var name: String
    init(id: Int, name: String) { (self.id, self.name) = (id, name) }
}

final class Derived: Base {
    var extra: [Int]
    var flag: Bool
    enum CodingKeys: String, CodingKey { case extra, flag, parent }

    init(id: Int, name: String, extra: [Int], flag: Bool) {
        (self.extra, self.flag) = (extra, flag)
        super.init(id: id, name: name)
    }

    // The base class is written twice, under `super` and under a key of its own, with keys of the
    // subclass after each (the super encoders are closed by the next write).
    override func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(extra, forKey: .extra)
        try super.encode(to: c.superEncoder())
        try super.encode(to: c.superEncoder(forKey: .parent))
        try c.encode(flag, forKey: .flag)
    }

    required init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flag = try c.decode(Bool.self, forKey: .flag)
        extra = try c.decode([Int].self, forKey: .extra)
        let viaKey = try Base(from: c.superDecoder(forKey: .parent))
        try super.init(from: c.superDecoder())
        guard viaKey.id == id, viaKey.name == name else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "super copies differ"))
        }
    }
}

/// Hand-written coding through every nesting call, each used in sequence.
struct Mixed: Codable, Equatable {
    var a: Int
    var pairs: [(Int, String)]
    var tail: String
    var sub: Inner
    var children: [Inner]

    static func == (l: Mixed, r: Mixed) -> Bool {
        l.a == r.a && l.pairs.map(\.0) == r.pairs.map(\.0) && l.pairs.map(\.1) == r.pairs.map(\.1) && l.tail == r.tail
            && l.sub == r.sub && l.children == r.children
    }

    init(a: Int, pairs: [(Int, String)], tail: String, sub: Inner, children: [Inner]) {
        (self.a, self.pairs, self.tail, self.sub, self.children) = (a, pairs, tail, sub, children)
    }

    enum Keys: String, CodingKey { case a, pairs, meta, tail, list }
    enum PairKeys: String, CodingKey { case number, word }
    enum MetaKeys: String, CodingKey { case sub, count }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(a, forKey: .a)
        var list = c.nestedUnkeyedContainer(forKey: .pairs)
        for (n, w) in pairs {
            var pair = list.nestedContainer(keyedBy: PairKeys.self)
            try pair.encode(w, forKey: .word)
            try pair.encode(n, forKey: .number)
        }
        var meta = c.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta)
        try sub.encode(to: meta.superEncoder(forKey: .sub))
        try meta.encode(children.count, forKey: .count)
        var rest = c.nestedUnkeyedContainer(forKey: .list)
        for child in children { try child.encode(to: rest.superEncoder()) }
        var inner = rest.nestedUnkeyedContainer()
        try inner.encode("marker")
        try c.encode(tail, forKey: .tail)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        tail = try c.decode(String.self, forKey: .tail)
        let meta = try c.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta)
        let count = try meta.decode(Int.self, forKey: .count)
        sub = try Inner(from: meta.superDecoder(forKey: .sub))
        var rest = try c.nestedUnkeyedContainer(forKey: .list)
        children = try (0..<count).map { _ in try Inner(from: rest.superDecoder()) }
        var inner = try rest.nestedUnkeyedContainer()
        guard try inner.decode(String.self) == "marker", rest.isAtEnd, inner.isAtEnd else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad list"))
        }
        var list = try c.nestedUnkeyedContainer(forKey: .pairs)
        var pairs: [(Int, String)] = []
        while !list.isAtEnd {
            let pair = try list.nestedContainer(keyedBy: PairKeys.self)
            pairs.append((try pair.decode(Int.self, forKey: .number), try pair.decode(String.self, forKey: .word)))
        }
        self.pairs = pairs
        a = try c.decode(Int.self, forKey: .a)
    }
}

/// Collects the coding paths values see while they are coded.
final class PathRecorder: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "paths")!
    var paths: [[String]] = []
    static func record(_ path: [any CodingKey], _ info: [CodingUserInfoKey: Any]) {
        (info[key] as? PathRecorder)?.paths.append(path.map(\.stringValue))
    }
}

/// Records the paths of its encoder, its container, and its decoder.
struct PathProbe: Codable {
    init() {}
    func encode(to encoder: Encoder) throws {
        PathRecorder.record(encoder.codingPath, encoder.userInfo)
        var c = encoder.unkeyedContainer()
        PathRecorder.record(c.codingPath, encoder.userInfo)
        var nested = c.nestedContainer(keyedBy: AnyKey.self)
        PathRecorder.record(nested.codingPath, encoder.userInfo)
        try nested.encode(1, forKey: AnyKey(stringValue: "one"))
        let sup = c.superEncoder()
        PathRecorder.record(sup.codingPath, encoder.userInfo)
        var single = sup.singleValueContainer()
        try single.encode(true)
    }
    init(from decoder: Decoder) throws {
        PathRecorder.record(decoder.codingPath, decoder.userInfo)
        var c = try decoder.unkeyedContainer()
        PathRecorder.record(c.codingPath, decoder.userInfo)
        let nested = try c.nestedContainer(keyedBy: AnyKey.self)
        PathRecorder.record(nested.codingPath, decoder.userInfo)
        _ = try nested.decode(Int.self, forKey: AnyKey(stringValue: "one"))
        let sup = try c.superDecoder()
        PathRecorder.record(sup.codingPath, decoder.userInfo)
        _ = try sup.singleValueContainer().decode(Bool.self)
    }
}

struct PathTree: Codable {
    var children: [String: [PathTree]]
    var probe: PathProbe
}

struct Outerish: Codable {
    var list: [PathTree]
    var optional: PathTree?
    var shape: Shape
}

/// `Inner` with the wrong type of elements.
struct Misfit: Codable { var x: Int; var y: [String] }

/// Writes to a nested container after its parent moved on: refused.
struct Interleaved: Encodable {
    enum K: String, CodingKey { case a, b }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        var n = c.nestedUnkeyedContainer(forKey: .a)
        try n.encode(1)
        try c.encode(2, forKey: .b)
        try n.encode(3)
    }
}
