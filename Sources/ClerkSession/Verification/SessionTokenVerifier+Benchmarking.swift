extension SessionTokenVerifier {
    /// The header stage of ``verify(_:)`` alone, through the same code: split the token, strict base64url,
    /// strict JSON, then the `alg`/`crit`/`cty`/`typ`/`cat`/`kid` rules. Returns the length of the raw
    /// `kid` (0 when absent).
    ///
    /// For the benchmarks package (`parse/header`) only: it verifies nothing and is not API.
    @_spi(Benchmarking)
    public func parseHeaderForBenchmarking(_ token: String) throws(ClerkVerificationError) -> Int {
        let bytes = Array(token.utf8)
        return try parseHeader(bytes, try CompactToken(bytes))?.count ?? 0
    }

    /// The claims stage of ``verify(_:)`` alone, through the same code: split the token, strict base64url
    /// and strict JSON of the payload, then every claim rule. No header, no signature.
    ///
    /// For the benchmarks package (`parse/claims`) only: it verifies nothing and is not API.
    @_spi(Benchmarking)
    public func parseClaimsForBenchmarking(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        let bytes = Array(token.utf8)
        return try parseClaims(bytes, try CompactToken(bytes), key: nil, scope: nil, now: configuration.clock.now())
    }
}
