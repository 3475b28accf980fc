import ClerkSession

/// Clerk's answer to a request whose session is not reverified recently enough: status 403 and the JSON
/// body that `@clerk/shared`'s `reverificationErrorResponse(config)` sends, which Clerk's front-end
/// `useReverification` hook recognises, prompts the user to verify, and retries.
///
/// ```json
/// {"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}
/// ```
///
/// The `reverification` member is the preset's name (`strict_mfa`, `strict`, `moderate`, `lax`) or, for a
/// custom requirement, `{"level":"second_factor","afterMinutes":30}`; without a requirement, `metadata`
/// is empty (`"metadata":{}`), as `JSON.stringify` leaves out an `undefined` member. The bytes are
/// exactly those of `JSON.stringify`, with no whitespace.
///
/// Clerk's own response carries no explicit `Content-Type` (a JavaScript `Response` with a string body
/// defaults to `text/plain;charset=UTF-8`); this one is sent as ``contentType``, `application/json`, which
/// describes the body truthfully. The client hook calls `.json()` on the body whatever its type.
public struct ReverificationError: Sendable, Hashable {
    /// The requirement the request failed, if any.
    public let requirement: ReverificationRequirement?

    /// The answer for `requirement`.
    public init(_ requirement: ReverificationRequirement?) {
        self.requirement = requirement
    }

    /// The status: 403 Forbidden.
    public static let status = 403

    /// The body's content type: `application/json` (see the discussion above).
    public static let contentType = "application/json"

    /// The header fields of the answer: `Content-Type`.
    public var headers: [(name: String, value: String)] { [(name: "Content-Type", value: Self.contentType)] }

    /// The JSON body, as `JSON.stringify(reverificationError(config))` writes it.
    public var body: String {
        let metadata: String
        switch requirement {
        case nil:
            metadata = "{}"
        case .some(let requirement):
            if let preset = requirement.presetName {
                metadata = "{\"reverification\":\"\(preset)\"}"
            } else {
                metadata =
                    "{\"reverification\":{\"level\":\"\(requirement.level.rawValue)\",\"afterMinutes\":\(requirement.afterMinutes)}}"
            }
        }
        return "{\"clerk_error\":{\"type\":\"forbidden\",\"reason\":\"reverification-error\",\"metadata\":\(metadata)}}"
    }

    /// The body's UTF-8 bytes.
    public var bodyBytes: [UInt8] { Array(body.utf8) }
}
