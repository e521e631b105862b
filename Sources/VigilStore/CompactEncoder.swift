import Foundation

/// Encodes `Encodable` values into a compact, self-describing binary form that `CompactDecoder`
/// reads back: the store's checkpoints encode the simulator's state at every checkpoint, and
/// Foundation's `JSONEncoder` spends most of a checkpoint doing it.
///
/// The bytes go straight into one growable buffer as the value's `encode(to:)` runs; there is no
/// intermediate tree. Keyed containers keep their keys (so types decode by key, in any order, and
/// read states written before a key existed); unkeyed containers are plain sequences.
///
/// Format (version byte `0xC1`, then one value). A value is a tag byte and what follows it:
///
/// | tag          | value                                                                   |
/// |--------------|-------------------------------------------------------------------------|
/// | `0x00`       | nil                                                                     |
/// | `0x01/0x02`  | false / true                                                            |
/// | `0x03`       | signed integer: zig-zag LEB128 varint                                   |
/// | `0x04`       | unsigned integer: LEB128 varint                                         |
/// | `0x05/0x06`  | Double / Float: IEEE bit pattern, little-endian (8 / 4 bytes)           |
/// | `0x07`       | string: varint byte count, UTF-8                                        |
/// | `0x08`       | keyed container: varint body length; body = (varint key length, UTF-8 key, value)* |
/// | `0x09`       | unkeyed container: varint body length; body = value*                   |
/// | `0x0A`       | "some": the next value is an optional's content, itself optional (see below) |
/// | `0x80…0xFF`  | an integer 0…127 (signed or unsigned) in the tag itself                 |
///
/// Containers have no close call in `Codable`; a container is closed when the `encode(to:)` that
/// opened it returns (or, for `nestedContainer` and `superEncoder`, when its parent is next written
/// to or closed), and its body length is then written into the byte reserved after its tag (the
/// body moves up when the length needs more than one byte). The length lets the decoder step over
/// a nested container in O(1) when it indexes a keyed container's entries.
///
/// Optionals under a key are written with an explicit nil when absent (`encodeIfPresent`), so
/// `contains` and `decodeNil(forKey:)` see them. A present optional under a key whose content is
/// itself optional (`Int??`) gets a `0x0A` prefix, so `.some(nil)` reads back as `.some(nil)`
/// (JSON reads it back as nil); elsewhere (array elements, single value containers) an optional
/// inside an optional collapses as it does in JSON.
///
/// Supported: every `Codable` shape written sequentially (what synthesized and ordinary
/// hand-written conformances do), including `nestedContainer`, `nestedUnkeyedContainer` and
/// `superEncoder`. Not supported: interleaved use, i.e. writing to a nested container or super
/// encoder again after its parent has been written to since (the stream has moved on); that
/// throws `EncodingError.invalidValue` instead of producing wrong bytes. A key written twice into
/// one keyed container is kept twice (JSONEncoder keeps the last); the decoder finds one of them.
/// Dictionaries are written in their iteration order, so equal dictionaries built differently may
/// encode to different bytes (as with JSONEncoder without `.sortedKeys`).
public struct CompactEncoder: Sendable {
    /// Handed to every value's encoder, as `JSONEncoder.userInfo` is.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// The compact encoding of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = CompactSink(userInfo: userInfo)
        sink.writeByte(CompactFormat.version)
        if !sink.writePrimitive(value) {
            try sink.encodeTopLevel(value)
        }
        if let failure = sink.failure { throw failure }
        return sink.bytes()
    }
}

/// Tags and limits shared by `CompactEncoder` and `CompactDecoder`.
enum CompactFormat {
    static let version: UInt8 = 0xC1
    static let tagNil: UInt8 = 0x00
    static let tagFalse: UInt8 = 0x01
    static let tagTrue: UInt8 = 0x02
    static let tagSigned: UInt8 = 0x03
    static let tagUnsigned: UInt8 = 0x04
    static let tagDouble: UInt8 = 0x05
    static let tagFloat: UInt8 = 0x06
    static let tagString: UInt8 = 0x07
    static let tagKeyed: UInt8 = 0x08
    static let tagUnkeyed: UInt8 = 0x09
    static let tagSome: UInt8 = 0x0A
    /// Tags from here up are integers 0…127 held in the tag.
    static let tagFixint: UInt8 = 0x80
    /// How deeply `CompactDecoder` lets values nest (containers in containers: the length of a
    /// coding path; also values decoded inside values) before it calls the input corrupt, so
    /// that a recursive type fed a deep input throws instead of running out of stack.
    static let maximumDepth = 512

    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    static func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))) }
}

/// Any `Optional`, so that an optional holding an optional can be told apart (see `tagSome`).
protocol CompactOptional {}
extension Optional: CompactOptional {}

/// A key for an element of an unkeyed container (coding paths only).
struct CompactIndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(intValue: Int) { index = intValue }
    init?(stringValue: String) { nil }
    var intValue: Int? { index }
    var stringValue: String { "Index \(index)" }
}

/// A key known only by its name (`super`, coding paths).
struct CompactStringKey: CodingKey {
    let stringValue: String
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    var intValue: Int? { nil }
    static let superKey = CompactStringKey("super")
}

// MARK: - The sink

/// The one buffer every container of an encoding writes into, and the stack of values still open.
///
/// Containers are small structs pointing here with their frame's depth and id; a write first
/// closes whatever was opened above its frame since (a nested value, a nested container, a super
/// encoder: sequential use means they are finished), and refuses if its own frame is gone.
final class CompactSink {
    /// A value still open. Plain data, so pushing and popping one is a copy of a few words: the
    /// key it sits under in its parent (for coding paths) is kept inline when it is plain data
    /// itself (synthesized coding keys, element indices), and only other keys (dictionary keys,
    /// `super`) go into `State.keys` as existentials, whose copies and destruction were a tenth of
    /// an encoding.
    struct Frame {
        enum Kind { case emptySlot, filledSlot, keyed, unkeyed }
        var id: Int
        var kind: Kind
        /// For a container, where its body length byte is.
        var start: Int
        /// Elements written (unkeyed containers).
        var elements = 0
        /// The key's type and bytes, when it is plain data of up to 16 bytes;
        var keyType: (any CodingKey.Type)?
        var keyBits: (UInt64, UInt64) = (0, 0)
        /// otherwise its index in `State.keys` (-1: no key, or inline).
        var keyIndex = -1
    }

    /// The open frames. Not an array: a push writes the frame's fields (and a plain key's bytes)
    /// in place, where an array append copied it through a temporary, and reading it back over a
    /// one-byte key just stored stalled on every push.
    struct FrameStack {
        private var capacity: Int
        private(set) var count = 0
        private var storage: UnsafeMutablePointer<Frame>

        init() {
            capacity = 64
            storage = .allocate(capacity: capacity)
        }

        func deallocate() { storage.deallocate() }

        /// The frame at `i`, which must be below `count`.
        @inline(__always) func at(_ i: Int) -> UnsafeMutablePointer<Frame> {
            precondition(i >= 0 && i < count, "CompactEncoder: frame \(i) of \(count)")
            return storage + i
        }

        /// A new frame on top (its key not set).
        @inline(__always) mutating func push(_ frame: Frame) -> UnsafeMutablePointer<Frame> {
            if count == capacity {
                let bigger = UnsafeMutablePointer<Frame>.allocate(capacity: capacity * 2)
                bigger.initialize(from: storage, count: count)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let top = storage + count
            top.initialize(to: frame)
            count += 1
            return top
        }

        @inline(__always) mutating func pop() -> Frame? {
            guard count > 0 else { return nil }
            count -= 1
            return storage[count]
        }
    }

    /// Where a frame keeps a plain key's bytes (a stored property's offset: never nil).
    static let keyBitsOffset = MemoryLayout<Frame>.offset(of: \Frame.keyBits)

    /// The mutable state, behind a pointer: a class's stored `var`s are checked for exclusive
    /// access at run time on every read and write, which cost a tenth of an encoding.
    struct State {
        /// `malloc`ed, so that growing can `realloc` (large blocks are remapped, not copied).
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0
        var frames = FrameStack()
        /// Keys of open frames that are not plain data, in frame order.
        var keys: [any CodingKey] = []
        var lastID = 0
        var failure: EncodingError?
    }

    private let s: UnsafeMutablePointer<State>
    let userInfo: [CodingUserInfoKey: Any]

    init(userInfo: [CodingUserInfoKey: any Sendable]) {
        let capacity = 1 << 12
        guard let raw = malloc(capacity) else { fatalError("CompactEncoder: out of memory") }
        s = .allocate(capacity: 1)
        s.initialize(to: State(base: raw.bindMemory(to: UInt8.self, capacity: capacity), capacity: capacity))
        var info: [CodingUserInfoKey: Any] = [:]
        for (k, v) in userInfo { info[k] = v }
        self.userInfo = info
    }

    deinit {
        free(s.pointee.base)
        s.pointee.frames.deallocate()
        s.deinitialize(count: 1)
        s.deallocate()
    }

    var count: Int { s.pointee.count }
    var failure: EncodingError? { s.pointee.failure }

    func bytes() -> [UInt8] { Array(UnsafeBufferPointer(start: s.pointee.base, count: s.pointee.count)) }

    // MARK: Bytes

    /// Room for `n` more bytes; the buffer's address after it.
    @inline(__always) private func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if s.pointee.capacity - s.pointee.count < n { grow(n) }
        return s.pointee.base
    }

    private func grow(_ n: Int) {
        var capacity = s.pointee.capacity * 2
        while capacity - s.pointee.count < n { capacity *= 2 }
        guard let raw = realloc(s.pointee.base, capacity) else { fatalError("CompactEncoder: out of memory") }
        s.pointee.base = raw.bindMemory(to: UInt8.self, capacity: capacity)
        s.pointee.capacity = capacity
    }

    @inline(__always) func writeByte(_ b: UInt8) {
        let base = reserve(1)
        base[s.pointee.count] = b
        s.pointee.count += 1
    }

    /// A varint at `i` (room for 10 bytes reserved); the index after it.
    @inline(__always) private static func put(_ value: UInt64, _ base: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int {
        var v = value, i = at
        while v >= 0x80 {
            base[i] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            i += 1
        }
        base[i] = UInt8(truncatingIfNeeded: v)
        return i + 1
    }

    /// A tag and a varint.
    @inline(__always) private func write(_ tag: UInt8, _ value: UInt64) {
        let base = reserve(11)
        let i = s.pointee.count
        base[i] = tag
        s.pointee.count = Self.put(value, base, i + 1)
    }

    func writeSigned(_ v: Int64) {
        if v >= 0 && v < 0x80 { writeByte(CompactFormat.tagFixint | UInt8(truncatingIfNeeded: v)); return }
        write(CompactFormat.tagSigned, CompactFormat.zigzag(v))
    }

    func writeUnsigned(_ v: UInt64) {
        if v < 0x80 { writeByte(CompactFormat.tagFixint | UInt8(truncatingIfNeeded: v)); return }
        write(CompactFormat.tagUnsigned, v)
    }

    func writeBool(_ v: Bool) { writeByte(v ? CompactFormat.tagTrue : CompactFormat.tagFalse) }

    func writeDouble(_ v: Double) {
        let base = reserve(9)
        let i = s.pointee.count
        base[i] = CompactFormat.tagDouble
        UnsafeMutableRawPointer(base + i + 1).storeBytes(of: v.bitPattern.littleEndian, as: UInt64.self)
        s.pointee.count = i + 9
    }

    func writeFloat(_ v: Float) {
        let base = reserve(5)
        let i = s.pointee.count
        base[i] = CompactFormat.tagFloat
        UnsafeMutableRawPointer(base + i + 1).storeBytes(of: v.bitPattern.littleEndian, as: UInt32.self)
        s.pointee.count = i + 5
    }

    /// Length-prefixed UTF-8 (keys, and strings after their tag).
    @inline(__always) private func putUTF8(_ string: String) {
        let utf8 = string.utf8
        let n = utf8.count
        let base = reserve(n + 10)
        let start = Self.put(UInt64(n), base, s.pointee.count)
        let copied: Void? = utf8.withContiguousStorageIfAvailable { u in
            guard let source = u.baseAddress else { return }
            Self.copy(UnsafeRawPointer(source), to: UnsafeMutableRawPointer(base + start), count: n)
        }
        if copied == nil {
            var i = start
            for b in utf8 { base[i] = b; i += 1 }
        }
        s.pointee.count = start + n
    }

    /// Copies `count` bytes. Keys are mostly 4 to 16 bytes: two overlapping word copies move
    /// them in four instructions, where a byte loop took a twentieth of an encoding and a call to
    /// memmove about as much.
    @inline(__always) private static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 && n <= 16 {
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
        } else if n < 4 {
            for j in 0..<n { target.storeBytes(of: source.load(fromByteOffset: j, as: UInt8.self), toByteOffset: j, as: UInt8.self) }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
    }

    func writeString(_ string: String) {
        writeByte(CompactFormat.tagString)
        putUTF8(string)
    }

    func writeKey(_ name: String) { putUTF8(name) }

    /// Writes `value` if it is one of the primitive types; false (nothing written) otherwise.
    /// Generic `encode` calls (array elements, dictionary values) come through here, so the common
    /// types skip a frame and a call through `encode(to:)`.
    @inline(__always) func writePrimitive<T>(_ value: T) -> Bool {
        if T.self == Int.self { writeSigned(Int64(unsafeBitCast(value, to: Int.self))) }
        else if T.self == String.self { writeString(unsafeBitCast(value, to: String.self)) }
        else if T.self == Double.self { writeDouble(unsafeBitCast(value, to: Double.self)) }
        else if T.self == Int64.self { writeSigned(unsafeBitCast(value, to: Int64.self)) }
        else if T.self == UInt64.self { writeUnsigned(unsafeBitCast(value, to: UInt64.self)) }
        else if T.self == Bool.self { writeBool(unsafeBitCast(value, to: Bool.self)) }
        else if T.self == Int32.self { writeSigned(Int64(unsafeBitCast(value, to: Int32.self))) }
        else if T.self == UInt8.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt8.self))) }
        else if T.self == UInt32.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt32.self))) }
        else if T.self == UInt.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt.self))) }
        else if T.self == Float.self { writeFloat(unsafeBitCast(value, to: Float.self)) }
        else if T.self == Int8.self { writeSigned(Int64(unsafeBitCast(value, to: Int8.self))) }
        else if T.self == Int16.self { writeSigned(Int64(unsafeBitCast(value, to: Int16.self))) }
        else if T.self == UInt16.self { writeUnsigned(UInt64(unsafeBitCast(value, to: UInt16.self))) }
        else { return false }
        return true
    }

    // MARK: Frames

    /// Encodes a non-primitive value under `key` in a frame of its own above `parent`, and closes
    /// that frame (and anything the value left open above it) when its `encode(to:)` returns.
    func encodeNested<T: Encodable, K: CodingKey>(_ value: T, key: K, parent: Int) throws {
        try encode(value, in: push(.emptySlot, start: s.pointee.count, key: key), parent: parent)
    }

    /// As `encodeNested(_:key:parent:)`, for the top-level value.
    func encodeTopLevel<T: Encodable>(_ value: T) throws {
        s.pointee.lastID &+= 1
        _ = s.pointee.frames.push(Frame(id: s.pointee.lastID, kind: .emptySlot, start: s.pointee.count))
        try encode(value, in: s.pointee.lastID, parent: -1)
    }

    private func encode<T: Encodable>(_ value: T, in id: Int, parent: Int) throws {
        do {
            try value.encode(to: CompactValueEncoder(sink: self, depth: parent + 1, id: id))
        } catch {
            dropFrames(above: parent)
            throw error
        }
        closeFrames(above: parent)
    }

    // (Not `key: K?`: that would look `Optional<K>`'s metadata up on every call.)
    func push<K: CodingKey>(_ kind: Frame.Kind, start: Int, key: K) -> Int {
        s.pointee.lastID &+= 1
        let id = s.pointee.lastID
        let frame = s.pointee.frames.push(Frame(id: id, kind: kind, start: start))
        if _isPOD(K.self) && MemoryLayout<K>.size <= 16 && MemoryLayout<K>.alignment <= 8, let offset = Self.keyBitsOffset {
            frame.pointee.keyType = K.self
            UnsafeMutableRawPointer(frame).storeBytes(of: key, toByteOffset: offset, as: K.self)
        } else {
            frame.pointee.keyIndex = s.pointee.keys.count
            s.pointee.keys.append(key)
        }
        return id
    }

    private func key(of frame: Frame) -> (any CodingKey)? {
        if frame.keyIndex >= 0 {
            return frame.keyIndex < s.pointee.keys.count ? s.pointee.keys[frame.keyIndex] : nil
        }
        guard let type = frame.keyType else { return nil }
        func load<K: CodingKey>(_: K.Type) -> any CodingKey {
            withUnsafeBytes(of: frame.keyBits) { $0.load(as: K.self) }
        }
        return load(type)
    }

    @inline(__always) private func pop() -> Frame? {
        guard let frame = s.pointee.frames.pop() else { return nil }
        if frame.keyIndex >= 0 { s.pointee.keys.removeLast(s.pointee.keys.count - min(frame.keyIndex, s.pointee.keys.count)) }
        return frame
    }

    private func closeFrames(above depth: Int) {
        while s.pointee.frames.count > depth + 1, let frame = pop() {
            switch frame.kind {
            case .emptySlot:
                // A value that encoded nothing: an empty keyed container, as JSONEncoder writes `{}`.
                writeByte(CompactFormat.tagKeyed)
                writeByte(0)
            case .filledSlot:
                break
            case .keyed, .unkeyed:
                patchLength(at: frame.start)
            }
        }
    }

    /// Forgets the frames above `depth` (their value threw: the encoding is failing).
    private func dropFrames(above depth: Int) {
        while s.pointee.frames.count > depth + 1, pop() != nil {}
    }

    /// Writes a closed container's body length into the byte reserved for it, moving the body up
    /// when the length needs more bytes. Only the closing container's own body moves: every frame
    /// still open starts before it.
    private func patchLength(at position: Int) {
        let bodyStart = position + 1
        let length = s.pointee.count - bodyStart
        if length < 0x80 {
            s.pointee.base[position] = UInt8(truncatingIfNeeded: length)
            return
        }
        var size = 1, rest = length >> 7
        while rest > 0 { size += 1; rest >>= 7 }
        let base = reserve(size - 1)
        UnsafeMutableRawPointer(base + bodyStart + size - 1).copyMemory(from: base + bodyStart, byteCount: length)
        s.pointee.count += size - 1
        _ = Self.put(UInt64(length), base, position)
    }

    /// Makes the frame at `depth` (which must be `id`) the innermost open one, closing what was
    /// opened above it since; throws if it was closed already (a container used out of order).
    @inline(__always) func enter(_ depth: Int, _ id: Int) throws {
        if depth >= 0 && depth + 1 == s.pointee.frames.count && s.pointee.frames.at(depth).pointee.id == id { return }
        try enterSlow(depth, id)
    }

    private func enterSlow(_ depth: Int, _ id: Int) throws {
        guard depth >= 0, depth < s.pointee.frames.count, s.pointee.frames.at(depth).pointee.id == id else {
            throw misuse("a container or encoder was used after the value it belongs to was finished "
                         + "(CompactEncoder supports sequential use only)", depth: depth)
        }
        closeFrames(above: depth)
    }

    /// Claims the next element of the unkeyed container at `depth`: its index.
    @inline(__always) func element(_ depth: Int, _ id: Int) throws -> Int {
        try enter(depth, id)
        let frame = s.pointee.frames.at(depth)
        let index = frame.pointee.elements
        frame.pointee.elements = index + 1
        return index
    }

    func elements(_ depth: Int, _ id: Int) -> Int {
        let frames = s.pointee.frames
        guard depth >= 0, depth < frames.count, frames.at(depth).pointee.id == id else { return 0 }
        return frames.at(depth).pointee.elements
    }

    /// Marks the single value at `depth` written; throws if something was written there already.
    @inline(__always) func fill(_ depth: Int, _ id: Int) throws {
        try checkEmpty(depth, id)
        s.pointee.frames.at(depth).pointee.kind = .filledSlot
    }

    /// Checks the single value at `depth` is still unwritten (for a generic value about to encode itself there).
    @inline(__always) func checkEmpty(_ depth: Int, _ id: Int) throws {
        try enter(depth, id)
        guard s.pointee.frames.at(depth).pointee.kind == .emptySlot else {
            throw misuse("a single value container was written to twice", depth: depth)
        }
    }

    /// Turns the value at `depth` into a container of `kind`, or returns false (recording why)
    /// when it is already something else. Asking again for the same kind gets the same container.
    func open(_ kind: Frame.Kind, depth: Int, id: Int) -> Bool {
        do { try enter(depth, id) } catch { record(error); return false }
        let current = s.pointee.frames.at(depth).pointee.kind
        if current == kind { return true }
        guard current == .emptySlot else {
            record(misuse("asked for a \(kind) container where a \(current) value was already encoded", depth: depth))
            return false
        }
        writeByte(kind == .keyed ? CompactFormat.tagKeyed : CompactFormat.tagUnkeyed)
        s.pointee.frames.at(depth).pointee.kind = kind
        s.pointee.frames.at(depth).pointee.start = s.pointee.count
        writeByte(0)
        return true
    }

    /// Opens a container as the value just keyed (or just claimed as an element) in the frame at
    /// `parent`: depth and id of its frame.
    func openNested<K: CodingKey>(_ kind: Frame.Kind, parent: Int, key: K) -> (depth: Int, id: Int) {
        writeByte(kind == .keyed ? CompactFormat.tagKeyed : CompactFormat.tagUnkeyed)
        let start = s.pointee.count
        writeByte(0)
        return (parent + 1, push(kind, start: start, key: key))
    }

    func codingPath(_ depth: Int) -> [any CodingKey] {
        (0..<min(max(0, depth + 1), s.pointee.frames.count)).compactMap { key(of: s.pointee.frames.at($0).pointee) }
    }

    /// Misuse reported by calls that cannot throw (`container(keyedBy:)`, `nestedContainer`…):
    /// thrown by `encode` at the end, and by the refused container's first write.
    func record(_ error: any Error) {
        if s.pointee.failure == nil {
            s.pointee.failure = error as? EncodingError
                ?? EncodingError.invalidValue(error, .init(codingPath: [], debugDescription: "\(error)"))
        }
    }

    func misuse(_ what: String, depth: Int) -> EncodingError {
        EncodingError.invalidValue(what, .init(codingPath: codingPath(depth), debugDescription: what))
    }
}

// MARK: - Encoder and containers

/// The encoder handed to a value's `encode(to:)`: the value's frame in the sink.
struct CompactValueEncoder: Encoder {
    let sink: CompactSink
    let depth: Int
    let id: Int

    var codingPath: [any CodingKey] { sink.codingPath(depth) }
    var userInfo: [CodingUserInfoKey: Any] { sink.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let ok = sink.open(.keyed, depth: depth, id: id)
        return KeyedEncodingContainer(CompactKeyedEncoding<Key>(sink: sink, depth: ok ? depth : -1, id: id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let ok = sink.open(.unkeyed, depth: depth, id: id)
        return CompactUnkeyedEncoding(sink: sink, depth: ok ? depth : -1, id: id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CompactSingleValueEncoding(sink: sink, depth: depth, id: id)
    }
}

struct CompactKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: CompactSink
    /// -1 for a container refused when it was asked for (every write throws).
    let depth: Int
    let id: Int

    var codingPath: [any CodingKey] { sink.codingPath(depth) }

    @inline(__always) private func begin(_ key: Key) throws {
        try sink.enter(depth, id)
        sink.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); sink.writeByte(CompactFormat.tagNil) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); sink.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); sink.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); sink.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); sink.writeFloat(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); sink.writeSigned(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); sink.writeUnsigned(value) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        if sink.writePrimitive(value) { return }
        try sink.encodeNested(value, key: key, parent: depth)
    }

    // Absent optionals are written as an explicit nil (the standard implementations write
    // nothing), so `decodeIfPresent`, `decodeNil` and `contains` all see the key.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        try begin(key)
        if let value { sink.writeBool(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        try begin(key)
        if let value { sink.writeString(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        try begin(key)
        if let value { sink.writeDouble(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        try begin(key)
        if let value { sink.writeFloat(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try signed(value.map(Int64.init), key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try signed(value.map(Int64.init), key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try signed(value.map(Int64.init), key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try signed(value.map(Int64.init), key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try signed(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try unsigned(value.map(UInt64.init), key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try unsigned(value.map(UInt64.init), key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try unsigned(value.map(UInt64.init), key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try unsigned(value.map(UInt64.init), key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try unsigned(value, key) }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try begin(key)
        guard let value else { sink.writeByte(CompactFormat.tagNil); return }
        if sink.writePrimitive(value) { return }
        // A present optional holding an optional: marked, or `.some(nil)` would read back as nil.
        if T.self is any CompactOptional.Type { sink.writeByte(CompactFormat.tagSome) }
        try sink.encodeNested(value, key: key, parent: depth)
    }

    private func signed(_ value: Int64?, _ key: Key) throws {
        try begin(key)
        if let value { sink.writeSigned(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }

    private func unsigned(_ value: UInt64?, _ key: Key) throws {
        try begin(key)
        if let value { sink.writeUnsigned(value) } else { sink.writeByte(CompactFormat.tagNil) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        do { try begin(key) } catch {
            sink.record(error)
            return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(sink: sink, depth: -1, id: 0))
        }
        let (d, id) = sink.openNested(.keyed, parent: depth, key: key)
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(sink: sink, depth: d, id: id))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        do { try begin(key) } catch {
            sink.record(error)
            return CompactUnkeyedEncoding(sink: sink, depth: -1, id: 0)
        }
        let (d, id) = sink.openNested(.unkeyed, parent: depth, key: key)
        return CompactUnkeyedEncoding(sink: sink, depth: d, id: id)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: CompactStringKey.superKey) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    /// An encoder for the value under `key`, closed when this container is next written to or closed.
    private func superEncoder<K: CodingKey>(named key: K) -> any Encoder {
        do {
            try sink.enter(depth, id)
            sink.writeKey(key.stringValue)
        } catch {
            sink.record(error)
            return CompactValueEncoder(sink: sink, depth: -1, id: 0)
        }
        let id = sink.push(.emptySlot, start: sink.count, key: key)
        return CompactValueEncoder(sink: sink, depth: depth + 1, id: id)
    }
}

struct CompactUnkeyedEncoding: UnkeyedEncodingContainer {
    let sink: CompactSink
    /// -1 for a container refused when it was asked for (every write throws).
    let depth: Int
    let id: Int

    var codingPath: [any CodingKey] { sink.codingPath(depth) }
    var count: Int { sink.elements(depth, id) }

    mutating func encodeNil() throws { _ = try sink.element(depth, id); sink.writeByte(CompactFormat.tagNil) }
    mutating func encode(_ value: Bool) throws { _ = try sink.element(depth, id); sink.writeBool(value) }
    mutating func encode(_ value: String) throws { _ = try sink.element(depth, id); sink.writeString(value) }
    mutating func encode(_ value: Double) throws { _ = try sink.element(depth, id); sink.writeDouble(value) }
    mutating func encode(_ value: Float) throws { _ = try sink.element(depth, id); sink.writeFloat(value) }
    mutating func encode(_ value: Int) throws { _ = try sink.element(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { _ = try sink.element(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { _ = try sink.element(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { _ = try sink.element(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { _ = try sink.element(depth, id); sink.writeSigned(value) }
    mutating func encode(_ value: UInt) throws { _ = try sink.element(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { _ = try sink.element(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { _ = try sink.element(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { _ = try sink.element(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { _ = try sink.element(depth, id); sink.writeUnsigned(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = try sink.element(depth, id)
        if sink.writePrimitive(value) { return }
        try sink.encodeNested(value, key: CompactIndexKey(index), parent: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        do {
            let index = try sink.element(depth, id)
            let (d, id) = sink.openNested(.keyed, parent: depth, key: CompactIndexKey(index))
            return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(sink: sink, depth: d, id: id))
        } catch {
            sink.record(error)
            return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(sink: sink, depth: -1, id: 0))
        }
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        do {
            let index = try sink.element(depth, id)
            let (d, id) = sink.openNested(.unkeyed, parent: depth, key: CompactIndexKey(index))
            return CompactUnkeyedEncoding(sink: sink, depth: d, id: id)
        } catch {
            sink.record(error)
            return CompactUnkeyedEncoding(sink: sink, depth: -1, id: 0)
        }
    }

    mutating func superEncoder() -> any Encoder {
        do {
            let index = try sink.element(depth, id)
            let id = sink.push(.emptySlot, start: sink.count, key: CompactIndexKey(index))
            return CompactValueEncoder(sink: sink, depth: depth + 1, id: id)
        } catch {
            sink.record(error)
            return CompactValueEncoder(sink: sink, depth: -1, id: 0)
        }
    }
}

struct CompactSingleValueEncoding: SingleValueEncodingContainer {
    let sink: CompactSink
    let depth: Int
    let id: Int

    var codingPath: [any CodingKey] { sink.codingPath(depth) }

    mutating func encodeNil() throws { try sink.fill(depth, id); sink.writeByte(CompactFormat.tagNil) }
    mutating func encode(_ value: Bool) throws { try sink.fill(depth, id); sink.writeBool(value) }
    mutating func encode(_ value: String) throws { try sink.fill(depth, id); sink.writeString(value) }
    mutating func encode(_ value: Double) throws { try sink.fill(depth, id); sink.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try sink.fill(depth, id); sink.writeFloat(value) }
    mutating func encode(_ value: Int) throws { try sink.fill(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try sink.fill(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try sink.fill(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try sink.fill(depth, id); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try sink.fill(depth, id); sink.writeSigned(value) }
    mutating func encode(_ value: UInt) throws { try sink.fill(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try sink.fill(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try sink.fill(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try sink.fill(depth, id); sink.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try sink.fill(depth, id); sink.writeUnsigned(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try sink.checkEmpty(depth, id)
        if sink.writePrimitive(value) { try sink.fill(depth, id); return }
        // The value takes this container's place (it writes into the same frame). An optional
        // is not marked here (unlike `encodeIfPresent`): hand-written decoders test a single value
        // with `decodeNil()` before decoding it, and must see its nil.
        try value.encode(to: CompactValueEncoder(sink: sink, depth: depth, id: id))
    }
}
