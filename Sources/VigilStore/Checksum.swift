import Foundation

/// FNV-1a over a blob: cheap, and any flipped byte changes it.
enum Checksum {
    static func of(_ data: Data) -> Int64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in data {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        return Int64(bitPattern: h)
    }
}
