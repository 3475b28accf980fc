import Metrics

extension SessionTokenVerifier {
    // MARK: Entry points for any JWT kind

    /// Verifies a JWT of any kind in `kinds` with the keys already loaded: a session token, an M2M JWT, or
    /// an OAuth JWT access token. Synchronous, like ``verify(_:)``, and as fast on a cache hit.
    ///
    /// The kind is read from the token as Clerk reads it (the header's `typ` and `cat`, then the `sub`
    /// prefix `mch_`), and a kind outside `kinds` fails with `token-type-mismatch`. Machine JWTs pass the same
    /// size cap, alphabet, strict header and claims, key lookup, OpenSSL signature check and time rules as
    /// session tokens, then their own rules (see <doc:MachineTokens>). Opaque machine tokens (`mt_…`,
    /// `ak_…`, `oat_…`) are not JWTs: they fail here with `token-type-mismatch` when their kind is not
    /// accepted, and with `token-invalid` otherwise (Clerk's Backend API verifies them; see
    /// `ClerkRequestAuthenticator` and `ClerkBackendClient.verifyMachineToken`).
    public func verify(_ token: String, accepting kinds: AcceptedTokenKinds) throws(ClerkVerificationError)
        -> ClerkIdentity
    {
        if observability.tracesVerifications {
            return try traced(\.kind) { () throws(ClerkVerificationError) in try verifyAnyOnce(token, kinds) }
        }
        do {
            let identity = try verifyAnyOnce(token, kinds)
            metrics.verified.increment()
            return identity
        } catch {
            metrics.record(error)
            throw error
        }
    }

    /// ``verify(_:accepting:)``, waiting for keys when needed, like ``verifyAwaitingKeys(_:)``.
    public func verifyAwaitingKeys(_ token: String, accepting kinds: AcceptedTokenKinds)
        async throws(ClerkVerificationError) -> ClerkIdentity
    {
        if observability.tracesVerifications {
            return try await tracedAwaitingKeys(\.kind) { () async throws(ClerkVerificationError) in
                try await withKeyRefresh { () throws(ClerkVerificationError) in try verifyAnyOnce(token, kinds) }
            }
        }
        do throws(ClerkVerificationError) {
            let identity = try await withKeyRefresh { () throws(ClerkVerificationError) in
                try verifyAnyOnce(token, kinds)
            }
            metrics.verified.increment()
            return identity
        } catch {
            metrics.record(error)
            throw error
        }
    }

    /// One verification of any kind in `kinds`. The opaque-prefix test runs only when the token failed as a
    /// JWT, so a JWT pays nothing for it: an opaque token of a kind not accepted is a mismatch, one that is
    /// accepted cannot be judged here (Clerk's Backend API verifies it).
    func verifyAnyOnce(_ token: String, _ kinds: AcceptedTokenKinds) throws(ClerkVerificationError)
        -> ClerkIdentity
    {
        do {
            return try verifyOnce(token, accepting: kinds)
        } catch  where error.code == .tokenMalformed {
            guard let opaque = ClerkTokenKind.opaqueKind(of: token) else { throw error }
            guard kinds.accepts(opaque) else { throw Self.mismatch(opaque, kinds) }
            throw .malformed(
                "the token is an opaque \(opaque.rawValue), not a JWT; Clerk's Backend API verifies those (ClerkRequestAuthenticator, or ClerkBackendClient.verifyMachineToken)"
            )
        }
    }

    // MARK: Claims by kind

    /// The claims stage for every kind: the subject and the header's class decide the kind; a kind outside
    /// `kinds` fails with `token-type-mismatch`; then that kind's rules.
    func checkClaims(
        _ claims: StrictJSON, header: DeclaredClass, accepting kinds: AcceptedTokenKinds,
        key: RSAVerificationKey?, scope: [UInt8]?, now: Double
    ) throws(ClerkVerificationError) -> ClerkIdentity {
        let index = RegisteredClaimIndex(claims)
        // `sub` starting with `mch_` makes an M2M JWT, whatever else the header says (Clerk's order).
        if let sub = index.sub, let bytes = claims.stringValue(sub),
            bytes.starts(with: Self.machinePrefix)
        {
            switch header {
            case .oauth:
                throw ClerkVerificationError(
                    .tokenInvalidType, "the token's subject is a machine, so its typ must be JWT, not an OAuth typ")
            case .session:
                // The strict reading where Clerk is silent: an M2M JWT has its own category or none.
                throw ClerkVerificationError(
                    .tokenTypeMismatch, "the token's subject is a machine but its cat is a session category")
            case .uncategorized, .m2m: break
            }
            guard kinds.accepts(.m2mToken) else { throw Self.mismatch(.m2mToken, kinds) }
            return .machine(
                try checkMachineClaims(claims, index, kind: .m2mToken, key: key, scope: scope, now: now))
        }
        switch header {
        case .oauth:
            return .machine(
                try checkMachineClaims(claims, index, kind: .oauthToken, key: key, scope: scope, now: now))
        case .m2m:
            throw ClerkVerificationError(
                .tokenTypeMismatch, "the header cat says M2M token but the subject is not a machine (mch_…)")
        case .uncategorized, .session:
            guard kinds.contains(.sessionToken) else { throw Self.mismatch(.sessionToken, kinds) }
            return .session(try checkSessionClaims(claims, index, key: key, scope: scope, now: now))
        }
    }

    /// The rules of a machine JWT (M2M or OAuth): `exp` required, `nbf`/`iat` when present (with the clock
    /// skew); `iss`, when the token carries one, one of the configured issuers and the key's issuer; `sub` a
    /// non-empty string; `azp` and `aud` as for session tokens when configured. No `sid`, no `sts`.
    private func checkMachineClaims(
        _ claims: StrictJSON, _ index: RegisteredClaimIndex, kind: ClerkTokenKind, key: RSAVerificationKey?,
        scope: [UInt8]?, now: Double
    ) throws(ClerkVerificationError) -> MachineIdentity {
        guard let exp = try numericDate(claims, at: index.exp, "exp", required: true) else {
            throw ClerkVerificationError(.tokenMissingClaim, "the exp claim is missing")
        }
        let nbf = try numericDate(claims, at: index.nbf, "nbf", required: false)
        let iat = try numericDate(claims, at: index.iat, "iat", required: false)
        try checkTimes(expiresAt: exp, notBefore: nbf, issuedAt: iat, now: now)
        if let iss = index.iss {
            guard claims.kind(iss) == .string, issuerBytes.contains(where: { claims.stringEquals(iss, $0) }) else {
                throw ClerkVerificationError(
                    .tokenInvalidIssuer,
                    "the \(kind.rawValue)'s iss claim is not one of the configured issuers (\(configuration.issuers.joined(separator: ", "))); exact match only"
                )
            }
            if let scope, !claims.stringEquals(iss, scope) {
                throw ClerkVerificationError(
                    .tokenInvalidIssuer, "the token's issuer does not own the key that signed it")
            }
        }
        try requireNonEmptyString(claims, at: index.sub, "sub")
        if let jti = index.jti, claims.kind(jti) != .string {
            throw ClerkVerificationError(.tokenInvalidClaim, "the jti claim is not a string")
        }
        try checkAuthorizedParty(claims, at: index.azp)
        try checkAudience(claims, at: index.aud)
        return MachineIdentity(jwtKind: kind, json: claims, expiresAt: exp, notBefore: nbf, issuedAt: iat, key: key)
    }

    /// `azp` (value entry `azp`, nil when absent) against the configured authorized parties (byte-exact),
    /// when any are configured.
    @inline(__always)
    func checkAuthorizedParty(_ claims: StrictJSON, at azp: Int?) throws(ClerkVerificationError) {
        guard !partyBytes.isEmpty else { return }
        if let azp {
            guard claims.kind(azp) == .string, partyBytes.contains(where: { claims.stringEquals(azp, $0) }) else {
                throw ClerkVerificationError(
                    .tokenInvalidAuthorizedParties,
                    "the azp claim is not one of the authorized parties (\(configuration.authorizedParties.sorted().joined(separator: ", ")))"
                )
            }
        } else if !configuration.allowsMissingAuthorizedParty {
            throw ClerkVerificationError(
                .tokenInvalidAuthorizedParties, "the token has no azp claim and authorized parties are configured")
        }
    }

    /// `aud` (value entry `aud`, nil when absent; a string or an array) names a configured audience
    /// (byte-exact), when any are configured.
    @inline(__always)
    func checkAudience(_ claims: StrictJSON, at aud: Int?) throws(ClerkVerificationError) {
        guard !audienceBytes.isEmpty else { return }
        var matched = false
        if let aud {
            // Byte-exact, like every comparison of token text (never `Set<String>` membership).
            if audienceBytes.contains(where: { claims.stringEquals(aud, $0) }) { matched = true }
            claims.forEachElement(of: aud) { element in
                if audienceBytes.contains(where: { claims.stringEquals(element, $0) }) { matched = true }
            }
        }
        guard matched else {
            throw ClerkVerificationError(.tokenInvalidAudience, "the aud claim does not name a configured audience")
        }
    }

    /// The revocation list's word on a machine JWT: an OAuth token (or a user's API key) acting for a user
    /// deleted or banned after it was issued is refused.
    func checkRevocation(_ machine: MachineIdentity) throws(ClerkVerificationError) {
        guard let user = machine.userID else { return }
        let bytes = Array(user.utf8)
        guard
            let revocation = revocations.revocation(
                sessionID: nil, userID: bytes[...], issuedAt: machine.issuedAtSeconds)
        else { return }
        throw ClerkVerificationError(
            .sessionRevoked,
            "the \(machine.kind.rawValue) acts for a user deleted or banned at \(Self.seconds(revocation.at))")
    }

    static let machinePrefix = Array("mch_".utf8)
}
