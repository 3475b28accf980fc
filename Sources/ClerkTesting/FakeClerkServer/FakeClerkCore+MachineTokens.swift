import ClerkBackend
import ClerkSession

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One opaque machine token in the fake's registry.
struct StoredMachineToken: Sendable {
    var kind: ClerkTokenKind
    var id: String
    var subject: String
    var scopes: [String]
    var claims: [String: ClerkJSONValue]?
    var name: String?
    var clientID: String?
    var createdAt: Int64
    var updatedAt: Int64
    var expiration: Int64?
    var revoked = false
    var revocationReason: String?
}

extension FakeClerkCore {
    /// The unversioned verify paths, by the kind of token each verifies.
    static let machineVerifyPaths: [String: ClerkTokenKind] = [
        "/m2m_tokens/verify": .m2mToken,
        "/api_keys/verify": .apiKey,
        "/oauth_applications/access_tokens/verify": .oauthToken,
    ]

    /// A `Duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    func mintMachineToken(
        _ kind: ClerkTokenKind, subject: String, scopes: [String], claims: [String: ClerkJSONValue]?, name: String?,
        clientID: String?, lifetime: Duration?
    ) -> FakeClerkServer.MintedMachineToken {
        let prefix =
            switch kind {
            case .m2mToken: "mt_"
            case .apiKey: "ak_"
            default: "oat_"
            }
        let now = nowMilliseconds
        let token = prefix + Self.randomID() + Self.randomID()
        let stored = StoredMachineToken(
            kind: kind, id: prefix + TestIssuer.hex32(), subject: subject, scopes: scopes, claims: claims, name: name,
            clientID: clientID, createdAt: now, updatedAt: now,
            expiration: lifetime.map { now + Int64((Self.seconds($0) * 1000).rounded(.down)) })
        state.withLock { $0.machineTokens[token] = stored }
        return FakeClerkServer.MintedMachineToken(token: token, id: stored.id)
    }

    func revokeMachineToken(_ token: String, reason: String?) -> Bool {
        let now = nowMilliseconds
        return state.withLock { s in
            guard s.machineTokens[token] != nil else { return false }
            s.machineTokens[token]!.revoked = true
            s.machineTokens[token]!.revocationReason = reason
            s.machineTokens[token]!.updatedAt = now
            return true
        }
    }

    private struct MachineVerifyBody: Decodable {
        var token: String?
        var secret: String?
        var access_token: String?
    }

    /// `POST /m2m_tokens/verify`, `/api_keys/verify`, `/oauth_applications/access_tokens/verify`.
    func verifyMachineToken(_ kind: ClerkTokenKind, _ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard request.method == "POST" else { return notFound() }
        var accepted = ["Bearer \(secretKey)"]
        if kind == .m2mToken, let machineSecretKey { accepted.append("Bearer \(machineSecretKey)") }
        guard let authorization = request.header("Authorization"), accepted.contains(authorization) else {
            return Self.error(
                401, code: "clerk_key_invalid", message: "Secret key invalid",
                long: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.")
        }
        guard let body = try? JSONDecoder().decode(MachineVerifyBody.self, from: Data(request.body)) else {
            return Self.error(
                400, code: "malformed_request_body", message: "malformed request body",
                long: "The request body is not valid JSON.")
        }
        let (field, value): (String, String?) =
            switch kind {
            case .m2mToken: ("token", body.token)
            case .apiKey: ("secret", body.secret)
            default: ("access_token", body.access_token ?? body.secret)
            }
        guard let value, !value.isEmpty else {
            return Self.error(
                400, code: "form_param_missing", message: "\(field) must be included", long: "\(field) is required.")
        }
        let now = nowMilliseconds
        guard let stored = state.withLock({ $0.machineTokens[value] }), stored.kind == kind else {
            return machineNotFound(kind)
        }
        let expired = stored.expiration.map { $0 <= now } ?? false
        if (stored.revoked || expired) && machineRejectionStyle == .notFound { return machineNotFound(kind) }
        switch kind {
        case .m2mToken:
            return Self.json(
                ClerkM2MTokenObject(
                    id: stored.id, subject: stored.subject, claims: stored.claims.map { .object($0) },
                    scopes: stored.scopes, revoked: stored.revoked, revocationReason: stored.revocationReason,
                    expired: expired, expiration: stored.expiration, createdAt: stored.createdAt,
                    updatedAt: stored.updatedAt))
        case .apiKey:
            return Self.json(
                ClerkAPIKeyObject(
                    id: stored.id, subject: stored.subject, name: stored.name ?? "", description: nil,
                    claims: stored.claims.map { .object($0) }, scopes: stored.scopes, revoked: stored.revoked,
                    revocationReason: stored.revocationReason, expired: expired, expiration: stored.expiration,
                    createdBy: nil, createdAt: stored.createdAt, updatedAt: stored.updatedAt))
        default:
            return Self.json(
                ClerkOAuthAccessTokenObject(
                    id: stored.id, clientID: stored.clientID ?? "", subject: stored.subject, scopes: stored.scopes,
                    revoked: stored.revoked, revocationReason: stored.revocationReason, expired: expired,
                    expiration: stored.expiration, createdAt: stored.createdAt, updatedAt: stored.updatedAt))
        }
    }

    private func machineNotFound(_ kind: ClerkTokenKind) -> FakeClerkResponse {
        let what =
            switch kind {
            case .m2mToken: "Machine token"
            case .apiKey: "API key"
            default: "OAuth access token"
            }
        return Self.error(
            404, code: "resource_not_found", message: "\(what) not found",
            long: "No \(what.lowercased()) was found for the given value.")
    }
}
