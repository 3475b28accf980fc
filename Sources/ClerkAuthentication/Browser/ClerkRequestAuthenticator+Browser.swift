import ClerkSession
import Logging

/// Clerk's decision tree for cookie requests (`authenticateRequestWithTokenInCookie` of `@clerk/backend`),
/// in its order; the rows are numbered as in the package's reference (`clerk-browser-flows.md` §4).
extension ClerkRequestAuthenticator {
    /// The Clerk API version sent on the handshake redirect.
    static let handshakeAPIVersion = "2026-05-12"
    /// The loop guard gives up at this count.
    static let maximumHandshakeRedirects = 3

    func authenticateBrowser(_ request: ClerkRequest, flows: ClerkBrowserFlows) async -> AuthenticationResult {
        let now = verifier.configuration.clock.now()
        let context = BrowserRequestContext(flows: flows, request: request, cookies: request.cookieJar, now: now)

        // 1. A handshake coming back: resolve it; on failure carry on with the request's own cookies.
        if context.handshakeNonce != nil || context.handshakeToken != nil {
            if let result = await resolveHandshake(context) { return result }
        }
        let development = !flows.isProduction
        let hasSession = context.sessionToken != nil
        let hasActiveClient = context.clientUAT != 0
        let hasCookies = hasSession || context.clientUAT > 0
        let synced = context.url?.queryValue("__clerk_synced")
        let isSyncedTrue = synced.map { $0.utf8.elementsEqual("true".utf8) } ?? false
        let isSyncedFalse = synced.map { $0.utf8.elementsEqual("false".utf8) } ?? false

        // 2, 3. A satellite's page load that needs its session synced from the primary.
        if flows.isSatellite, context.isDocumentDestination, context.isGET, !isSyncedTrue {
            if !flows.satelliteAutoSync, !hasCookies, !isSyncedFalse {
                return signedOut(
                    .sessionTokenAndUATMissing, "a satellite without cookies waits for a sign-in to sync", context)
            }
            if !hasCookies || isSyncedFalse {
                if flows.isProduction {
                    return maybeHandshake(.satelliteNeedsSyncing, "the satellite needs syncing", context)
                }
                // Development: through the primary's sign-in page, which sends the browser back.
                guard let signIn = flows.signInURL.flatMap(ClerkURL.init(absolute:)), let url = context.url,
                    context.originIsKnown
                else {
                    return signedOut(.satelliteNeedsSyncing, "the satellite needs syncing; no sign-in URL", context)
                }
                let location = signIn.appendingQuery("__clerk_redirect_url", url.href).href
                return maybeHandshake(
                    .satelliteNeedsSyncing, "the satellite needs syncing", context,
                    headers: [(name: "Location", value: location)])
            }
        }

        // 4. A development primary sending a satellite back, with its dev-browser token.
        if development, !flows.isSatellite, let back = context.url?.queryValue("__clerk_redirect_url") {
            if var target = ClerkURL(absolute: back) {
                if let devBrowser = context.devBrowserToken {
                    target = target.appendingQuery("__clerk_db_jwt", devBrowser)
                }
                target = target.settingQuery("__clerk_synced", "true")
                return maybeHandshake(
                    .primaryRespondsToSyncing, "the primary responds to a satellite's sync", context,
                    headers: [(name: "Location", value: target.href)])
            }
        }

        // 5, 6. Development instances need a dev-browser token.
        if development, context.url?.hasQuery("__clerk_db_jwt") == true {
            return maybeHandshake(.devBrowserSync, "the dev-browser token needs syncing", context)
        }
        if development, context.devBrowserToken == nil {
            return maybeHandshake(.devBrowserMissing, "no dev-browser token", context)
        }

        // 7, 8, 9. The session cookie against __client_uat.
        guard let token = context.sessionToken else {
            if !hasActiveClient {
                return signedOut(.sessionTokenAndUATMissing, "no session cookie and no __client_uat", context)
            }
            return maybeHandshake(
                .clientUATButNoSessionToken, "__client_uat is set but there is no session cookie", context)
        }
        if !hasActiveClient {
            return maybeHandshake(.sessionTokenButNoClientUAT, "a session cookie but no __client_uat", context)
        }

        // 10, 11. A session cookie that does not decode, or is not a session token.
        guard let summary = context.sessionSummary else {
            return signedOut(
                SignedOutReason.Code(.tokenMalformed),
                "Invalid JWT form. A JWT consists of three parts separated by dots. (reason=token-invalid, token-carrier=cookie)",
                context)
        }
        if summary.isMachineToken {
            return signedOut(
                SignedOutReason.Code(.tokenTypeMismatch), "the session cookie holds a machine token", context)
        }

        // 12. Issued before the client's last sign-in change.
        if let iat = summary.issuedAt, iat < Double(context.clientUAT) {
            return maybeHandshake(
                .issuedBeforeClientUAT, "the session cookie was issued before the client's last sign-in change",
                context)
        }

        // 13. Verification.
        let session: VerifiedSession
        var responseCookies: [String] = []
        do {
            session = try await verifier.verifyAwaitingKeys(token)
        } catch {
            switch await sessionTokenError(error, token: token, context) {
            case .finished(let result): return result
            case .refreshed(let refreshed, let cookies):
                session = refreshed
                responseCookies = cookies
            }
        }

        // 15. A page load arriving from another site: pick up a newer session through a handshake.
        if !flows.isSatellite, context.isGET, context.isDocumentDestination, context.redirectCount == 0,
            isCrossOriginReferrer(context), !isKnownClerkReferrer(context)
        {
            let decision = maybeHandshake(
                .primaryDomainCrossOriginSync, "Cross-origin request from satellite domain requires handshake",
                context)
            if case .handshake = decision { return decision }
        }
        // 16. A path that names another organization (or the personal account) than the active one: one
        // handshake that activates it, unless the loop guard has counted three redirects already.
        if let sync = flows.organizationSync, let path = context.url?.path, let target = sync.target(path: path),
            ClerkOrganizationSync.mustActivate(target, session),
            context.redirectCount < Self.maximumHandshakeRedirects
        {
            let decision = maybeHandshake(
                .activeOrganizationMismatch, "the URL names another organization than the active one", context)
            if case .handshake = decision { return decision }
        }
        // 17.
        return .signedIn(session, responseCookies: responseCookies)
    }

    // MARK: Session token errors (Clerk's handleSessionTokenError)

    enum TokenErrorOutcome {
        case finished(AuthenticationResult)
        case refreshed(VerifiedSession, cookies: [String])
    }

    private func sessionTokenError(_ error: ClerkVerificationError, token: String, _ context: BrowserRequestContext)
        async -> TokenErrorOutcome
    {
        if error.isKeyUnavailable {
            // Not the token's fault: the same answer as without browser flows (503, or legacy verify).
            if configuration.fallsBackToLegacyVerify {
                return .finished(await legacyVerify(token: token, carrier: .cookie, cause: error))
            }
            return .finished(.keysUnavailable(error))
        }
        let detail = "\(error.message) (reason=\(error.code.rawValue), token-carrier=cookie)"
        switch error.code {
        case .tokenExpired:
            let refreshed = await refresh(
                expiredToken: token, request: context.request, refreshToken: context.refreshToken,
                suffixedCookies: context.usesSuffixedCookies,
                requestOrigin: context.originIsKnown ? context.url?.origin : nil, cause: error)
            switch refreshed {
            case .signedIn(let session, let cookies):
                return .refreshed(session, cookies: cookies)
            case .signedOut(let reason):
                let refreshCode =
                    SignedOutReason.Code.refreshCodes.contains(reason.code) ? reason.code : .refreshDisabled
                return .finished(maybeHandshake(.sessionTokenExpired(refresh: refreshCode), detail, context))
            default:
                return .finished(refreshed)
            }
        case .tokenNotActiveYet:
            return .finished(maybeHandshake(.sessionTokenNotBefore, detail, context))
        case .tokenIssuedInTheFuture:
            return .finished(maybeHandshake(.sessionTokenIssuedInTheFuture, detail, context))
        default:
            return .finished(
                .signedOut(
                    SignedOutReason(
                        code: SignedOutReason.Code(error.code), message: detail, tokenCarrier: .cookie,
                        verificationError: error,
                        responseHeaders: Self.debugHeaders("signed-out", error.code.rawValue, detail))))
        }
    }

    // MARK: Handshake or signed out (Clerk's handleMaybeHandshakeStatus)

    /// A handshake redirect when the request may take one and the loop guard allows it, else signed out
    /// with the same reason.
    func maybeHandshake(
        _ reason: SignedOutReason.Code, _ message: String, _ context: BrowserRequestContext,
        headers given: [(name: String, value: String)]? = nil
    ) -> AuthenticationResult {
        guard context.isEligibleForHandshake else { return signedOut(reason, message, context) }
        guard var headers = given ?? handshakeRedirect(reason, context) else {
            return signedOut(
                reason,
                "\(message); no handshake: this app's public origin is unknown (see ClerkBrowserFlows.publicOrigin)",
                context)
        }
        headers.append((name: "Cache-Control", value: "no-store"))
        // The guard counts redirects in a short-lived cookie. At or past the limit (or a forged value past
        // it), the request is signed out instead of redirected again.
        if context.redirectCount >= Self.maximumHandshakeRedirects {
            let loop =
                reason == .satelliteNeedsSyncing
                ? "Satellite-domain authentication resulted in an infinite redirect loop. This usually means that your Clerk instance keys do not match - make sure to copy the correct publishable and secret keys from the Clerk dashboard."
                : "Refreshing the session token resulted in an infinite redirect loop. This usually means that your Clerk instance keys do not match - make sure to copy the correct publishable and secret keys from the Clerk dashboard."
            logger.warning("Clerk handshake: redirect loop", metadata: ["clerk_reason": "\(reason.rawValue)"])
            return signedOut(reason, loop, context)
        }
        headers.append(
            (
                name: "Set-Cookie",
                value:
                    "__clerk_redirect_count=\(max(context.redirectCount, -1) + 1); Path=/; SameSite=Lax; HttpOnly; Max-Age=2"
            ))
        return .handshake(
            ClerkHandshake(
                reason: reason, message: message,
                headers: headers + Self.debugHeaders("handshake", reason.rawValue, message)))
    }

    func signedOut(_ reason: SignedOutReason.Code, _ message: String, _ context: BrowserRequestContext)
        -> AuthenticationResult
    {
        .signedOut(
            SignedOutReason(
                code: reason, message: message, tokenCarrier: context.sessionToken == nil ? nil : .cookie,
                responseHeaders: Self.debugHeaders("signed-out", reason.rawValue, message)))
    }

    /// Clerk's `x-clerk-auth-*` headers (signed-out and handshake results only). Messages never hold a token.
    static func debugHeaders(_ status: String, _ reason: String, _ message: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        let clean = String(decoding: message.utf8.filter { $0 >= 0x20 && $0 != 0x7F }, as: UTF8.self)
        if !clean.isEmpty { headers.append((name: "x-clerk-auth-message", value: clean)) }
        headers.append((name: "x-clerk-auth-reason", value: reason))
        headers.append((name: "x-clerk-auth-status", value: status))
        return headers
    }

    /// The redirect to the Frontend API's handshake endpoint (Clerk's `buildRedirectToHandshake`), or nil
    /// when this app's origin is unknown.
    func handshakeRedirect(_ reason: SignedOutReason.Code, _ context: BrowserRequestContext)
        -> [(name: String, value: String)]?
    {
        guard context.originIsKnown, let url = context.url else { return nil }
        let flows = context.flows
        var base = flows.frontendAPI(appOrigin: url.origin)
        if !base.hasPrefix("http") { base = "https://" + base }
        while base.hasSuffix("/") { base.removeLast() }
        var items: [(String, String)] = [
            ("redirect_url", url.removingQuery(["__clerk_db_jwt", "__dev_session"]).href),
            ("__clerk_api_version", Self.handshakeAPIVersion),
            ("suffixed_cookies", context.usesSuffixedCookies ? "true" : "false"),
            ("__clerk_hs_reason", reason.rawValue),
            ("format", "nonce"),
        ]
        if let token = context.sessionToken { items.append(("__session", token)) }
        if !flows.isProduction, let devBrowser = context.devBrowserToken {
            items.append(("__clerk_db_jwt", devBrowser))
        }
        if let sync = flows.organizationSync, let target = sync.target(path: url.path) {
            items.append(("organization_id", target.queryValue))
        }
        let query = items.map { "\(ClerkURL.encode($0.0))=\(ClerkURL.encode($0.1))" }.joined(separator: "&")
        return [(name: "Location", value: "\(base)/v1/client/handshake?\(query)")]
    }

    // MARK: Referrers (row 15)

    func isCrossOriginReferrer(_ context: BrowserRequestContext) -> Bool {
        guard let referer = context.request.header("Referer"), let url = context.url, context.originIsKnown,
            let parsed = ClerkURL(absolute: referer)
        else { return false }
        return !parsed.origin.utf8.elementsEqual(url.origin.utf8)
    }

    func isKnownClerkReferrer(_ context: BrowserRequestContext) -> Bool {
        guard let referer = context.request.header("Referer"), let parsed = ClerkURL(absolute: referer),
            let url = context.url
        else { return false }
        let frontendAPI = context.flows.frontendAPI(appOrigin: url.origin)
        let frontendHost =
            ClerkURL(absolute: frontendAPI.hasPrefix("http") ? frontendAPI : "https://" + frontendAPI)?.host
            ?? frontendAPI
        if parsed.host.utf8.elementsEqual(frontendHost.lowercasedASCII.utf8) { return true }
        if !context.flows.isProduction, Self.isDevAccountPortal(parsed.host) { return true }
        return parsed.origin.utf8.elementsEqual(Self.accountsBaseURL(frontendHost).utf8)
    }

    /// Clerk's `isDevAccountPortalOrigin`.
    static func isDevAccountPortal(_ host: String) -> Bool {
        let endsWith = { (suffix: String) in host.utf8.reversed().starts(with: suffix.utf8.reversed()) }
        if host.utf8.starts(with: "accounts.".utf8),
            [".lcl.dev", ".lclstage.dev", ".lclclerk.com"].contains(where: endsWith)
        {
            return true
        }
        for suffix in [".accounts.dev", ".accountsstage.dev", ".accounts.lclclerk.com"] where endsWith(suffix) {
            return !endsWith(".clerk" + suffix)
        }
        return false
    }

    /// Clerk's `buildAccountsBaseUrl`: `https://` + the Frontend API host with `clerk.accountsstage.` →
    /// `accountsstage.`, else `clerk.accounts.` / `clerk.` → `accounts.`.
    static func accountsBaseURL(_ frontendHost: String) -> String {
        var host = frontendHost
        if host.hasPrefix("clerk.accountsstage.") {
            host = "accountsstage." + host.dropFirst("clerk.accountsstage.".count)
        } else if host.hasPrefix("clerk.accounts.") {
            host = "accounts." + host.dropFirst("clerk.accounts.".count)
        } else if host.hasPrefix("clerk.") {
            host = "accounts." + host.dropFirst("clerk.".count)
        }
        return "https://" + host
    }
}
