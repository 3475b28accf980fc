import ClerkBackend
import ClerkSession

/// The fake Frontend API's handshake (`GET /v1/client/handshake`) and the Backend API's nonce exchange
/// (`GET /v1/clients/handshake_payload`).
extension FakeClerkCore {
    /// Acts as Clerk's Frontend API: finds the browser's client (the `__client` cookie of the Frontend API's
    /// domain holds a session id here; without it, the `sid` of the signed `__session` query parameter),
    /// mints a fresh session token when that session is active (or clears the cookies when not), and sends
    /// the browser back to `redirect_url` with the directives, as a handshake token or a nonce, in the query
    /// or as a cookie (``FakeClerkServer/HandshakeStyle``).
    func handshake(_ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard request.method == "GET", let redirect = request.queryValue("redirect_url"), !redirect.isEmpty else {
            return Self.error(
                400, code: "form_param_missing", message: "redirect_url is required",
                long: "The handshake needs a redirect_url.")
        }
        let suffixed = request.queryValue("suffixed_cookies") == "true"
        var sessionID = request.header("Cookie").flatMap { Self.cookie("__client", in: $0) }
        if sessionID == nil, let token = request.queryValue("__session"),
            let claims = FakeTokenCheck.verifiedClaims(token, issuer: issuer)
        {
            sessionID = claims["sid"]?.stringValue
        }
        let suffix = (try? PublishableKey(issuer.publishableKey).cookieSuffix) ?? ""
        var directives: [String] = []
        func set(_ name: String, _ value: String, _ attributes: String) {
            directives.append("\(name)=\(value); \(attributes)")
            if suffixed { directives.append("\(name)_\(suffix)=\(value); \(attributes)") }
        }
        if let sessionID, let stored = stored(sessionID), stored.session.status == .active {
            let iat = issuer.clock.now().rounded(.down)
            let jwt = issuer.sessionToken(userID: stored.session.userID, sessionID: sessionID, issuedAt: iat)
            set("__client_uat", "\(Int64(iat))", "Path=/; Max-Age=315360000; SameSite=Lax")
            set("__session", jwt, "Path=/; SameSite=Lax")
        } else {
            set("__client_uat", "0", "Path=/; Max-Age=315360000; SameSite=Lax")
            set("__session", "", "Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        }
        directives.append("__clerk_handshake=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        directives.append("__clerk_handshake_nonce=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")

        let style = state.withLock { $0.handshakeStyle }
        var location = redirect
        var response = FakeClerkResponse(status: 307)
        func append(_ name: String, _ value: String) {
            location += (location.contains("?") ? "&" : "?") + name + "=" + value
        }
        switch style {
        case .tokenInQuery, .tokenInCookie:
            let claims: [(name: String, value: ClaimValue)] = [
                ("handshake", .array(directives.map { .string($0) })),
                ("iat", .double(issuer.clock.now().rounded(.down))),
            ]
            let token = issuer.token(header: issuer.sessionHeader(), claims: claims)
            if style == .tokenInQuery {
                append("__clerk_handshake", token)
            } else {
                response.headers.append(("Set-Cookie", "__clerk_handshake=\(token); Path=/; SameSite=Lax"))
            }
        case .nonceInQuery, .nonceInCookie:
            let nonce = "nonce_" + Self.randomID()
            state.withLock { $0.handshakeNonces[nonce] = directives }
            if style == .nonceInQuery {
                append("__clerk_handshake_nonce", nonce)
            } else {
                response.headers.append(("Set-Cookie", "__clerk_handshake_nonce=\(nonce); Path=/; SameSite=Lax"))
            }
        }
        response.headers.append(("Location", location))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// `GET /v1/clients/handshake_payload?nonce=…`: `{"directives": [...]}`, once per nonce.
    func handshakePayload(_ request: FakeClerkServer.RecordedRequest) -> FakeClerkResponse {
        guard let nonce = request.queryValue("nonce"), !nonce.isEmpty else {
            return Self.error(
                400, code: "form_param_missing", message: "nonce is required", long: "The nonce parameter is required.")
        }
        guard let directives = state.withLock({ $0.handshakeNonces.removeValue(forKey: nonce) }) else {
            return Self.error(
                404, code: "resource_not_found", message: "not found", long: "No handshake payload for that nonce.")
        }
        struct Payload: Encodable { var directives: [String] }
        return Self.json(Payload(directives: directives))
    }

    /// The value of cookie `name` in a `Cookie` header (first occurrence).
    static func cookie(_ name: String, in header: String) -> String? {
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = parts.first, first.trimmingSpaces() == name, parts.count == 2 else { continue }
            return String(parts[1])
        }
        return nil
    }
}
