import ClerkSession

extension ClerkJSONValue {
    /// The same value as a ``ClerkSession/ClaimValue`` (object members sorted by name, since
    /// ``ClerkJSONValue`` does not keep their order); an empty object becomes nil.
    var claimValue: ClaimValue? {
        if case .object(let members) = self, members.isEmpty { return nil }
        return asClaim
    }

    private var asClaim: ClaimValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .integer(let value): .integer(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.asClaim))
        case .object(let members):
            .object(members.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.asClaim) })
        }
    }
}
