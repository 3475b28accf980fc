extension SessionTokenVerifier {
    /// The `sid` claim of a token **without verifying anything**. Only for routing a refresh call to
    /// Clerk (which checks the token itself); never for an access decision.
    public static func unverifiedSessionID(of token: String) -> String? {
        unverifiedClaims(of: token)?.string(member: ClaimName.sid)
    }

    /// The `iat` claim of a token **without verifying anything** (for the `__client_uat` staleness rule).
    public static func unverifiedIssuedAt(of token: String) -> Double? {
        unverifiedClaims(of: token)?.number(member: ClaimName.iat)
    }

    static func unverifiedClaims(of token: String) -> StrictJSON? {
        guard token.utf8.count <= 8192 else { return nil }
        let bytes = Array(token.utf8)
        guard let parts = try? CompactToken(bytes), let payload = Base64URL.decode(bytes, parts.payload) else {
            return nil
        }
        return try? StrictJSON(parsing: payload)
    }

    /// Every rule of this verifier that needs no key: size, alphabet, compact form, strict header with the
    /// header rules (`alg` RS256, no `crit`/`cty`, `typ`, `cat`, `kid` shape), strict claims and the whole
    /// claim policy (times, issuer among the configured ones, `azp`, `aud`, `sid`, `sts`).
    ///
    /// The legacy compatibility path runs it before asking Clerk's deprecated verify endpoint (so a token
    /// that fails any rule never reaches Clerk), and returns its session once Clerk confirms the signature.
    /// Never an access decision on its own: the signature is not checked here.
    package func sessionFromClerkConfirmedToken(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        try checkTokenText(token)
        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)
        _ = try parseHeader(bytes, parts)
        guard Base64URL.decode(bytes, parts.signature) != nil else {
            throw .malformed("the signature is not strict base64url")
        }
        let claims = try Self.segmentJSON(bytes, parts.payload, "payload")
        let now = configuration.clock.now()
        guard now.isFinite else {
            throw ClerkVerificationError(
                .configurationInvalid, "the clock returned a non-finite time; no token can be judged")
        }
        let session = try checkClaims(claims, key: nil, scope: nil, now: now)
        try checkRevocation(session.storage)
        return session
    }
}
