import ClerkBackend
import ClerkSession
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The fake's state and routing, shared by every connection (thread-safe through a lock).
final class FakeClerkCore: Sendable {
    struct StoredSession: Sendable {
        var session: ClerkSessionObject
        var refreshToken: String
    }

    struct State: Sendable {
        var sessions: [String: StoredSession] = [:]
        var order: [String] = []
        var faults: [FakeClerkServer.Fault] = []
        var requests: [FakeClerkServer.RecordedRequest] = []
        var channels: [ObjectIdentifier: any Channel] = [:]
        /// Opaque machine tokens by their text.
        var machineTokens: [String: StoredMachineToken] = [:]
        /// Requests that reached each machine-token verify path (faulted ones included).
        var machineVerifyCounts: [ClerkTokenKind: Int] = [:]
        /// How the fake Frontend API answers a handshake.
        var handshakeStyle: FakeClerkServer.HandshakeStyle = .tokenInQuery
        /// Handshake payloads by nonce (each usable once).
        var handshakeNonces: [String: [String]] = [:]
    }

    let issuer: TestIssuer
    let secretKey: String
    let legacyVerify: Bool
    let machineSecretKey: String?
    let machineRejectionStyle: FakeClerkServer.MachineRejectionStyle
    let state = Locked(State())

    init(
        issuer: TestIssuer, secretKey: String, legacyVerify: Bool, machineSecretKey: String? = nil,
        machineRejectionStyle: FakeClerkServer.MachineRejectionStyle = .flagsIn200
    ) {
        self.issuer = issuer
        self.secretKey = secretKey
        self.legacyVerify = legacyVerify
        self.machineSecretKey = machineSecretKey
        self.machineRejectionStyle = machineRejectionStyle
    }

    /// Milliseconds since the epoch, from the issuer's clock.
    var nowMilliseconds: Int64 { Int64((issuer.clock.now() * 1000).rounded(.down)) }

    // MARK: Store

    func createSession(userID: String, activeOrganizationID: String?) -> StoredSession {
        let now = nowMilliseconds
        let id = "sess_" + Self.randomID()
        let session = ClerkSessionObject(
            id: id, userID: userID, clientID: "client_" + Self.randomID(), status: .active,
            lastActiveOrganizationID: activeOrganizationID, lastActiveAt: now,
            latestActivity: SessionActivity(
                id: "sess_activity_" + Self.randomID(), deviceType: "Macintosh",
                isMobile: false, browserName: "Safari", browserVersion: "18.0",
                ipAddress: "127.0.0.1", city: "Testville", country: "US"),
            expireAt: now + 7 * 86_400_000, abandonAt: now + 30 * 86_400_000, updatedAt: now, createdAt: now,
            tasks: nil)
        let stored = StoredSession(session: session, refreshToken: "rt_" + Self.randomID() + Self.randomID())
        state.withLock { s in
            s.sessions[id] = stored
            s.order.insert(id, at: 0)
        }
        return stored
    }

    static func randomID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }

    // MARK: Handling

    func handle(method: String, uri: String, headers: [(String, String)], body: [UInt8]) -> FakeClerkResponse {
        let (path, query) = Self.split(uri)
        let record = FakeClerkServer.RecordedRequest(
            method: method, path: path, query: query,
            queryItems: FakeQuery.parse(query),
            headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
        let verifyKind = Self.machineVerifyPaths[path]
        let fault: FakeClerkServer.Fault? = state.withLock { s in
            s.requests.append(record)
            if let verifyKind { s.machineVerifyCounts[verifyKind, default: 0] += 1 }
            guard
                let index = s.faults.firstIndex(where: {
                    $0.path == path && ($0.method == nil || $0.method == method) && $0.remaining > 0
                })
            else { return nil }
            s.faults[index].remaining -= 1
            let fault = s.faults[index]
            if fault.remaining <= 0 { s.faults.remove(at: index) }
            return fault
        }
        if let fault {
            return FakeClerkResponse(
                status: fault.status, headers: fault.headers, body: fault.body, delay: fault.delay,
                bodyDelay: fault.bodyDelay)
        }
        return route(record)
    }

    static func split(_ uri: String) -> (path: String, query: String) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }

    private func route(_ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        if request.path == "/.well-known/jwks.json" {
            guard request.method == "GET" else { return notFound() }
            return FakeClerkResponse(status: 200, body: Array(issuer.jwksJSON.utf8))
        }
        if let kind = Self.machineVerifyPaths[request.path] { return verifyMachineToken(kind, request) }
        // The Frontend API's handshake (no secret key: the browser calls it).
        if request.path == "/v1/client/handshake" { return handshake(request) }
        guard request.path.hasPrefix("/v1/") else { return notFound() }
        guard request.header("Authorization") == "Bearer \(secretKey)" else {
            return Self.error(
                401, code: "clerk_key_invalid", message: "Secret key invalid",
                long: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.")
        }
        let segments = request.path.dropFirst(4).split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        switch (request.method, segments.count, segments.first) {
        case ("GET", 2, "clients") where segments[1] == "handshake_payload":
            return handshakePayload(request)
        case ("GET", 1, "jwks"):
            return FakeClerkResponse(status: 200, body: Array(issuer.jwksJSON.utf8))
        case ("GET", 1, "sessions"):
            return listSessions(request)
        case ("POST", 1, "sessions"):
            return createSession(request)
        case ("GET", 2, "sessions"):
            return withSession(segments[1]) { Self.json($0.session) }
        case ("POST", 3, "sessions"):
            switch segments[2] {
            case "refresh": return refresh(segments[1], request)
            case "revoke": return revoke(segments[1])
            case "verify": return verify(segments[1], request)
            case "tokens": return mintToken(segments[1], template: nil, request)
            default: return notFound()
            }
        case ("POST", 4, "sessions") where segments[2] == "tokens" && !segments[3].isEmpty:
            return mintToken(segments[1], template: segments[3], request)
        default:
            return notFound()
        }
    }

    // MARK: Endpoints

    private func listSessions(_ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        let limitText = request.queryValue("limit")
        let offsetText = request.queryValue("offset")
        let limit = limitText.flatMap(Int.init) ?? 10
        let offset = offsetText.flatMap(Int.init) ?? 0
        guard (1...500).contains(limit), offset >= 0 else {
            return Self.error(
                422, code: "form_param_value_invalid", message: "is invalid",
                long: "limit must be in 1...500 and offset must not be negative")
        }
        let all: [ClerkSessionObject] = state.withLock { s in s.order.compactMap { s.sessions[$0]?.session } }
        let matching = all.filter { session in
            (request.queryValue("user_id").map { $0 == session.userID } ?? true)
                && (request.queryValue("client_id").map { $0 == session.clientID } ?? true)
                && (request.queryValue("status").map { $0 == session.status.rawValue } ?? true)
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        if request.queryValue("paginated") == "true" {
            return Self.json(SessionList(sessions: page, totalCount: matching.count))
        }
        return Self.json(page)
    }

    private struct CreateBody: Decodable {
        var user_id: String?
        var active_organization_id: String?
    }

    private func createSession(_ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard let body = try? JSONDecoder().decode(CreateBody.self, from: Data(request.body)) else {
            return Self.error(
                400, code: "malformed_request_body", message: "malformed request body",
                long: "The request body is not valid JSON.")
        }
        guard let userID = body.user_id, !userID.isEmpty else {
            return Self.error(
                422, code: "form_param_missing", message: "missing user_id", long: "user_id must be included.")
        }
        return Self.json(createSession(userID: userID, activeOrganizationID: body.active_organization_id).session)
    }

    private struct RefreshBody: Decodable {
        var expired_token: String?
        var refresh_token: String?
        var request_origin: String?
        var format: String?
    }

    private func refresh(_ id: String, _ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard let stored = stored(id) else { return Self.sessionNotFound() }
        guard let body = try? JSONDecoder().decode(RefreshBody.self, from: Data(request.body)) else {
            return Self.error(
                400, code: "malformed_request_body", message: "malformed request body",
                long: "The request body is not valid JSON.")
        }
        guard let expired = body.expired_token, let refreshToken = body.refresh_token,
            let origin = body.request_origin, !origin.isEmpty
        else {
            return Self.error(
                422, code: "form_param_missing", message: "missing required parameter",
                long: "expired_token, refresh_token and request_origin are required.")
        }
        guard let claims = FakeTokenCheck.verifiedClaims(expired, issuer: issuer), claims["sid"]?.stringValue == id
        else {
            return Self.unauthorized("the expired token is not a token of this session")
        }
        guard refreshToken == stored.refreshToken else { return Self.unauthorized("the refresh token does not match") }
        guard stored.session.status == .active else { return Self.unauthorized("the session is not active") }
        let iat = issuer.clock.now().rounded(.down)
        let jwt = issuer.sessionToken(userID: stored.session.userID, sessionID: id, issuedAt: iat)
        touch(id)
        guard body.format == "cookie" else { return Self.json(SessionRefreshResult.token(jwt)) }
        var cookies = ["__session=\(jwt); Path=/; SameSite=Lax", "__client_uat=\(Int64(iat)); Path=/; SameSite=Lax"]
        if request.queryValue("suffixed_cookies") == "true",
            let suffix = try? PublishableKey(issuer.publishableKey).cookieSuffix
        {
            cookies.append("__session_\(suffix)=\(jwt); Path=/; SameSite=Lax")
            cookies.append("__client_uat_\(suffix)=\(Int64(iat)); Path=/; SameSite=Lax")
        }
        return Self.json(SessionRefreshResult.cookies(cookies))
    }

    private func revoke(_ id: String) -> FakeClerkResponse {
        let now = nowMilliseconds
        let updated: ClerkSessionObject? = state.withLock { s in
            guard s.sessions[id] != nil else { return nil }
            s.sessions[id]!.session.status = .revoked
            s.sessions[id]!.session.updatedAt = now
            return s.sessions[id]!.session
        }
        guard let updated else { return Self.sessionNotFound() }
        return Self.json(updated)
    }

    private struct VerifyBody: Decodable {
        var token: String?
    }

    private func verify(_ id: String, _ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard legacyVerify else {
            return Self.error(
                410, code: "operation_deprecated", message: "endpoint is deprecated and pending removal",
                long:
                    "This endpoint is deprecated and will be removed in future versions. We strongly recommend switching to networkless verification using short-lived session tokens, which is implemented transparently in all recent SDK versions (e.g. NodeJS SDK https://clerk.com/docs/backend-requests/handling/nodejs#clerk-express-require-auth). For more details on how networkless verification works, refer to our Session Tokens documentation https://clerk.com/docs/backend-requests/resources/session-tokens."
            )
        }
        guard let stored = stored(id) else { return Self.sessionNotFound() }
        guard let body = try? JSONDecoder().decode(VerifyBody.self, from: Data(request.body)), let token = body.token
        else {
            return Self.error(
                422, code: "form_param_missing", message: "missing token", long: "token must be included.")
        }
        guard let claims = FakeTokenCheck.verifiedClaims(token, issuer: issuer), claims["sid"]?.stringValue == id,
            let exp = claims["exp"]?.numberValue, exp > issuer.clock.now()
        else {
            return Self.unauthorized("the token is invalid, expired, or not a token of this session")
        }
        guard stored.session.status == .active else { return Self.unauthorized("the session is not active") }
        return Self.json(stored.session)
    }

    private struct TokenBody: Decodable {
        var expires_in_seconds: Int?
    }

    private func mintToken(_ id: String, template: String?, _ request: FakeClerkServer.RecordedRequest)
        -> FakeClerkResponse
    {
        guard let stored = stored(id) else { return Self.sessionNotFound() }
        var lifetime = 60
        if !request.body.isEmpty {
            guard let body = try? JSONDecoder().decode(TokenBody.self, from: Data(request.body)) else {
                return Self.error(
                    400, code: "malformed_request_body", message: "malformed request body",
                    long: "The request body is not valid JSON.")
            }
            if let seconds = body.expires_in_seconds {
                guard (30...315_360_000).contains(seconds) else {
                    return Self.error(
                        422, code: "form_param_value_invalid", message: "is invalid",
                        long: "expires_in_seconds must be between 30 and 315360000.")
                }
                lifetime = seconds
            }
        }
        guard stored.session.status == .active else { return Self.unauthorized("the session is not active") }
        let jwt: String
        if let template {
            jwt = FakeTokenCheck.templateToken(
                issuer: issuer, userID: stored.session.userID, template: template, lifetime: Double(lifetime))
        } else {
            jwt = issuer.sessionToken(
                userID: stored.session.userID, sessionID: id, authorizedParty: .some(nil),
                lifetime: Double(lifetime))
        }
        return Self.json(SessionToken(jwt: jwt))
    }

    // MARK: Helpers

    func stored(_ id: String) -> StoredSession? { state.withLock { $0.sessions[id] } }

    /// Sets the status of session `id` (nil when unknown) and returns it.
    func setStatus(_ id: String, _ status: ClerkSessionObject.Status) -> ClerkSessionObject? {
        let now = nowMilliseconds
        return state.withLock { s in
            guard var stored = s.sessions[id] else { return nil }
            stored.session.status = status
            stored.session.updatedAt = now
            s.sessions[id] = stored
            return stored.session
        }
    }

    /// Every stored session of `userID`.
    func sessions(ofUser userID: String) -> [ClerkSessionObject] {
        state.withLock { s in s.order.compactMap { s.sessions[$0]?.session }.filter { $0.userID == userID } }
    }

    private func touch(_ id: String) {
        let now = nowMilliseconds
        state.withLock { s in
            s.sessions[id]?.session.lastActiveAt = now
            s.sessions[id]?.session.updatedAt = now
        }
    }

    private func withSession(_ id: String, _ body: (StoredSession) -> FakeClerkResponse) -> FakeClerkResponse {
        guard let stored = stored(id) else { return Self.sessionNotFound() }
        return body(stored)
    }

    func notFound() -> FakeClerkResponse {
        Self.error(404, code: "resource_not_found", message: "not found", long: "The requested resource was not found.")
    }

    static func sessionNotFound() -> FakeClerkResponse {
        error(404, code: "resource_not_found", message: "Session not found", long: "No session was found with that id.")
    }

    static func unauthorized(_ why: String) -> FakeClerkResponse {
        error(401, code: "authentication_invalid", message: "Unauthorized request", long: why)
    }

    static func error(_ status: Int, code: String, message: String, long: String) -> FakeClerkResponse {
        struct Entry: Encodable {
            var message: String
            var long_message: String
            var code: String
        }
        struct Envelope: Encodable {
            var errors: [Entry]
            var clerk_trace_id: String
        }
        let trace = "trace_" + randomID()
        let envelope = Envelope(
            errors: [Entry(message: message, long_message: long, code: code)], clerk_trace_id: trace)
        var response = json(envelope)
        response.status = status
        response.headers.append(("Clerk-Trace-Id", trace))
        return response
    }

    static func json<T: Encodable>(_ value: T) -> FakeClerkResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
        return FakeClerkResponse(status: 200, body: body)
    }
}
