extension SessionTokenVerifier {
    /// The header stage of ``verify(_:)`` alone: split the token, strict base64url, strict JSON, then the
    /// `alg`/`crit`/`cty`/`typ`/`cat`/`kid` rules. Returns the length of the raw `kid` (0 when absent).
    ///
    /// For the benchmarks (`parse/header`) only: it verifies nothing and is not API.
    @_spi(Benchmarking)
    public func parseHeaderForBenchmarking(_ token: String) throws(ClerkVerificationError) -> Int {
        let bytes = Array(token.utf8)
        let parts = try CompactToken(bytes)
        guard let headerBytes = Base64URL.decode(bytes, parts.header) else {
            throw .malformed("the header is not strict base64url")
        }
        let header: StrictJSON
        do { header = try StrictJSON(parsing: headerBytes) } catch {
            throw .malformed("the header is not a strict JSON object (\(error.reason))")
        }
        return try checkHeader(header)?.count ?? 0
    }
}
