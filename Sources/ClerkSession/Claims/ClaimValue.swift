/// A JSON value from the token's claims, for custom claims the typed accessors do not cover.
public enum ClaimValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A JSON number, with its exact text (so large integers lose nothing) and its `Double` value.
    case number(text: String, value: Double)
    case string(String)
    case array([ClaimValue])
    /// Members in document order (the reader refuses duplicate names).
    case object([(name: String, value: ClaimValue)])

    public static func == (lhs: ClaimValue, rhs: ClaimValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a, _), .number(b, _)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let text, _): hasher.combine(text)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for member in members { hasher.combine(member.name); hasher.combine(member.value) }
        }
    }

    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The number, when this is a number.
    public var doubleValue: Double? { if case .number(_, let v) = self { v } else { nil } }
    /// The boolean, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The member named `name`, when this is an object.
    public subscript(name: String) -> ClaimValue? {
        if case .object(let members) = self { members.first { $0.name == name }?.value } else { nil }
    }

    init(_ json: StrictJSON, _ index: Int) {
        switch json.kind(index) {
        case .null: self = .null
        case .bool: self = .bool(json.bool(index) ?? false)
        case .number:
            self = .number(text: String(decoding: json.numberText(index) ?? [], as: UTF8.self), value: json.double(index) ?? .nan)
        case .string: self = .string(json.string(index) ?? "")
        case .array:
            var items: [ClaimValue] = []
            json.forEachElement(of: index) { items.append(ClaimValue(json, $0)) }
            self = .array(items)
        case .object:
            var members: [(name: String, value: ClaimValue)] = []
            json.forEachMember(of: index) { key, value in members.append((json.string(key) ?? "", ClaimValue(json, value))) }
            self = .object(members)
        }
    }
}
