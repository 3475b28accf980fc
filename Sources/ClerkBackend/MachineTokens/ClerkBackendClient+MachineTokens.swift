import ClerkAuthentication
import ClerkSession
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ClerkBackendClient {
    /// Verification of opaque machine tokens: `client.machineTokens.verifyM2MToken("mt_…")`.
    public var machineTokens: MachineTokens { MachineTokens(client: self) }

    /// Clerk's three verify endpoints for opaque machine tokens: `POST /m2m_tokens/verify`,
    /// `POST /api_keys/verify` and `POST /oauth_applications/access_tokens/verify`.
    ///
    /// These paths have no `/v1` (Clerk serves them unversioned; `Clerk-API-Version` still applies). M2M
    /// tokens are verified with ``ClerkBackendClient/Configuration/machineSecretKey`` when one is set, else
    /// with the secret key; the others always with the secret key. Never retried.
    ///
    /// Stricter than Clerk's SDK, which accepts any 2xx answer: an answer saying the token is revoked or
    /// expired, one whose `expiration` has passed, and `{"active": false}` throw
    /// ``ClerkAuthentication/ClerkAPIError/Kind-swift.struct/tokenRejected``; an answer of another shape
    /// throws ``ClerkAuthentication/ClerkAPIError/Kind-swift.struct/invalidResponse``. Before anything is
    /// sent, an empty token, one longer than ``maximumTokenBytes``, or one without the kind's prefix (`mt_`,
    /// `ak_`, `oat_`) throws ``ClerkAuthentication/ClerkAPIError/Kind-swift.struct/invalidArgument``.
    /// ``ClerkAuthentication/ClerkAPIError/isMachineTokenRejection`` tells a bad token (404, `tokenRejected`,
    /// …) from Clerk being unable to judge it.
    ///
    /// The token never appears in an error, a log line, a span or a metric.
    public struct MachineTokens: Sendable {
        /// The client that sends the requests.
        public let client: ClerkBackendClient

        /// The longest token sent to Clerk, in UTF-8 bytes; a longer one is refused before sending.
        public static let maximumTokenBytes = 512

        /// `POST /m2m_tokens/verify` with `{"token": …}`: the M2M token `mt_…`, if Clerk vouches for it.
        public func verifyM2MToken(_ token: String) async throws(ClerkAPIError) -> ClerkM2MTokenObject {
            try Self.check(token, kind: .m2mToken)
            let response = try await send(
                .verifyM2MToken, ["m2m_tokens", "verify"], body: ["token": token], token: token,
                credential: client.configuration.machineSecretKey.flatMap { $0.isEmpty ? nil : $0 })
            let object = try decode(ClerkM2MTokenObject.self, response, token: token)
            try Self.refuse(
                revoked: object.revoked, expired: object.expired, expiration: object.expiration, "M2M token")
            return object
        }

        /// `POST /api_keys/verify` with `{"secret": …}`: the API key `ak_…`, if Clerk vouches for it.
        public func verifyAPIKey(_ secret: String) async throws(ClerkAPIError) -> ClerkAPIKeyObject {
            try Self.check(secret, kind: .apiKey)
            let response = try await send(
                .verifyAPIKey, ["api_keys", "verify"], body: ["secret": secret], token: secret, credential: nil)
            let object = try decode(ClerkAPIKeyObject.self, response, token: secret)
            try Self.refuse(revoked: object.revoked, expired: object.expired, expiration: object.expiration, "API key")
            return object
        }

        /// `POST /oauth_applications/access_tokens/verify` with `{"access_token": …}`: the OAuth access token
        /// `oat_…`, if Clerk vouches for it (`{"active": false}` is a rejection).
        public func verifyOAuthAccessToken(_ token: String) async throws(ClerkAPIError) -> ClerkOAuthAccessTokenObject {
            try Self.check(token, kind: .oauthToken)
            let response = try await send(
                .verifyOAuthAccessToken, ["oauth_applications", "access_tokens", "verify"],
                body: ["access_token": token], token: token, credential: nil)
            let probe = try decode(ActiveProbe.self, response, token: token)
            if probe.object == nil, probe.active == false {
                throw ClerkAPIError(
                    kind: .tokenRejected, status: response.status,
                    message: "Clerk says the OAuth access token is not active")
            }
            let object = try decode(ClerkOAuthAccessTokenObject.self, response, token: token)
            try Self.refuse(
                revoked: object.revoked, expired: object.expired, expiration: object.expiration, "OAuth access token")
            return object
        }

        // MARK: Helpers

        /// `{"active": false}` versus an object.
        private struct ActiveProbe: Decodable {
            var object: String?
            var active: Bool?
        }

        /// Refuses an empty token, one beyond ``maximumTokenBytes``, or one whose prefix is not `kind`'s.
        static func check(_ token: String, kind: ClerkTokenKind) throws(ClerkAPIError) {
            let name = displayName(kind)
            guard !token.isEmpty else { throw ClerkAPIError(kind: .invalidArgument, message: "the \(name) is empty") }
            let bytes = token.utf8.count
            guard bytes <= maximumTokenBytes else {
                throw ClerkAPIError(
                    kind: .invalidArgument,
                    message: "the \(name) is \(bytes) bytes long, more than the \(maximumTokenBytes) allowed")
            }
            guard ClerkTokenKind.opaqueKind(of: token) == kind else {
                throw ClerkAPIError(
                    kind: .invalidArgument,
                    message: "the \(name) is not an opaque \(kind) (it must start with \(prefix(kind)) and hold no '.')"
                )
            }
        }

        /// The prefix of an opaque token of `kind`.
        static func prefix(_ kind: ClerkTokenKind) -> String {
            switch kind {
            case .m2mToken: "mt_"
            case .apiKey: "ak_"
            case .oauthToken: "oat_"
            case .sessionToken: "(none: session tokens are JWTs)"
            }
        }

        static func displayName(_ kind: ClerkTokenKind) -> String {
            switch kind {
            case .m2mToken: "M2M token"
            case .apiKey: "API key"
            case .oauthToken: "OAuth access token"
            case .sessionToken: "session token"
            }
        }

        /// Throws `tokenRejected` when the answer says revoked or expired, or `expiration` (ms) has passed.
        static func refuse(revoked: Bool, expired: Bool, expiration: Int64?, _ name: String) throws(ClerkAPIError) {
            if revoked {
                throw ClerkAPIError(kind: .tokenRejected, status: 200, message: "Clerk says the \(name) is revoked")
            }
            if expired {
                throw ClerkAPIError(kind: .tokenRejected, status: 200, message: "Clerk says the \(name) has expired")
            }
            let now = Date().timeIntervalSince1970
            if let expiration, Double(expiration) / 1000 <= now {
                throw ClerkAPIError(
                    kind: .tokenRejected, status: 200,
                    message: "the \(name) expired at \(expiration) ms, before now (\(Int64(now * 1000)) ms)")
            }
        }

        /// One POST, never retried, to an unversioned path; the token is scrubbed from any error.
        private func send(
            _ operation: ClerkOperation, _ segments: [String], body: [String: String], token: String,
            credential: String?
        ) async throws(ClerkAPIError) -> APIResponse {
            var request = APIRequest(
                operation, .POST, segments, body: ClerkBackendClient.encodeBody(body), allowsRetries: false)
            request.versioned = false
            request.credential = credential
            request.redacting = [token]
            return try await client.send(request)
        }

        /// Decodes a 2xx answer, or throws `.invalidResponse` (token and keys scrubbed from the excerpt).
        private func decode<T: Decodable>(_ type: T.Type, _ response: APIResponse, token: String) throws(ClerkAPIError)
            -> T
        {
            do {
                return try JSONDecoder().decode(T.self, from: Data(response.body))
            } catch {
                throw client.scrub(
                    ClerkAPIError(
                        kind: .invalidResponse, status: response.status,
                        bodyExcerpt: ClerkAPIError.excerpt(response.body),
                        message: "the answer could not be decoded as \(T.self)\(Self.reason(error))"),
                    redacting: [token])
            }
        }

        /// `: <what was wrong>` for a decoding error (member names only, never values).
        private static func reason(_ error: any Error) -> String {
            guard let error = error as? DecodingError else { return "" }
            switch error {
            case .keyNotFound(let key, _): return ": \(key.stringValue) is missing"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? ": not the expected JSON" : ": \(path) is not as expected"
            @unknown default: return ""
            }
        }
    }
}
