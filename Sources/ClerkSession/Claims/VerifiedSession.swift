import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Clerk session token that passed every check: signature, time claims, issuer, authorized party.
///
/// Typed accessors cover Clerk's session claims in both formats (v1, and v2 from 2025-04-14, where the
/// organization is packed into `o` and permissions into bitmasks); ``claims`` and ``subscript(claim:)``
/// reach anything custom. The claims are kept as the verified bytes and decoded on access, so holding a
/// `VerifiedSession` costs one small allocation and copying it costs a retain.
public struct VerifiedSession: Sendable {
    final class Storage: Sendable {
        let json: StrictJSON
        let expiresAt: Double
        let notBefore: Double?
        let issuedAt: Double?
        /// The key that verified the token (the token cache drops entries whose key left the key set);
        /// nil only for the legacy path, where Clerk's verify endpoint vouched for the signature.
        let key: RSAVerificationKey?

        /// Tape indices of `sid` and `sub`, found once, so the revocation check on every cache hit reads their
        /// bytes in place.
        let sessionIDIndex: Int?
        let userIDIndex: Int?

        /// The revocation filter's hashes of `sid` and `sub`, computed by the first revocation check that
        /// needs them (a cold verification pays nothing while the revocation list is empty); later checks,
        /// on every cache hit, read them. Two checks racing compute the same values.
        /// 0 until computed; then bit 0 set, bit 1 when `sid` has a hash, bit 2 when `sub` has one.
        private let hashState = Atomic<UInt8>(0)
        private let sessionHash = Atomic<UInt64>(0)
        private let userHash = Atomic<UInt64>(0)

        init(json: StrictJSON, expiresAt: Double, notBefore: Double?, issuedAt: Double?, key: RSAVerificationKey?) {
            self.json = json
            self.expiresAt = expiresAt
            self.notBefore = notBefore
            self.issuedAt = issuedAt
            self.key = key
            self.sessionIDIndex = json.member(ClaimName.sid)
            self.userIDIndex = json.member(ClaimName.sub)
        }

        /// A copy of `other` that shares no storage with it but the key (see ``StrictJSON/init(unsharedCopyOf:)``).
        init(unsharedCopyOf other: Storage) {
            self.json = StrictJSON(unsharedCopyOf: other.json)
            self.expiresAt = other.expiresAt
            self.notBefore = other.notBefore
            self.issuedAt = other.issuedAt
            self.key = other.key
            self.sessionIDIndex = other.sessionIDIndex
            self.userIDIndex = other.userIDIndex
        }

        /// The raw bytes of `sid` and `sub` (a slice of the claims, no copy unless escaped).
        var sessionIDBytes: ArraySlice<UInt8>? { sessionIDIndex.flatMap(json.stringValue) }
        var userIDBytes: ArraySlice<UInt8>? { userIDIndex.flatMap(json.stringValue) }

        /// ``RevocationTable/hash(_:)`` of ``sessionIDBytes`` and ``userIDBytes`` (nil where the claim is
        /// absent or not a string).
        var revocationHashes: (session: UInt64?, user: UInt64?) {
            var state = hashState.load(ordering: .acquiring)
            if state == 0 {
                state = 1
                if let bytes = sessionIDBytes {
                    sessionHash.store(RevocationTable.hash(bytes), ordering: .relaxed)
                    state |= 2
                }
                if let bytes = userIDBytes {
                    userHash.store(RevocationTable.hash(bytes), ordering: .relaxed)
                    state |= 4
                }
                hashState.store(state, ordering: .releasing)
            }
            return (
                state & 2 != 0 ? sessionHash.load(ordering: .relaxed) : nil,
                state & 4 != 0 ? userHash.load(ordering: .relaxed) : nil
            )
        }
    }

    let storage: Storage

    init(storage: Storage) { self.storage = storage }

    private var json: StrictJSON { storage.json }

    private func string(_ name: [UInt8], in object: Int = 0) -> String? {
        json.string(member: name, in: object)
    }

    // MARK: Identity

    /// The user id (`sub`, `user_…`).
    public var userID: String { storage.userIDIndex.flatMap(json.string) ?? "" }
    /// The session id (`sid`, `sess_…`). Empty only when the verifier was told not to require it.
    public var sessionID: String { storage.sessionIDIndex.flatMap(json.string) ?? "" }
    /// The issuer (`iss`), the instance's Frontend API URL.
    public var issuer: String { string(ClaimName.iss) ?? "" }
    /// The authorized party (`azp`): the origin that minted the token, when present.
    public var authorizedParty: String? { string(ClaimName.azp) }
    /// The token id (`jti`).
    public var tokenID: String? { string(ClaimName.jti) }
    /// The claims format: 2 for `v: 2`, otherwise 1.
    public var claimsVersion: Int {
        guard let value = json.number(member: ClaimName.v) else { return 1 }
        return value == 2 ? 2 : Int(exactly: value) ?? 1
    }

    // MARK: Time

    /// `exp`, in seconds since 1970.
    public var expiresAtSeconds: Double { storage.expiresAt }
    /// `exp` as a date.
    public var expiresAt: Date { Date(timeIntervalSince1970: storage.expiresAt) }
    /// `iat` as a date, when present.
    public var issuedAt: Date? { storage.issuedAt.map { Date(timeIntervalSince1970: $0) } }
    /// `nbf` as a date, when present.
    public var notBefore: Date? { storage.notBefore.map { Date(timeIntervalSince1970: $0) } }

    // MARK: Session state

    /// Session status (`sts`), when present.
    public var status: SessionStatus? { string(ClaimName.sts).map(SessionStatus.init(rawValue:)) }

    /// Minutes since the first and second factor were last verified (`fva`); `nil` for a factor never
    /// verified (`-1`), and `nil` as a whole when the claim is absent.
    public var factorVerificationAge: FactorVerificationAge? {
        guard let fva = json.member(ClaimName.fva), json.kind(fva) == .array else { return nil }
        var values: [Int?] = []
        json.forEachElement(of: fva) { index in
            let minutes = json.double(index).flatMap { Int(exactly: $0) }
            values.append(minutes.flatMap { $0 < 0 ? nil : $0 })
        }
        guard values.count == 2 else { return nil }
        return FactorVerificationAge(firstFactorMinutes: values[0], secondFactorMinutes: values[1])
    }

    /// Active plans (`pla`), e.g. `["u:free", "o:pro"]`.
    public var plans: [String] { commaList(ClaimName.pla) }
    /// Enabled features (`fea`), e.g. `["o:reports", "u:export"]`.
    public var features: [String] { commaList(ClaimName.fea) }

    private func commaList(_ name: [UInt8]) -> [String] {
        guard let text = string(name), !text.isEmpty else { return [] }
        return text.split(separator: ",").map { $0.trimmingSpaces() }
    }

    /// Whether the user or the active organization has a plan, e.g. `hasPlan("pro")` or `hasPlan("o:pro")`.
    ///
    /// A scoped name (`o:pro`, `u:pro`, or `org:`/`user:`) matches entries whose scope contains that
    /// scope's letter; an unscoped one matches any scope. Names compare byte for byte. Malformed input
    /// (`""`, `"o:"`, `":pro"`, an unknown scope) is simply not held: `false`, never a trap.
    ///
    /// This is a lenient look-up that predates ``has(_:)``; for Clerk's `has({ plan })` rule exactly (an
    /// entry without a colon fails the whole check, scopes other than `o`, `u`, `ou`, `uo` are ignored), use
    /// `has(.plan(plan))`.
    public func hasPlan(_ plan: String) -> Bool { Self.scopedListContains(plans, plan) }
    /// Whether a feature is enabled, e.g. `hasFeature("reports")` or `hasFeature("o:reports")`, by the
    /// rules of ``hasPlan(_:)``.
    public func hasFeature(_ feature: String) -> Bool { Self.scopedListContains(features, feature) }

    static func scopedListContains(_ list: [String], _ wanted: String) -> Bool {
        let wantedBytes = Array(wanted.utf8)
        let colon = UInt8(ascii: ":")
        let scopeLetter: UInt8?
        let name: ArraySlice<UInt8>
        if let at = wantedBytes.firstIndex(of: colon) {
            let scope = wantedBytes[..<at]
            if scope.elementsEqual("o".utf8) || scope.elementsEqual("org".utf8) {
                scopeLetter = UInt8(ascii: "o")
            } else if scope.elementsEqual("u".utf8) || scope.elementsEqual("user".utf8) {
                scopeLetter = UInt8(ascii: "u")
            } else {
                return false
            }
            name = wantedBytes[(at + 1)...]
        } else {
            scopeLetter = nil
            name = wantedBytes[...]
        }
        guard !name.isEmpty else { return false }
        return list.contains { entry in
            let bytes = Array(entry.utf8)
            guard let at = bytes.firstIndex(of: colon) else { return false }
            guard bytes[(at + 1)...].elementsEqual(name) else { return false }
            guard let scopeLetter else { return true }
            return bytes[..<at].contains(scopeLetter)
        }
    }

    // MARK: Organization

    /// The active organization, with role and decoded permissions, in either claims format.
    public var organization: ActiveOrganization? {
        if let o = json.member(ClaimName.o), json.kind(o) == .object {
            guard let id = string(ClaimName.id, in: o) else { return nil }
            let role = string(ClaimName.rol, in: o).map { $0.hasPrefix("org:") ? $0 : "org:\($0)" }
            let permissions = OrganizationPermissions.decode(
                features: string(ClaimName.fea), permissions: string(ClaimName.per, in: o),
                masks: string(ClaimName.fpm, in: o))
            return ActiveOrganization(id: id, slug: string(ClaimName.slg, in: o), role: role, permissions: permissions)
        }
        guard let id = string(ClaimName.orgID) else { return nil }
        let permissions = json.strings(member: ClaimName.orgPermissions) ?? []
        return ActiveOrganization(
            id: id, slug: string(ClaimName.orgSlug), role: string(ClaimName.orgRole), permissions: permissions)
    }

    /// Whether the active organization grants `permission` (e.g. `org:invoices:read` or `invoices:read`):
    /// the same as `has(.permission(permission))`.
    ///
    /// Clerk's rule: `org:` plus the permission without its leading `org:`s must be one of the session's
    /// permissions, byte for byte (`invoices:read`, `org:invoices:read` and `org:org:invoices:read` are
    /// one permission). Any input, however malformed, gives `false` or `true`, never a trap.
    public func has(permission: String) -> Bool { has(AuthorizationCheck(permission: permission)) }

    /// Whether the user's role in the active organization is `role`: the same as `has(.role(role))`.
    ///
    /// Clerk's rule: the roles are equal after `org:` normalisation (`admin`, `org:admin` and
    /// `org:org:admin` are one role), byte for byte; an empty or malformed role gives `false`, never a trap.
    public func has(role: String) -> Bool { has(AuthorizationCheck(role: role)) }

    // MARK: Impersonation

    /// The actor (`act`) when someone is impersonating the user.
    public var actor: SessionActor? {
        guard let act = json.member(ClaimName.act), json.kind(act) == .object,
            let subject = string(ClaimName.sub, in: act)
        else { return nil }
        return SessionActor(
            subject: subject, sessionID: string(ClaimName.sid, in: act),
            issuer: string(ClaimName.iss, in: act), type: string(ClaimName.type, in: act))
    }

    // MARK: Raw claims

    /// Every claim as a JSON value, for custom claims.
    public var claims: ClaimValue { ClaimValue(json, json.root) }

    /// One claim by name, e.g. `session[claim: "metadata"]`.
    public subscript(claim name: String) -> ClaimValue? {
        json.member(Array(name.utf8)).map { ClaimValue(json, $0) }
    }

    /// The verified payload JSON exactly as it was in the token.
    public var claimsJSON: String { String(decoding: json.bytes, as: UTF8.self) }
}
