extension SessionTokenVerifier {
    /// The `sid` claim of a token **without verifying anything**. Only for routing a refresh call to
    /// Clerk (which checks the token itself); never for an access decision.
    public static func unverifiedSessionID(of token: String) -> String? {
        unverifiedClaims(of: token).flatMap { json in json.member(JSONName.sid).flatMap { json.string($0) } }
    }

    /// The `iat` claim of a token **without verifying anything** (for the `__client_uat` staleness rule).
    public static func unverifiedIssuedAt(of token: String) -> Double? {
        unverifiedClaims(of: token).flatMap { json in json.member(JSONName.iat).flatMap { json.double($0) } }
    }

    static func unverifiedClaims(of token: String) -> StrictJSON? {
        guard token.utf8.count <= 8192 else { return nil }
        let bytes = Array(token.utf8)
        guard let parts = try? CompactToken(bytes), let payload = Base64URL.decode(bytes, parts.payload) else { return nil }
        return try? StrictJSON(parsing: payload)
    }

    /// Builds a session from a token whose signature was confirmed by Clerk's deprecated verify endpoint
    /// (the legacy compatibility path), still applying every claim rule of this verifier locally.
    @_spi(LegacyVerify)
    public func sessionFromClerkConfirmedToken(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        guard let claims = Self.unverifiedClaims(of: token) else { throw .malformed("the token is not a compact JWS with a JSON payload") }
        return try checkClaimsConfirmedElsewhere(claims, key: nil, now: configuration.clock.now())
    }
}
