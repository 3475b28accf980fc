extension SessionTokenVerifier {
    /// Verifies a handshake token (`__clerk_handshake`, the JWT Clerk's Frontend API sends back from a
    /// handshake redirect) and returns its cookie directives (the `handshake` claim, each a `Set-Cookie`
    /// value).
    ///
    /// The same key store and header rules as session tokens: `alg` RS256, `typ` absent or `JWT`, `cat` absent
    /// or the session or neutral category (a JWT-template token, whose `cat` differs, cannot pass as a
    /// handshake), a `kid` of the key set, and the signature. Clerk's JS SDK checks nothing more; this
    /// verifier also checks the times when the token carries them (`exp`, `nbf`, `iat`, with the configured
    /// clock skew), so a captured handshake token does not stay usable for ever. The `handshake` claim must be
    /// an array of strings.
    ///
    /// Not cached: a handshake token is used once. The session token among the directives is verified
    /// separately, by the caller, as any session token.
    ///
    /// - Throws: ``ClerkVerificationError`` with the code of the first rule that fails (`token-invalid` when
    ///   the `handshake` claim is missing or not an array of strings).
    public func verifyHandshakeToken(_ token: String) async throws(ClerkVerificationError) -> [String] {
        try await withKeyRefresh { () throws(ClerkVerificationError) in try verifyHandshakeTokenOnce(token) }
    }

    func verifyHandshakeTokenOnce(_ token: String) throws(ClerkVerificationError) -> [String] {
        try checkTokenText(token)
        let now = configuration.clock.now()
        guard now.isFinite else {
            throw ClerkVerificationError(
                .configurationInvalid, "the clock returned a non-finite time; no token can be judged")
        }
        let snapshot: SessionKeyStore.Snapshot
        switch keyStore.lookup() {
        case .ready(let s): snapshot = s
        case .unavailable(let error): throw error
        }
        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)
        let header = try parseHeader(bytes, parts, accepting: .sessionToken)
        guard header.declared == .uncategorized || header.declared == .session else {
            throw ClerkVerificationError(.tokenMalformed, "the handshake token's header declares another class")
        }
        guard let key = snapshot.keySet.key(forKeyID: header.kid) else {
            throw ClerkVerificationError(
                .keyIDMismatch, "no usable key for the handshake token's kid in the key set of \(keyStore.source)")
        }
        guard let signature = Base64URL.decode(bytes, parts.signature) else {
            throw .malformed("the signature is not strict base64url")
        }
        guard signature.count == key.modulusByteCount,
            key.isValidSignature(signature, for: bytes, 0..<parts.signingInputEnd)
        else {
            throw ClerkVerificationError(
                .tokenInvalidSignature, "the handshake token's signature does not verify with the key of its kid")
        }
        let claims = try Self.segmentJSON(bytes, parts.payload, "payload")
        let exp = try numericDate(claims, ClaimName.exp, "exp", required: false)
        let nbf = try numericDate(claims, ClaimName.nbf, "nbf", required: false)
        let iat = try numericDate(claims, ClaimName.iat, "iat", required: false)
        try checkTimes(expiresAt: exp ?? .infinity, notBefore: nbf, issuedAt: iat, now: now)
        guard let directives = claims.strings(member: ClaimName.handshake) else {
            throw ClerkVerificationError(
                .tokenMalformed, "the handshake token has no handshake claim that is an array of strings")
        }
        return directives
    }
}

/// Claims of a token read **without verifying anything**: for choosing between cookie sets and for the
/// `__client_uat` rule, never for an access decision.
package struct UnverifiedClaimsSummary: Sendable {
    /// `iss`, when a string.
    package let issuer: String?
    /// `iat`, when a number.
    package let issuedAt: Double?
    /// `exp`, when a number.
    package let expiresAt: Double?
    /// `sid`, when a string.
    package let sessionID: String?
    /// The header declares a machine token or another class (`typ` other than `JWT`, a `cat` that is not
    /// the session or neutral category), or the subject is a machine's (`mch_…`).
    package let isMachineToken: Bool
}

extension SessionTokenVerifier {
    /// `iss`, `iat`, `exp` and `sid` of a token, decoded but **not verified**; nil when it does not decode.
    package static func unverifiedClaimsSummary(of token: String) -> UnverifiedClaimsSummary? {
        guard let claims = unverifiedClaims(of: token) else { return nil }
        var machine = claims.string(member: ClaimName.sub).map { $0.utf8.starts(with: "mch_".utf8) } ?? false
        let bytes = Array(token.utf8)
        if let parts = try? CompactToken(bytes), let decoded = Base64URL.decode(bytes, parts.header),
            let header = try? StrictJSON(parsing: decoded)
        {
            if let typ = header.member(ClaimName.typ), !header.stringEquals(typ, Self.jwt) { machine = true }
            if let cat = header.member(ClaimName.cat), !header.stringEquals(cat, Self.sessionCategoryBytes),
                !header.stringEquals(cat, Self.neutralCategoryBytes)
            {
                machine = true
            }
        }
        return UnverifiedClaimsSummary(
            issuer: claims.string(member: ClaimName.iss), issuedAt: claims.number(member: ClaimName.iat),
            expiresAt: claims.number(member: ClaimName.exp), sessionID: claims.string(member: ClaimName.sid),
            isMachineToken: machine)
    }
}
