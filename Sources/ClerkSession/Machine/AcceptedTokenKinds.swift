/// Which kinds of token an endpoint accepts: Clerk's `acceptsToken`. Session tokens only by default.
///
/// ```swift
/// let kinds: AcceptedTokenKinds = [.sessionToken, .m2mToken]   // a set of kinds
/// let everything: AcceptedTokenKinds = .any                      // every kind
/// ```
///
/// A token of a kind outside the set is refused with `token-type-mismatch` before any verifier of
/// another kind sees it. Every session-token rule holds whatever else is accepted: a JWT-template token
/// stays refused under ``any`` (Clerk's JavaScript SDK lets one through there; this package does not).
public struct AcceptedTokenKinds: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue & 0b1111 }

    /// Session tokens.
    public static let sessionToken = AcceptedTokenKinds(rawValue: 1 << 0)
    /// M2M tokens, opaque and JWT.
    public static let m2mToken = AcceptedTokenKinds(rawValue: 1 << 1)
    /// API keys.
    public static let apiKey = AcceptedTokenKinds(rawValue: 1 << 2)
    /// OAuth access tokens, opaque and JWT.
    public static let oauthToken = AcceptedTokenKinds(rawValue: 1 << 3)
    /// The three machine kinds.
    public static let machine: AcceptedTokenKinds = [.m2mToken, .apiKey, .oauthToken]
    /// Every kind (Clerk's `'any'`).
    public static let any: AcceptedTokenKinds = [.sessionToken, .m2mToken, .apiKey, .oauthToken]

    /// The set holding just `kind`.
    public init(_ kind: ClerkTokenKind) {
        switch kind {
        case .sessionToken: self = .sessionToken
        case .m2mToken: self = .m2mToken
        case .apiKey: self = .apiKey
        case .oauthToken: self = .oauthToken
        }
    }

    /// The set of `kinds`.
    public init<S: Sequence<ClerkTokenKind>>(_ kinds: S) {
        self = kinds.reduce(into: []) { $0.insert(AcceptedTokenKinds($1)) }
    }

    /// Parses Clerk's names: `any`, or a comma-separated list of `session_token`, `m2m_token`, `api_key`,
    /// `oauth_token` (spaces around names allowed). Compared as bytes.
    ///
    /// - Throws: ``ClerkVerificationError`` with code `configuration-invalid` for an empty list or an
    ///   unknown name.
    public init(parsing text: String) throws(ClerkVerificationError) {
        var kinds: AcceptedTokenKinds = []
        for part in text.utf8.split(separator: 0x2C, omittingEmptySubsequences: false) {
            let name = Array(part.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
            if name.elementsEqual("any".utf8) {
                kinds = .any
                continue
            }
            guard let kind = ClerkTokenKind.allCases.first(where: { name.elementsEqual($0.rawValue.utf8) }) else {
                throw ClerkVerificationError(
                    .configurationInvalid,
                    "unknown token kind \"\(LogSafe.text(String(decoding: name, as: UTF8.self), limit: 32))\"; expected session_token, m2m_token, api_key, oauth_token or any"
                )
            }
            kinds.insert(AcceptedTokenKinds(kind))
        }
        guard !kinds.isEmpty else {
            throw ClerkVerificationError(.configurationInvalid, "no token kind given")
        }
        self = kinds
    }

    /// Whether `kind` is accepted.
    @inline(__always)
    public func accepts(_ kind: ClerkTokenKind) -> Bool { contains(AcceptedTokenKinds(kind)) }

    /// The accepted kinds, in the order of ``ClerkTokenKind/allCases``.
    public var kinds: [ClerkTokenKind] { ClerkTokenKind.allCases.filter(accepts) }

    /// `any`, or Clerk's names joined by commas.
    public var description: String {
        self == .any ? "any" : kinds.map(\.rawValue).joined(separator: ",")
    }
}
