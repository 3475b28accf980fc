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
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a, _), .number(let b, _)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.value == $1.value }
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
            for member in members {
                hasher.combine(member.name)
                hasher.combine(member.value)
            }
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
            self = .number(
                text: String(decoding: json.numberText(index) ?? [], as: UTF8.self), value: json.double(index) ?? .nan)
        case .string: self = .string(json.string(index) ?? "")
        case .array:
            var items: [ClaimValue] = []
            json.forEachElement(of: index) { items.append(ClaimValue(json, $0)) }
            self = .array(items)
        case .object:
            var members: [(name: String, value: ClaimValue)] = []
            json.forEachMember(of: index) { key, value in
                members.append((json.string(key) ?? "", ClaimValue(json, value)))
            }
            self = .object(members)
        }
    }
}

extension ClaimValue {
    /// Compact JSON text of this value (numbers keep their exact text).
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text, _): out += text
        case .string(let s): ClaimValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                ClaimValue.writeString(member.name, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A number claim from an integer.
    public static func integer(_ value: Int64) -> ClaimValue { .number(text: String(value), value: Double(value)) }
    /// A number claim from a double (written with Swift's shortest round-trip text).
    public static func double(_ value: Double) -> ClaimValue {
        if let whole = Int64(exactly: value) { return .integer(whole) }
        return .number(text: "\(value)", value: value)
    }
}

extension ClaimValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: ClaimValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}
