import Foundation
import GRDB

/// FNV-1a over stored bytes: cheap, and any flipped byte changes it. It runs over the raw bytes
/// (`withUnsafeBytes`), never element by element through `Data`'s indexing.
enum Checksum {
    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3

    static func of(_ data: Data) -> Int64 {
        var h = offsetBasis
        data.withUnsafeBytes { add($0, to: &h) }
        return Int64(bitPattern: h)
    }

    @inline(__always)
    static func add(_ raw: UnsafeRawBufferPointer, to h: inout UInt64) {
        for b in raw {
            h ^= UInt64(b)
            h = h &* prime
        }
    }

    static func add(_ v: UInt64, to h: inout UInt64) {
        withUnsafeBytes(of: v.littleEndian) { add($0, to: &h) }
    }

    /// The checksum of a stored row: every column but the checksum itself, in the table's column
    /// order, each with its type, so a value moved to another column or another row (its key is
    /// one of the columns) is caught too.
    static func ofRow(_ values: [DatabaseValue]) -> Int64 {
        var h = offsetBasis
        for value in values {
            switch value.storage {
            case .null:
                add(0, to: &h)
            case .int64(let i):
                add(1, to: &h); add(UInt64(bitPattern: i), to: &h)
            case .double(let d):
                add(2, to: &h); add(d.bitPattern, to: &h)
            case .string(let s):
                add(3, to: &h)
                var s = s
                s.withUTF8 { utf8 in
                    add(UInt64(utf8.count), to: &h)
                    add(UnsafeRawBufferPointer(utf8), to: &h)
                }
            case .blob(let d):
                add(4, to: &h); add(UInt64(d.count), to: &h)
                d.withUnsafeBytes { add($0, to: &h) }
            }
        }
        return Int64(bitPattern: h)
    }
}
