import ClerkAuthentication
import ClerkSession
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ClerkBackendClient {
    /// The Sessions resource: `client.sessions.get("sess_…")`.
    public var sessions: Sessions { Sessions(client: self) }

    /// The eight operations of Clerk's Sessions resource (`/v1/sessions`).
    ///
    /// Every method throws ``ClerkAPIError``: arguments are checked before anything is sent
    /// (``ClerkAPIError/Kind-swift.struct/invalidArgument``); `list` and `get` are retried per the retry
    /// policy, the others never.
    public struct Sessions: Sendable {
        /// The client that sends the requests.
        public let client: ClerkBackendClient

        /// The allowed range of `expires_in_seconds` for minted tokens.
        public static let tokenLifetimeRange = 30...315_360_000

        /// `GET /v1/sessions`: sessions filtered by client, user and status, newest first.
        ///
        /// Sends `paginated=true` and accepts both the bare array and `{data, total_count}`.
        public func list(_ query: SessionListQuery = SessionListQuery()) async throws(ClerkAPIError) -> SessionList {
            let items = try query.queryItems()
            let response = try await client.send(APIRequest(.listSessions, .GET, ["sessions"], query: items))
            return try client.decode(SessionList.self, from: response)
        }

        /// `POST /v1/sessions`: creates a session for a user.
        ///
        /// - Important: for testing only. Clerk does not offer this endpoint on production instances; use
        ///   sign-in tokens for real backend sign-ins.
        public func create(userID: String, activeOrganizationID: String? = nil) async throws(ClerkAPIError)
            -> ClerkSessionObject
        {
            let user = try PathArgument.validateQueryValue(userID, name: "user id")
            let org = try activeOrganizationID.map { id throws(ClerkAPIError) in
                try PathArgument.validateQueryValue(id, name: "organization id")
            }
            let body = ClerkBackendClient.encodeBody(CreateSessionBody(userID: user, activeOrganizationID: org))
            let response = try await client.send(APIRequest(.createSession, .POST, ["sessions"], body: body))
            return try client.decode(ClerkSessionObject.self, from: response)
        }

        /// `GET /v1/sessions/{id}`.
        public func get(_ id: String) async throws(ClerkAPIError) -> ClerkSessionObject {
            let id = try PathArgument.validate(id, name: "session id")
            let response = try await client.send(APIRequest(.getSession, .GET, ["sessions", id]))
            return try client.decode(ClerkSessionObject.self, from: response)
        }

        /// `POST /v1/sessions/{id}/refresh`: a new session token for an expired one.
        ///
        /// A 401 (``ClerkAPIError/status`` 401) means the refresh was refused: treat the user as signed out
        /// (or start Clerk's handshake). Never retried.
        ///
        /// - Parameters:
        ///   - id: the session id (the expired token's `sid`).
        ///   - request: the expired token, the refresh token, the request origin and optional details.
        ///   - suffixedCookies: sends `suffixed_cookies=true|false` (asks for `__session_<suffix>` cookie names
        ///     as well) when given.
        public func refresh(
            _ id: String, _ request: RefreshSessionRequest,
            suffixedCookies: Bool? = nil
        ) async throws(ClerkAPIError) -> SessionRefreshResult {
            let id = try PathArgument.validate(id, name: "session id")
            for (value, name) in [
                (request.expiredToken, "expired token"), (request.refreshToken, "refresh token"),
                (request.requestOrigin, "request origin"),
            ] where value.isEmpty {
                throw ClerkAPIError(kind: .invalidArgument, message: "the \(name) is empty")
            }
            let query: [(name: String, value: String)] =
                suffixedCookies.map { [("suffixed_cookies", $0 ? "true" : "false")] } ?? []
            let body = ClerkBackendClient.encodeBody(RefreshSessionBody(request: request))
            let response = try await client.send(
                APIRequest(.refreshSession, .POST, ["sessions", id, "refresh"], query: query, body: body))
            return try client.decode(SessionRefreshResult.self, from: response)
        }

        /// `POST /v1/sessions/{id}/revoke`: sets the status to `revoked`.
        ///
        /// Already issued session tokens stay valid elsewhere until they expire (about 60 s), unless a webhook
        /// or a shared revocation list tells the other servers; when the client was given
        /// ``ClerkBackendClient/revocations``, the session is recorded there as soon as Clerk confirms, so
        /// verifiers reading that list refuse its tokens at once. Never retried.
        public func revoke(_ id: String) async throws(ClerkAPIError) -> ClerkSessionObject {
            let id = try PathArgument.validate(id, name: "session id")
            let response = try await client.send(APIRequest(.revokeSession, .POST, ["sessions", id, "revoke"]))
            let session = try client.decode(ClerkSessionObject.self, from: response)
            if let revocations = client.revocations {
                await revocations.record([SessionRevocation(.session(id), at: Date().timeIntervalSince1970)])
            }
            return session
        }

        /// `POST /v1/sessions/{id}/verify` — deprecated by Clerk, which answers 410 `operation_deprecated`.
        ///
        /// Without ``ClerkBackendClient/Configuration/allowsLegacyVerify`` this throws
        /// ``ClerkAPIError/Kind-swift.struct/deprecatedEndpointDisabled`` and sends nothing. A 410 answer
        /// becomes ``ClerkAPIError/Kind-swift.struct/endpointGone``. Verify tokens locally instead.
        @available(
            *, deprecated,
            message:
                "Clerk retired POST /sessions/{id}/verify (410 operation_deprecated); verify session tokens locally with SessionTokenVerifier"
        )
        public func verify(_ id: String, token: String) async throws(ClerkAPIError) -> ClerkSessionObject {
            guard client.configuration.allowsLegacyVerify else {
                throw ClerkAPIError(
                    kind: .deprecatedEndpointDisabled,
                    message:
                        "POST /v1/sessions/{id}/verify is deprecated and disabled; enable allowsLegacyVerify to call it, or verify the token locally"
                )
            }
            let id = try PathArgument.validate(id, name: "session id")
            guard !token.isEmpty else { throw ClerkAPIError(kind: .invalidArgument, message: "the token is empty") }
            let body = ClerkBackendClient.encodeBody(VerifySessionBody(token: token))
            let response = try await client.send(
                APIRequest(.verifySession, .POST, ["sessions", id, "verify"], body: body))
            return try client.decode(ClerkSessionObject.self, from: response)
        }

        /// `POST /v1/sessions/{id}/tokens`: mints a session token (without `azp`). Never retried.
        ///
        /// - Parameter expiresInSeconds: the lifetime, 30…315360000; the body is sent only when given.
        public func createToken(_ id: String, expiresInSeconds: Int? = nil) async throws(ClerkAPIError) -> SessionToken
        {
            let id = try PathArgument.validate(id, name: "session id")
            let body = try Self.tokenBody(expiresInSeconds)
            let response = try await client.send(
                APIRequest(.createSessionToken, .POST, ["sessions", id, "tokens"], body: body))
            return try client.decode(SessionToken.self, from: response)
        }

        /// `POST /v1/sessions/{id}/tokens/{template}`: mints a token from a JWT template (no `sid`; it
        /// outlives session revocation). Never retried.
        ///
        /// - Parameter expiresInSeconds: the lifetime, 30…315360000; the body is sent only when given.
        public func createTokenFromTemplate(
            _ id: String, template: String,
            expiresInSeconds: Int? = nil
        ) async throws(ClerkAPIError) -> SessionToken {
            let id = try PathArgument.validate(id, name: "session id")
            let template = try PathArgument.validate(template, name: "template name")
            let body = try Self.tokenBody(expiresInSeconds)
            let response = try await client.send(
                APIRequest(.createSessionTokenFromTemplate, .POST, ["sessions", id, "tokens", template], body: body))
            return try client.decode(SessionToken.self, from: response)
        }

        private static func tokenBody(_ expiresInSeconds: Int?) throws(ClerkAPIError) -> [UInt8]? {
            guard let expiresInSeconds else { return nil }
            guard tokenLifetimeRange.contains(expiresInSeconds) else {
                throw ClerkAPIError(
                    kind: .invalidArgument,
                    message: "expires_in_seconds must be between 30 and 315360000 (got \(expiresInSeconds))")
            }
            return ClerkBackendClient.encodeBody(CreateSessionTokenBody(expiresInSeconds: expiresInSeconds))
        }
    }
}
