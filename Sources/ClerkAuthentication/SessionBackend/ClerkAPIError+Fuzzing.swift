import ClerkSession

extension ClerkAPIError {
    /// The error the client builds for a non-2xx answer, scrubbed of `secret` as the client's callers
    /// see it. Exposed for the fuzz targets and tests only; not part of the supported API.
    @_spi(Fuzzing)
    public static func decodingErrorResponse(
        status: Int, headers: [(String, String)], body: [UInt8],
        now: Double, secret: String
    ) -> ClerkAPIError {
        ClerkAPIError(
            status: status,
            header: { name in headers.first { $0.0.caseInsensitiveEquals(name) }?.1 },
            body: body, now: now
        ).scrubbing(secret: secret)
    }
}
