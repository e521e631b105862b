import Foundation

/// Decodes values from the bytes `CompactEncoder` writes (the format is described there).
///
/// A keyed container indexes its entries (key → value) when it is opened, so a type decodes its
/// keys in any order, asks `contains`, and finds keys missing in older data absent rather than
/// misplaced. Nested containers are stepped over by their length, so indexing costs one step per
/// entry whatever the entries hold.
///
/// Malformed input (truncated, flipped bytes, huge lengths, values nested deeper than 512) throws
/// `DecodingError` (`dataCorrupted` for damage, `typeMismatch`/`valueNotFound`/`keyNotFound` for
/// well-formed bytes of the wrong shape) with the coding path where it was found; it never traps:
/// every read is bounds-checked and every length checked against what is left before it is used.
public struct CompactDecoder: Sendable {
    /// Handed to every value's decoder, as `JSONDecoder.userInfo` is.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// The value of type `T` encoded in `bytes`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let input = CompactInput(bytes, userInfo: userInfo)
        guard bytes.first == CompactFormat.version else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                bytes.isEmpty ? "No data." : "Not compact-encoded data (format byte \(bytes[0]), expected \(CompactFormat.version))."))
        }
        let end: Int
        do { end = try input.skip(1, bytes.count) } catch { throw error.decodingError([]) }
        guard end == bytes.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "\(bytes.count - end) bytes after the value (it ends at byte \(end))."))
        }
        return try input.decodeValue(T.self, at: 1, limit: end, path: CompactPath())
    }

    /// The value of type `T` encoded in `data` (a blob as GRDB returns it).
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: [UInt8](data))
    }
}

/// What a malformed or mismatched read found; turned into a `DecodingError` with the coding path
/// by the container that asked.
struct CompactFault: Error, @unchecked Sendable {
    enum Kind { case corrupted, typeMismatch, valueNotFound }
    let kind: Kind
    let type: Any.Type
    let message: String

    static func corrupted(_ message: String) -> CompactFault { CompactFault(kind: .corrupted, type: Any.self, message: message) }

    func decodingError(_ path: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(codingPath: path, debugDescription: message)
        switch kind {
        case .corrupted: return .dataCorrupted(context)
        case .typeMismatch: return .typeMismatch(type, context)
        case .valueNotFound: return .valueNotFound(type, context)
        }
    }
}

/// Where a decoder or container sits: the first `count` keys of the input's key stack, then
/// `tail` (keys of nested containers and super decoders, which no decode call pushes).
///
/// Decoding is depth-first, so while a container is in use the stack's first `count` keys are
/// its ancestors' — a value's decoder needs no coding path array of its own.
struct CompactPath {
    var count = 0
    var tail: [any CodingKey] = []

    /// One level further down, through a nested container or a super decoder. Those do not go
    /// through `decodeValue`, which counts the depth, so a type that recursed through them could
    /// otherwise be driven as deep as the input likes; the coding path's length stands in for
    /// the depth here.
    func appending(_ key: any CodingKey, in input: CompactInput) throws -> CompactPath {
        guard count + tail.count < CompactFormat.maximumDepth else {
            throw DecodingError.dataCorrupted(.init(codingPath: input.codingPath(self) + [key],
                                                    debugDescription: "Values nested deeper than \(CompactFormat.maximumDepth)."))
        }
        return CompactPath(count: count, tail: tail + [key])
    }
}

/// One entry of a keyed container: the key's bytes and the value's.
struct CompactEntry {
    let keyStart: Int
    let keyLength: Int
    let value: Int
    let end: Int
}

/// The input and what every container of one decoding shares: the key stack, the keyed
/// containers' entries and lookup hints (one array each, rather than one allocation per
/// container), and the nesting depth.
final class CompactInput {
    let bytes: [UInt8]
    let userInfo: [CodingUserInfoKey: Any]

    /// The mutable part, behind a pointer: a class's stored `var`s are checked for exclusive
    /// access at run time on every read and write, which cost a tenth of a decoding.
    struct Shared {
        var keys: [any CodingKey] = []
        var entries: [CompactEntry] = []
        var hints: [Int] = []
        var depth = 0
    }

    let s: UnsafeMutablePointer<Shared>

    init(_ bytes: [UInt8], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.bytes = bytes
        var info: [CodingUserInfoKey: Any] = [:]
        for (k, v) in userInfo { info[k] = v }
        self.userInfo = info
        s = .allocate(capacity: 1)
        s.initialize(to: Shared())
    }

    deinit {
        s.deinitialize(count: 1)
        s.deallocate()
    }

    func entry(_ i: Int) -> CompactEntry { s.pointee.entries[i] }
    func holds(_ entries: Int, _ hint: Int) -> Bool { entries <= s.pointee.entries.count && hint < s.pointee.hints.count }
    func hint(_ i: Int) -> Int { s.pointee.hints[i] }
    func setHint(_ i: Int, _ value: Int) { s.pointee.hints[i] = value }

    func codingPath(_ path: CompactPath) -> [any CodingKey] {
        let stacked = Array(s.pointee.keys.prefix(path.count))
        return path.tail.isEmpty ? stacked : stacked + path.tail
    }

    func codingPath(_ path: CompactPath, _ key: some CodingKey) -> [any CodingKey] { codingPath(path) + [key] }

    // MARK: Reading

    private func truncated(_ pos: Int) -> CompactFault { .corrupted("Truncated value at byte \(pos).") }

    /// A LEB128 varint; more than 64 bits is an error, not a wrap.
    @inline(__always) func varint(_ pos: inout Int, _ limit: Int) throws(CompactFault) -> UInt64 {
        guard pos < limit else { throw truncated(pos) }
        let first = bytes[pos]
        pos += 1
        if first < 0x80 { return UInt64(first) }
        var result = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard pos < limit else { throw truncated(pos) }
            let b = bytes[pos]
            pos += 1
            if shift == 63 && b > 1 { throw .corrupted("Varint at byte \(pos - 1) overflows 64 bits.") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    /// A length that must fit in what is left before `limit`.
    @inline(__always) func length(_ pos: inout Int, _ limit: Int) throws(CompactFault) -> Int {
        let n = try varint(&pos, limit)
        guard n <= UInt64(limit - pos) else {
            throw .corrupted("Length \(n) at byte \(pos) runs past the end of its container (\(limit - pos) bytes left).")
        }
        return Int(n)
    }

    /// The end of the value at `pos` (which must end by `limit`), without decoding it.
    func skip(_ start: Int, _ limit: Int) throws(CompactFault) -> Int {
        var pos = start
        while true {
            guard pos < limit else { throw truncated(pos) }
            let tag = bytes[pos]
            pos += 1
            if tag >= CompactFormat.tagFixint { return pos }
            switch tag {
            case CompactFormat.tagNil, CompactFormat.tagFalse, CompactFormat.tagTrue:
                return pos
            case CompactFormat.tagSome:
                continue
            case CompactFormat.tagSigned, CompactFormat.tagUnsigned:
                _ = try varint(&pos, limit)
                return pos
            case CompactFormat.tagDouble:
                guard limit - pos >= 8 else { throw truncated(pos) }
                return pos + 8
            case CompactFormat.tagFloat:
                guard limit - pos >= 4 else { throw truncated(pos) }
                return pos + 4
            case CompactFormat.tagString, CompactFormat.tagKeyed, CompactFormat.tagUnkeyed:
                let n = try length(&pos, limit)
                return pos + n
            default:
                throw .corrupted("Unknown tag \(tag) at byte \(pos - 1).")
            }
        }
    }

    /// The tag of the value at `start` (past any "some" prefixes, which only matter to optionals)
    /// and where its content begins.
    @inline(__always) func tag(_ start: Int, _ limit: Int) throws(CompactFault) -> (tag: UInt8, pos: Int) {
        var pos = start
        while pos < limit {
            let t = bytes[pos]
            pos += 1
            if t != CompactFormat.tagSome { return (t, pos) }
        }
        throw truncated(pos)
    }

    func isNil(_ pos: Int, _ limit: Int) -> Bool { pos < limit && bytes[pos] == CompactFormat.tagNil }

    private func mismatch(_ type: Any.Type, _ tag: UInt8, _ pos: Int) -> CompactFault {
        if tag == CompactFormat.tagNil {
            return CompactFault(kind: .valueNotFound, type: type, message: "Expected \(type) value but found nil instead.")
        }
        return CompactFault(kind: .typeMismatch, type: type,
                            message: "Expected to decode \(type) but found \(Self.describe(tag)) at byte \(pos) instead.")
    }

    static func describe(_ tag: UInt8) -> String {
        switch tag {
        case CompactFormat.tagFalse, CompactFormat.tagTrue: "a Bool"
        case CompactFormat.tagSigned, CompactFormat.tagUnsigned, CompactFormat.tagFixint...: "an integer"
        case CompactFormat.tagDouble: "a Double"
        case CompactFormat.tagFloat: "a Float"
        case CompactFormat.tagString: "a string"
        case CompactFormat.tagKeyed: "a keyed container"
        case CompactFormat.tagUnkeyed: "an unkeyed container"
        default: "tag \(tag)"
        }
    }

    func readInteger<I: FixedWidthInteger>(_ type: I.Type, _ start: Int, _ limit: Int) throws(CompactFault) -> (I, Int) {
        let (t, content) = try tag(start, limit)
        var pos = content
        let value: I?
        if t >= CompactFormat.tagFixint {
            value = I(exactly: t & 0x7F)
        } else if t == CompactFormat.tagSigned {
            value = I(exactly: CompactFormat.unzigzag(try varint(&pos, limit)))
        } else if t == CompactFormat.tagUnsigned {
            value = I(exactly: try varint(&pos, limit))
        } else {
            throw mismatch(type, t, pos - 1)
        }
        guard let value else {
            throw CompactFault(kind: .typeMismatch, type: type, message: "The integer at byte \(start) does not fit in \(type).")
        }
        return (value, pos)
    }

    func readBool(_ start: Int, _ limit: Int) throws(CompactFault) -> (Bool, Int) {
        let (t, pos) = try tag(start, limit)
        switch t {
        case CompactFormat.tagFalse: return (false, pos)
        case CompactFormat.tagTrue: return (true, pos)
        default: throw mismatch(Bool.self, t, pos - 1)
        }
    }

    private func fixed64(_ pos: Int, _ limit: Int) throws(CompactFault) -> UInt64 {
        guard limit - pos >= 8 else { throw truncated(pos) }
        var v: UInt64 = 0
        for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[pos + i]) }
        return v
    }

    private func fixed32(_ pos: Int, _ limit: Int) throws(CompactFault) -> UInt32 {
        guard limit - pos >= 4 else { throw truncated(pos) }
        var v: UInt32 = 0
        for i in (0..<4).reversed() { v = v << 8 | UInt32(bytes[pos + i]) }
        return v
    }

    /// A Double from a Double or a Float, or from an integer it holds exactly.
    func readDouble(_ start: Int, _ limit: Int) throws(CompactFault) -> (Double, Int) {
        let (t, pos) = try tag(start, limit)
        switch t {
        case CompactFormat.tagDouble: return (Double(bitPattern: try fixed64(pos, limit)), pos + 8)
        case CompactFormat.tagFloat: return (Double(Float(bitPattern: try fixed32(pos, limit))), pos + 4)
        case CompactFormat.tagSigned, CompactFormat.tagUnsigned, CompactFormat.tagFixint...:
            let (i, end) = try readInteger(Int64.self, start, limit)
            guard let d = Double(exactly: i) else { throw mismatch(Double.self, t, pos - 1) }
            return (d, end)
        default: throw mismatch(Double.self, t, pos - 1)
        }
    }

    /// A Float from a Float, or from a Double within Float's range (rounded), or an exact integer.
    func readFloat(_ start: Int, _ limit: Int) throws(CompactFault) -> (Float, Int) {
        let (t, pos) = try tag(start, limit)
        switch t {
        case CompactFormat.tagFloat: return (Float(bitPattern: try fixed32(pos, limit)), pos + 4)
        case CompactFormat.tagDouble, CompactFormat.tagSigned, CompactFormat.tagUnsigned, CompactFormat.tagFixint...:
            let (d, end) = try readDouble(start, limit)
            let f = Float(d)
            guard f.isFinite || !d.isFinite else {
                throw CompactFault(kind: .typeMismatch, type: Float.self, message: "\(d) at byte \(start) does not fit in Float.")
            }
            return (f, end)
        default: throw mismatch(Float.self, t, pos - 1)
        }
    }

    func readString(_ start: Int, _ limit: Int) throws(CompactFault) -> (String, Int) {
        let (t, content) = try tag(start, limit)
        var pos = content
        guard t == CompactFormat.tagString else { throw mismatch(String.self, t, pos - 1) }
        let n = try length(&pos, limit)
        let utf8 = bytes[pos..<pos + n]
        let s: String?
        // Most strings are ASCII, which is valid UTF-8 as it stands (and the generic validating
        // initialiser looks its metadata up on every call).
        if utf8.allSatisfy({ $0 < 0x80 }) {
            s = String(decoding: utf8, as: UTF8.self)
        } else if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            s = String(validating: utf8, as: UTF8.self)
        } else {
            let repaired = String(decoding: utf8, as: UTF8.self)
            s = repaired.utf8.elementsEqual(utf8) ? repaired : nil
        }
        guard let s else { throw .corrupted("The string at byte \(start) is not valid UTF-8.") }
        return (s, pos + n)
    }

    /// The body (start, end) of the container at `start`, which must be a `tag` one.
    private func body(_ expected: UInt8, _ type: Any.Type, _ start: Int, _ limit: Int) throws(CompactFault) -> (Int, Int) {
        let (t, content) = try tag(start, limit)
        var pos = content
        guard t == expected else { throw mismatch(type, t, pos - 1) }
        let n = try length(&pos, limit)
        return (pos, pos + n)
    }

    // MARK: Containers and values

    func openKeyed<Key: CodingKey>(_: Key.Type, _ start: Int, _ limit: Int, _ path: CompactPath) throws -> CompactKeyedDecoding<Key> {
        do throws(CompactFault) {
            let (bodyStart, end) = try body(CompactFormat.tagKeyed, [String: Any].self, start, limit)
            let first = s.pointee.entries.count
            var pos = bodyStart
            while pos < end {
                let keyLength = try length(&pos, end)
                let keyStart = pos
                pos += keyLength
                let value = pos
                pos = try skip(pos, end)
                s.pointee.entries.append(CompactEntry(keyStart: keyStart, keyLength: keyLength, value: value, end: pos))
            }
            s.pointee.hints.append(0)
            return CompactKeyedDecoding(input: self, path: path, first: first, count: s.pointee.entries.count - first,
                                        hint: s.pointee.hints.count - 1)
        } catch {
            throw error.decodingError(codingPath(path))
        }
    }

    func openUnkeyed(_ start: Int, _ limit: Int, _ path: CompactPath) throws -> CompactUnkeyedDecoding {
        do throws(CompactFault) {
            let (first, end) = try body(CompactFormat.tagUnkeyed, [Any].self, start, limit)
            var pos = first, count = 0
            while pos < end {
                pos = try skip(pos, end)
                count += 1
            }
            return CompactUnkeyedDecoding(input: self, path: path, pos: first, end: end, total: count)
        } catch {
            throw error.decodingError(codingPath(path))
        }
    }

    /// Whether `T` is one of the types `primitive` reads (a comparison of metadata pointers).
    @inline(__always) private func isPrimitive<T>(_: T.Type) -> Bool {
        T.self == Int.self || T.self == String.self || T.self == Double.self || T.self == Int64.self
            || T.self == UInt64.self || T.self == Bool.self
    }

    /// The common types, read directly (array elements and dictionary values come through here).
    /// `T` must be one `isPrimitive` accepts. (Returning `T?` instead would look `Optional<T>`'s
    /// metadata up on every call.)
    @inline(__always) private func primitive<T>(_: T.Type, _ start: Int, _ limit: Int) throws(CompactFault) -> T {
        if T.self == Int.self { return unsafeBitCast(try readInteger(Int.self, start, limit).0, to: T.self) }
        if T.self == String.self { return unsafeBitCast(try readString(start, limit).0, to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try readDouble(start, limit).0, to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try readInteger(Int64.self, start, limit).0, to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try readInteger(UInt64.self, start, limit).0, to: T.self) }
        return unsafeBitCast(try readBool(start, limit).0, to: T.self)
    }

    /// One level deeper, or an error past the limit.
    private func descend(_ path: @autoclosure () -> [any CodingKey]) throws {
        s.pointee.depth += 1
        guard s.pointee.depth <= CompactFormat.maximumDepth else {
            s.pointee.depth -= 1
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription:
                "Values nested deeper than \(CompactFormat.maximumDepth)."))
        }
    }

    /// Back up a level once a value is decoded: the keyed containers it opened are done with, so
    /// their entries and hints go (the arena stays as deep as the nesting, not as big as the input).
    private func ascend(_ marks: (entries: Int, hints: Int)) {
        s.pointee.depth -= 1
        if s.pointee.entries.count > marks.entries { s.pointee.entries.removeSubrange(marks.entries...) }
        if s.pointee.hints.count > marks.hints { s.pointee.hints.removeSubrange(marks.hints...) }
    }

    /// One "some" prefix belongs to a value that is an optional holding an optional.
    @inline(__always) private func unwrapStart(_ start: Int, _ limit: Int) -> Int {
        start < limit && bytes[start] == CompactFormat.tagSome ? start + 1 : start
    }

    /// Decodes the value at `start` (ending by `limit`) as `T`, under `key`.
    func decodeValue<T: Decodable, K: CodingKey>(_: T.Type, at start: Int, limit: Int, path: CompactPath, key: K) throws -> T {
        if isPrimitive(T.self) {
            do throws(CompactFault) { return try primitive(T.self, start, limit) } catch { throw error.decodingError(codingPath(path, key)) }
        }
        try descend(codingPath(path, key))
        let marks = (s.pointee.entries.count, s.pointee.hints.count)
        defer { ascend(marks) }
        let keys = s.pointee.keys.count
        if keys > path.count { s.pointee.keys.removeLast(keys - path.count) }
        if !path.tail.isEmpty { s.pointee.keys.append(contentsOf: path.tail) }
        s.pointee.keys.append(key)
        defer { s.pointee.keys.removeLast(s.pointee.keys.count - min(path.count, s.pointee.keys.count)) }
        return try T(from: CompactValueDecoder(input: self, start: unwrapStart(start, limit), limit: limit,
                                               path: CompactPath(count: s.pointee.keys.count)))
    }

    /// Decodes the value at `start` (ending by `limit`) as `T`, in the place of the value at `path`
    /// (a single value container's content, the top-level value).
    func decodeValue<T: Decodable>(_: T.Type, at start: Int, limit: Int, path: CompactPath) throws -> T {
        if isPrimitive(T.self) {
            do throws(CompactFault) { return try primitive(T.self, start, limit) } catch { throw error.decodingError(codingPath(path)) }
        }
        try descend(codingPath(path))
        let marks = (s.pointee.entries.count, s.pointee.hints.count)
        defer { ascend(marks) }
        return try T(from: CompactValueDecoder(input: self, start: unwrapStart(start, limit), limit: limit, path: path))
    }
}

// MARK: - Decoder and containers

/// The decoder handed to a value's `init(from:)`: where the value is.
struct CompactValueDecoder: Decoder {
    let input: CompactInput
    let start: Int
    let limit: Int
    let path: CompactPath

    var codingPath: [any CodingKey] { input.codingPath(path) }
    var userInfo: [CodingUserInfoKey: Any] { input.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try input.openKeyed(Key.self, start, limit, path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try input.openUnkeyed(start, limit, path) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CompactSingleValueDecoding(input: input, start: start, limit: limit, path: path)
    }
}

struct CompactKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let input: CompactInput
    let path: CompactPath
    /// This container's entries: `input.entries[first ..< first + count]`.
    let first: Int
    let count: Int
    /// Where in `input.hints` this container keeps the entry after the last one found: types
    /// decode their keys mostly in the order they encoded them, so the next lookup starts there.
    let hint: Int

    var codingPath: [any CodingKey] { input.codingPath(path) }

    var allKeys: [Key] {
        guard input.holds(first + count, hint) else { return [] }
        return (first..<first + count).compactMap { i in
            let e = input.entry(i)
            return Key(stringValue: String(decoding: input.bytes[e.keyStart..<e.keyStart + e.keyLength], as: UTF8.self))
        }
    }

    func contains(_ key: Key) -> Bool { find(key.stringValue) != nil }

    private func find(_ name: String) -> CompactEntry? {
        // A container kept after its value was decoded (not something Codable does) has lost its
        // entries: it finds nothing rather than reading past the arena.
        guard count > 0, input.holds(first + count, hint) else { return nil }
        let utf8 = name.utf8
        let n = utf8.count
        var h = min(input.hint(hint), count - 1)
        for _ in 0..<count {
            let e = input.entry(first + h)
            h = h + 1 == count ? 0 : h + 1
            if e.keyLength == n && matches(e, utf8) {
                input.setHint(hint, h)
                return e
            }
        }
        return nil
    }

    /// Whether the entry's key is `utf8` (whose length is the entry's, already checked).
    private func matches(_ e: CompactEntry, _ utf8: String.UTF8View) -> Bool {
        let bytes = input.bytes
        // Entries were checked to lie inside the input when the container was indexed.
        guard e.keyStart >= 0, e.keyLength >= 0, e.keyStart <= bytes.count - e.keyLength else { return false }
        if let same = utf8.withContiguousStorageIfAvailable({ key -> Bool in
            guard let k = key.baseAddress, e.keyLength > 0 else { return key.isEmpty }
            return bytes.withUnsafeBytes { all -> Bool in
                guard let b = all.baseAddress else { return false }
                return Self.equal(UnsafeRawPointer(k), b + e.keyStart, e.keyLength)
            }
        }) { return same }
        return utf8.elementsEqual(bytes[e.keyStart..<e.keyStart + e.keyLength])
    }

    /// Compares `n` bytes; keys are mostly 4 to 16 bytes, two overlapping word loads each.
    @inline(__always) private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 8 && n <= 16 {
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 && n < 8 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for j in 0..<n where a.load(fromByteOffset: j, as: UInt8.self) != b.load(fromByteOffset: j, as: UInt8.self) {
            return false
        }
        return true
    }

    private func entry(_ key: Key) throws -> CompactEntry {
        guard let e = find(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                                                       debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return e
    }

    /// A primitive read of the value under `key`, its faults reported at `key`.
    @inline(__always) private func read<R>(_ key: Key, _ body: (CompactEntry) throws(CompactFault) -> R) throws -> R {
        let e = try entry(key)
        do throws(CompactFault) { return try body(e) } catch { throw error.decodingError(input.codingPath(path, key)) }
    }

    /// As `read`, or nil when the key is absent or holds nil.
    @inline(__always) private func readIfPresent<R>(_ key: Key, _ body: (CompactEntry) throws(CompactFault) -> R) throws -> R? {
        guard let e = find(key.stringValue), !input.isNil(e.value, e.end) else { return nil }
        do throws(CompactFault) { return try body(e) } catch { throw error.decodingError(input.codingPath(path, key)) }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        let e = try entry(key)
        return input.isNil(e.value, e.end)
    }

    func decode(_: Bool.Type, forKey key: Key) throws -> Bool { try read(key) { e throws(CompactFault) in try input.readBool(e.value, e.end).0 } }
    func decode(_: String.Type, forKey key: Key) throws -> String { try read(key) { e throws(CompactFault) in try input.readString(e.value, e.end).0 } }
    func decode(_: Double.Type, forKey key: Key) throws -> Double { try read(key) { e throws(CompactFault) in try input.readDouble(e.value, e.end).0 } }
    func decode(_: Float.Type, forKey key: Key) throws -> Float { try read(key) { e throws(CompactFault) in try input.readFloat(e.value, e.end).0 } }
    func decode(_ t: Int.Type, forKey key: Key) throws -> Int { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: Int8.Type, forKey key: Key) throws -> Int8 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: Int16.Type, forKey key: Key) throws -> Int16 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: Int32.Type, forKey key: Key) throws -> Int32 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: Int64.Type, forKey key: Key) throws -> Int64 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: UInt.Type, forKey key: Key) throws -> UInt { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }
    func decode(_ t: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 } }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let e = try entry(key)
        return try input.decodeValue(type, at: e.value, limit: e.end, path: path, key: key)
    }

    // One lookup each (the standard implementations look the key up three times).
    func decodeIfPresent(_: Bool.Type, forKey key: Key) throws -> Bool? { try readIfPresent(key) { e throws(CompactFault) in try input.readBool(e.value, e.end).0 } }
    func decodeIfPresent(_: String.Type, forKey key: Key) throws -> String? { try readIfPresent(key) { e throws(CompactFault) in try input.readString(e.value, e.end).0 } }
    func decodeIfPresent(_: Double.Type, forKey key: Key) throws -> Double? { try readIfPresent(key) { e throws(CompactFault) in try input.readDouble(e.value, e.end).0 } }
    func decodeIfPresent(_: Float.Type, forKey key: Key) throws -> Float? { try readIfPresent(key) { e throws(CompactFault) in try input.readFloat(e.value, e.end).0 } }
    func decodeIfPresent(_ t: Int.Type, forKey key: Key) throws -> Int? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: Int8.Type, forKey key: Key) throws -> Int8? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: Int16.Type, forKey key: Key) throws -> Int16? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: Int32.Type, forKey key: Key) throws -> Int32? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: Int64.Type, forKey key: Key) throws -> Int64? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: UInt.Type, forKey key: Key) throws -> UInt? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }
    func decodeIfPresent(_ t: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try readIfPresent(key) { e throws(CompactFault) in try input.readInteger(t, e.value, e.end).0 }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let e = find(key.stringValue), !input.isNil(e.value, e.end) else { return nil }
        return try input.decodeValue(type, at: e.value, limit: e.end, path: path, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let e = try entry(key)
        let nested = try path.appending(key, in: input)
        return KeyedDecodingContainer(try input.openKeyed(NestedKey.self, e.value, e.end, nested))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let e = try entry(key)
        let nested = try path.appending(key, in: input)
        return try input.openUnkeyed(e.value, e.end, nested)
    }

    func superDecoder() throws -> any Decoder {
        guard let e = find(CompactStringKey.superKey.stringValue) else {
            throw DecodingError.keyNotFound(CompactStringKey.superKey, .init(codingPath: codingPath,
                                                                              debugDescription: "No value associated with key \"super\"."))
        }
        let nested = try path.appending(CompactStringKey.superKey, in: input)
        return CompactValueDecoder(input: input, start: e.value, limit: e.end, path: nested)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let e = try entry(key)
        let nested = try path.appending(key, in: input)
        return CompactValueDecoder(input: input, start: e.value, limit: e.end, path: nested)
    }
}

struct CompactUnkeyedDecoding: UnkeyedDecodingContainer {
    let input: CompactInput
    let path: CompactPath
    /// The next element, and the body's end.
    private(set) var pos: Int
    let end: Int
    let total: Int
    private(set) var currentIndex = 0

    init(input: CompactInput, path: CompactPath, pos: Int, end: Int, total: Int) {
        self.input = input
        self.path = path
        self.pos = pos
        self.end = end
        self.total = total
    }

    var codingPath: [any CodingKey] { input.codingPath(path) }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    private func atEnd(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: input.codingPath(path, CompactIndexKey(currentIndex)),
                                   debugDescription: "Unkeyed container is at end."))
    }

    /// A primitive read of the next element; moves on only when it succeeds.
    @inline(__always) private mutating func read<R>(_ type: Any.Type,
                                                    _ body: (CompactInput, Int, Int) throws(CompactFault) -> (R, Int)) throws -> R {
        guard !isAtEnd else { throw atEnd(type) }
        do throws(CompactFault) {
            let (value, next) = try body(input, pos, end)
            pos = next
            currentIndex += 1
            return value
        } catch {
            throw error.decodingError(input.codingPath(path, CompactIndexKey(currentIndex)))
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw atEnd(Any?.self) }
        guard input.isNil(pos, end) else { return false }
        pos += 1
        currentIndex += 1
        return true
    }

    mutating func decode(_: Bool.Type) throws -> Bool { try read(Bool.self) { i, p, e throws(CompactFault) in try i.readBool(p, e) } }
    mutating func decode(_: String.Type) throws -> String { try read(String.self) { i, p, e throws(CompactFault) in try i.readString(p, e) } }
    mutating func decode(_: Double.Type) throws -> Double { try read(Double.self) { i, p, e throws(CompactFault) in try i.readDouble(p, e) } }
    mutating func decode(_: Float.Type) throws -> Float { try read(Float.self) { i, p, e throws(CompactFault) in try i.readFloat(p, e) } }
    mutating func decode(_ t: Int.Type) throws -> Int { try integer(t) }
    mutating func decode(_ t: Int8.Type) throws -> Int8 { try integer(t) }
    mutating func decode(_ t: Int16.Type) throws -> Int16 { try integer(t) }
    mutating func decode(_ t: Int32.Type) throws -> Int32 { try integer(t) }
    mutating func decode(_ t: Int64.Type) throws -> Int64 { try integer(t) }
    mutating func decode(_ t: UInt.Type) throws -> UInt { try integer(t) }
    mutating func decode(_ t: UInt8.Type) throws -> UInt8 { try integer(t) }
    mutating func decode(_ t: UInt16.Type) throws -> UInt16 { try integer(t) }
    mutating func decode(_ t: UInt32.Type) throws -> UInt32 { try integer(t) }
    mutating func decode(_ t: UInt64.Type) throws -> UInt64 { try integer(t) }

    private mutating func integer<I: FixedWidthInteger>(_ t: I.Type) throws -> I {
        try read(t) { i, p, e throws(CompactFault) in try i.readInteger(t, p, e) }
    }

    /// The end of the next element.
    private func next(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else { throw atEnd(type) }
        do throws(CompactFault) { return try input.skip(pos, end) } catch {
            throw error.decodingError(input.codingPath(path, CompactIndexKey(currentIndex)))
        }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let after = try next(type)
        let value = try input.decodeValue(type, at: pos, limit: after, path: path, key: CompactIndexKey(currentIndex))
        pos = after
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let after = try next([String: Any].self)
        let nested = try path.appending(CompactIndexKey(currentIndex), in: input)
        let c = try input.openKeyed(NestedKey.self, pos, after, nested)
        pos = after
        currentIndex += 1
        return KeyedDecodingContainer(c)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let after = try next([Any].self)
        let nested = try path.appending(CompactIndexKey(currentIndex), in: input)
        let c = try input.openUnkeyed(pos, after, nested)
        pos = after
        currentIndex += 1
        return c
    }

    mutating func superDecoder() throws -> any Decoder {
        let after = try next(Any.self)
        let nested = try path.appending(CompactIndexKey(currentIndex), in: input)
        let d = CompactValueDecoder(input: input, start: pos, limit: after, path: nested)
        pos = after
        currentIndex += 1
        return d
    }
}

struct CompactSingleValueDecoding: SingleValueDecodingContainer {
    let input: CompactInput
    let start: Int
    let limit: Int
    let path: CompactPath

    var codingPath: [any CodingKey] { input.codingPath(path) }

    func decodeNil() -> Bool { input.isNil(start, limit) }

    @inline(__always) private func read<R>(_ body: (Int, Int) throws(CompactFault) -> (R, Int)) throws -> R {
        do throws(CompactFault) { return try body(start, limit).0 } catch { throw error.decodingError(codingPath) }
    }

    func decode(_: Bool.Type) throws -> Bool { try read { p, e throws(CompactFault) in try input.readBool(p, e) } }
    func decode(_: String.Type) throws -> String { try read { p, e throws(CompactFault) in try input.readString(p, e) } }
    func decode(_: Double.Type) throws -> Double { try read { p, e throws(CompactFault) in try input.readDouble(p, e) } }
    func decode(_: Float.Type) throws -> Float { try read { p, e throws(CompactFault) in try input.readFloat(p, e) } }
    func decode(_ t: Int.Type) throws -> Int { try integer(t) }
    func decode(_ t: Int8.Type) throws -> Int8 { try integer(t) }
    func decode(_ t: Int16.Type) throws -> Int16 { try integer(t) }
    func decode(_ t: Int32.Type) throws -> Int32 { try integer(t) }
    func decode(_ t: Int64.Type) throws -> Int64 { try integer(t) }
    func decode(_ t: UInt.Type) throws -> UInt { try integer(t) }
    func decode(_ t: UInt8.Type) throws -> UInt8 { try integer(t) }
    func decode(_ t: UInt16.Type) throws -> UInt16 { try integer(t) }
    func decode(_ t: UInt32.Type) throws -> UInt32 { try integer(t) }
    func decode(_ t: UInt64.Type) throws -> UInt64 { try integer(t) }

    private func integer<I: FixedWidthInteger>(_ t: I.Type) throws -> I {
        try read { p, e throws(CompactFault) in try input.readInteger(t, p, e) }
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try input.decodeValue(type, at: start, limit: limit, path: path)
    }
}
