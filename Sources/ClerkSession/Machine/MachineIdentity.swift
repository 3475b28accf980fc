#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A verified machine caller: an M2M token, an API key or an OAuth access token that passed every check.
///
/// JWT-format tokens (M2M JWTs, OAuth JWT access tokens) are verified locally, like session tokens; opaque
/// ones (`mt_…`, `ak_…`, `oat_…`) by Clerk's Backend API. Either way the identity is the same shape.
/// The token itself is never kept.
///
/// ```swift
/// switch identity.kind {
/// case .m2mToken: print(identity.machineID ?? "")        // mch_…
/// case .apiKey: print(identity.userID ?? identity.organizationID ?? "")
/// case .oauthToken: print(identity.userID ?? "", identity.clientID ?? "")
/// case .sessionToken: break                                // never: sessions are VerifiedSession
/// }
/// if identity.has(scope: "read:orders") { … }
/// ```
public struct MachineIdentity: Sendable {
    let storage: MachineIdentityStorage

    /// The kind: ``ClerkTokenKind/m2mToken``, ``ClerkTokenKind/apiKey`` or ``ClerkTokenKind/oauthToken``.
    public var kind: ClerkTokenKind { storage.kind }
    /// The token's id: Clerk's object id for opaque tokens (`mt_…`, `ak_…`, `oat_…`), `jti` for JWTs
    /// (empty when a JWT has none).
    public var id: String { storage.id }
    /// The subject: a machine (`mch_…`) for M2M tokens, a user (`user_…`) for OAuth tokens, a user,
    /// organization or machine for API keys.
    public var subject: String { storage.subject }
    /// The scopes granted: machine ids for M2M tokens, OAuth scopes for OAuth tokens, the key's scopes
    /// for API keys.
    public var scopes: [String] { storage.scopes }
    /// The OAuth client the token was issued to (OAuth tokens only).
    public var clientID: String? { storage.clientID }
    /// The API key's name (API keys only).
    public var name: String? { storage.name }
    /// When the token expires, in seconds since 1970; nil for an opaque token that never expires.
    public var expiresAtSeconds: Double? { storage.expiresAtSeconds }
    /// When the token was issued, in seconds since 1970, when known.
    public var issuedAtSeconds: Double? { storage.issuedAtSeconds }
    /// True when the token was a JWT verified locally; false when Clerk's Backend API vouched for it.
    public var isVerifiedLocally: Bool { storage.isVerifiedLocally }
    /// The token's custom claims: for a JWT every claim but `iss`, `sub`, `exp`, `nbf`, `iat` and `jti`
    /// (as Clerk's SDK maps them); for an opaque token the `claims` object Clerk returned. Nil when empty.
    public var claims: ClaimValue? {
        if let json = storage.json {
            var members: [(name: String, value: ClaimValue)] = []
            json.forEachMember(of: json.root) { name, value in
                let bytes = json.stringBytes(name)
                if Self.structuralClaims.contains(where: { $0 == bytes }) { return }
                members.append((String(decoding: bytes, as: UTF8.self), ClaimValue(json, value)))
            }
            return members.isEmpty ? nil : .object(members)
        }
        return storage.opaqueClaims
    }

    /// The verified JWT payload as received (JSON text), for a JWT; nil for an opaque token.
    public var jwtClaimsJSON: String? { storage.json.map { String(decoding: $0.bytes, as: UTF8.self) } }

    var json: StrictJSON? { storage.json }
    /// The key that verified a JWT (the token cache drops entries whose key left the key set).
    var key: RSAVerificationKey? { storage.key }
    var notBefore: Double? { storage.notBefore }

    /// An identity from values (what the Backend API client builds from Clerk's verify answers).
    public init(
        kind: ClerkTokenKind, id: String, subject: String, scopes: [String], clientID: String? = nil,
        name: String? = nil, claims: ClaimValue? = nil, expiresAtSeconds: Double?, issuedAtSeconds: Double? = nil
    ) {
        self.storage = MachineIdentityStorage(
            kind: kind, id: id, subject: subject, scopes: scopes, clientID: clientID, name: name, claims: claims,
            expiresAtSeconds: expiresAtSeconds, issuedAtSeconds: issuedAtSeconds)
    }

    init(storage: MachineIdentityStorage) { self.storage = storage }

    /// An identity from a verified machine JWT's claims.
    init(
        jwtKind kind: ClerkTokenKind, json: StrictJSON, expiresAt: Double, notBefore: Double?, issuedAt: Double?,
        key: RSAVerificationKey?
    ) {
        self.storage = MachineIdentityStorage(
            jwtKind: kind, json: json, expiresAt: expiresAt, notBefore: notBefore, issuedAt: issuedAt, key: key)
    }

    // MARK: Who

    /// The machine (`mch_…`) behind an M2M token, or behind an API key issued to a machine.
    public var machineID: String? {
        switch kind {
        case .m2mToken: subject
        case .apiKey: Self.hasPrefix(subject, "mch_") ? subject : nil
        default: nil
        }
    }

    /// The user (`user_…`) an OAuth token acts for, or an API key belongs to.
    public var userID: String? {
        switch kind {
        case .oauthToken: subject
        case .apiKey: Self.hasPrefix(subject, "user_") ? subject : nil
        default: nil
        }
    }

    /// The organization (`org_…`) an API key belongs to.
    public var organizationID: String? {
        kind == .apiKey && Self.hasPrefix(subject, "org_") ? subject : nil
    }

    /// `exp` as a date, when the token expires.
    public var expiresAt: Date? { expiresAtSeconds.map { Date(timeIntervalSince1970: $0) } }

    // MARK: Authorization

    /// Whether `scope` is among ``scopes``, compared as bytes (no Unicode equivalence).
    public func has(scope: String) -> Bool {
        scopes.contains { $0.utf8.elementsEqual(scope.utf8) }
    }

    /// Whether every one of `scopes` is granted.
    public func has(scopes required: [String]) -> Bool { required.allSatisfy { has(scope: $0) } }

    // MARK: Helpers

    static let structuralClaims: [[UInt8]] = ["iss", "sub", "exp", "nbf", "iat", "jti"].map { Array($0.utf8) }
    static let clientIDClaim = Array("client_id".utf8)
    static let scpClaim = Array("scp".utf8)
    static let scopeClaim = Array("scope".utf8)
    static let scopesClaim = Array("scopes".utf8)

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    static func spaceSeparated(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
    }
}
