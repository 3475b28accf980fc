import JWTKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Clerk v2 session claims, verified the way a jwt-kit user would: `exp`/`nbf` against the
/// benchmark's frozen clock (jwt-kit has no clock injection or leeway), `iss` and `azp` exactly.
struct ClerkSessionPayload: JWTPayload {
    static let now = Date(timeIntervalSince1970: 1_767_225_601)
    static let issuer = "https://clerk.example.test"
    static let authorizedParty = "https://app.example.test"

    struct Organization: Codable, Sendable {
        var id: String
        var rol: String
        var slg: String
        var per: String?
        var fpm: String?
    }

    var azp: String?
    var exp: ExpirationClaim
    var fva: [Int]?
    var iat: IssuedAtClaim
    var iss: IssuerClaim
    var jti: String?
    var nbf: NotBeforeClaim
    var o: Organization?
    var sid: String
    var sts: String?
    var sub: SubjectClaim
    var v: Int?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired(currentDate: Self.now)
        try nbf.verifyNotBefore(currentDate: Self.now)
        guard iss.value == Self.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "issuer")
        }
        guard azp == Self.authorizedParty else { throw JWTError.generic(identifier: "azp", reason: "authorized party") }
        guard !sub.value.isEmpty, !sid.isEmpty else { throw JWTError.generic(identifier: "sub", reason: "missing") }
    }
}

/// vapor/jwt-kit 5 over the same JWKS.
struct JWTKitPeer: Sendable {
    let keys: JWTKeyCollection

    init(jwksJSON: String) async throws {
        let keys = JWTKeyCollection()
        try await keys.add(jwksJSON: jwksJSON)
        self.keys = keys
    }

    func verify(_ token: String) async throws -> ClerkSessionPayload {
        try await keys.verify(token, as: ClerkSessionPayload.self)
    }
}
