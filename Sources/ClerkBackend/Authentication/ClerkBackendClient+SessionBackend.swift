import ClerkAuthentication
import NIOHTTP1

extension ClerkBackendClient: ClerkSessionBackend {
    /// `POST /v1/sessions/{id}/refresh`, for ``ClerkRequestAuthenticator``.
    public func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    {
        try await sessions.refresh(id, request, suffixedCookies: request.suffixedCookies)
    }

    /// `POST /v1/sessions/{id}/verify` (deprecated), for ``ClerkRequestAuthenticator``'s opt-in legacy path.
    @available(*, deprecated, message: "Clerk retires POST /v1/sessions/{id}/verify; verify tokens locally instead")
    public func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        _ = try await sessions.verify(id, token: token)
    }

    /// `GET /v1/clients/handshake_payload?nonce=…`: the `Set-Cookie` directives a handshake left behind a
    /// nonce (`{"directives": [...]}`). Never retried: a nonce is used once.
    public func handshakePayload(nonce: String) async throws(ClerkAPIError) -> [String] {
        guard !nonce.isEmpty else { throw ClerkAPIError(kind: .invalidArgument, message: "the nonce is empty") }
        var request = APIRequest(
            .handshakePayload, .GET, ["clients", "handshake_payload"], query: [("nonce", nonce)],
            allowsRetries: false)
        request.redacting = [nonce]
        let response = try await send(request)
        return try decode(HandshakePayload.self, from: response).directives
    }
}

/// The answer of `GET /v1/clients/handshake_payload`.
struct HandshakePayload: Decodable, Sendable {
    let directives: [String]
}
