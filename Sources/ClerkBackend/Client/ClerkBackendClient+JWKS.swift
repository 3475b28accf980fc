import ClerkAuthentication
import ClerkSession
import NIOHTTP1

extension ClerkBackendClient {
    /// `GET /v1/jwks`: the instance's JWKS as raw JSON bytes (retried per the retry policy).
    public func jwks() async throws(ClerkAPIError) -> [UInt8] {
        try await send(APIRequest(.jwks, .GET, ["jwks"])).body
    }

    /// `GET /v1/jwks`, parsed into a verifier key set.
    ///
    /// - Parameter issuer: the instance's issuer, when known: tokens of other issuers never verify with it.
    /// - Throws: ``ClerkAPIError``; a document without a usable key is ``ClerkAPIError/Kind-swift.struct/invalidResponse``.
    public func jwksKeySet(issuer: String? = nil) async throws(ClerkAPIError) -> SessionKeySet {
        let bytes = try await jwks()
        do {
            return try SessionKeySet(jwks: bytes, issuer: issuer, isRemote: true, logger: logger)
        } catch {
            throw ClerkAPIError(kind: .invalidResponse, status: 200, message: "the JWKS is unusable: \(error.message)")
        }
    }
}
