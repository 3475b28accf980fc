/// The fields of a ``MachineIdentity``, behind one reference: copying an identity (a cache hit returns one)
/// costs one retain, not one per field.
final class MachineIdentityStorage: Sendable {
    let kind: ClerkTokenKind
    let id: String
    let subject: String
    let scopes: [String]
    let clientID: String?
    let name: String?
    let expiresAtSeconds: Double?
    let issuedAtSeconds: Double?
    let isVerifiedLocally: Bool
    let json: StrictJSON?
    let opaqueClaims: ClaimValue?
    let key: RSAVerificationKey?
    let notBefore: Double?

    /// An identity from values (what the Backend API client builds from Clerk's verify answers).
    init(
        kind: ClerkTokenKind, id: String, subject: String, scopes: [String], clientID: String? = nil,
        name: String? = nil, claims: ClaimValue? = nil, expiresAtSeconds: Double?, issuedAtSeconds: Double? = nil
    ) {
        self.kind = kind
        self.id = id
        self.subject = subject
        self.scopes = scopes
        self.clientID = clientID
        self.name = name
        self.opaqueClaims = claims
        self.expiresAtSeconds = expiresAtSeconds
        self.issuedAtSeconds = issuedAtSeconds
        self.isVerifiedLocally = false
        self.json = nil
        self.key = nil
        self.notBefore = nil
    }

    /// A copy of `other` that shares no storage with it but the key and any opaque claims (see
    /// ``StrictJSON/init(unsharedCopyOf:)``; the verified-token cache's per-thread replicas hold one).
    init(unsharedCopyOf other: MachineIdentityStorage) {
        func unshared(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }
        self.kind = other.kind
        self.id = unshared(other.id)
        self.subject = unshared(other.subject)
        self.scopes = other.scopes.map(unshared)
        self.clientID = other.clientID.map(unshared)
        self.name = other.name.map(unshared)
        self.expiresAtSeconds = other.expiresAtSeconds
        self.issuedAtSeconds = other.issuedAtSeconds
        self.isVerifiedLocally = other.isVerifiedLocally
        self.json = other.json.map(StrictJSON.init(unsharedCopyOf:))
        self.opaqueClaims = other.opaqueClaims
        self.key = other.key
        self.notBefore = other.notBefore
    }

    /// An identity from a verified machine JWT's claims.
    init(
        jwtKind kind: ClerkTokenKind, json: StrictJSON, expiresAt: Double, notBefore: Double?, issuedAt: Double?,
        key: RSAVerificationKey?
    ) {
        self.kind = kind
        self.json = json
        self.key = key
        self.notBefore = notBefore
        self.expiresAtSeconds = expiresAt
        self.issuedAtSeconds = issuedAt
        self.isVerifiedLocally = true
        self.opaqueClaims = nil
        self.name = nil
        self.id = json.string(member: ClaimName.jti) ?? ""
        self.subject = json.string(member: ClaimName.sub) ?? ""
        switch kind {
        case .oauthToken:
            self.clientID = json.string(member: MachineIdentity.clientIDClaim) ?? ""
            // `scp` (an array), else `scope` split on spaces (RFC 9068 and Clerk's SDK).
            if let scp = json.strings(member: MachineIdentity.scpClaim) {
                self.scopes = scp
            } else {
                self.scopes = MachineIdentity.spaceSeparated(json.string(member: MachineIdentity.scopeClaim))
            }
        default:
            self.clientID = nil
            // `scopes` (space-separated), else `aud` (an array of machine ids), as Clerk's SDK maps them.
            if let scopes = json.string(member: MachineIdentity.scopesClaim) {
                self.scopes = MachineIdentity.spaceSeparated(scopes)
            } else {
                self.scopes = json.strings(member: ClaimName.aud) ?? []
            }
        }
    }
}
