extension SessionTokenVerifier {
    /// The header stage of ``verify(_:)`` alone: split the token, strict base64url, strict JSON, then the
    /// `alg`/`crit`/`cty`/`typ`/`cat`/`kid` rules. Returns the length of the raw `kid` (0 when absent).
    ///
    /// For the benchmarks (`parse/header`) only: it verifies nothing and is not API.
    @_spi(Benchmarking)
    public func parseHeaderForBenchmarking(_ token: String) throws(ClerkVerificationError) -> Int {
        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)
        return try checkHeader(try Self.segmentJSON(bytes, parts.header, "header"))?.count ?? 0
    }

    /// The claims stage of ``verify(_:)`` alone: split the token, strict base64url and strict JSON of the
    /// payload, then every claim rule. No header, no signature.
    ///
    /// For the benchmarks (`parse/claims`) only: it verifies nothing and is not API.
    @_spi(Benchmarking)
    public func parseClaimsForBenchmarking(_ token: String) throws(ClerkVerificationError) -> VerifiedSession {
        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)
        return try checkClaimsConfirmedElsewhere(try Self.segmentJSON(bytes, parts.payload, "payload"), key: nil,
                                                 now: configuration.clock.now())
    }
}
