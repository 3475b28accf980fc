/// Shared pieces of the machine-token objects' decoding: the `object` check, required non-empty strings,
/// `claims`, and milliseconds to seconds.
enum MachineTokenDecoding {
    /// Throws unless member `key` is the string `expected`.
    static func expectObject<K: CodingKey>(_ expected: String, in c: KeyedDecodingContainer<K>, key: K) throws {
        let object = try c.decode(String.self, forKey: key)
        guard object == expected else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "object is \"\(object)\", not \"\(expected)\"")
        }
    }

    /// A required string member that must not be empty.
    static func nonEmpty<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
        let value = try c.decode(String.self, forKey: key)
        guard !value.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) is empty")
        }
        return value
    }

    /// `claims`: an object, or absent/`null` (nil); anything else is refused.
    static func claims<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> ClerkJSONValue? {
        let value = try c.decodeIfPresent(ClerkJSONValue.self, forKey: key)
        switch value {
        case nil, .null?: return nil
        case .object?: return value
        default:
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "claims is not an object")
        }
    }

    /// Clerk's milliseconds as seconds.
    static func seconds(_ milliseconds: Int64?) -> Double? {
        milliseconds.map { Double($0) / 1000 }
    }
}
