/// Why a state directory cannot be used, said for the operator. Nothing was changed.
public struct StateStoreError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
