import ClerkSession
import Logging

/// The return trip of a handshake (row 1 of Clerk's tree): the Frontend API sent the browser back with a
/// handshake token (`__clerk_handshake`, a JWT whose `handshake` claim lists `Set-Cookie` values) or a nonce
/// (`__clerk_handshake_nonce`) to exchange through the Backend API for those values.
extension ClerkRequestAuthenticator {
    /// Resolves the handshake; nil means "carry on with the request's own cookies" (the handshake could not
    /// be used: a stale token, a failed payload fetch).
    func resolveHandshake(_ context: BrowserRequestContext) async -> AuthenticationResult? {
        let development = !context.flows.isProduction
        let directives: [String]
        if let nonce = context.handshakeNonce {
            guard let backend else {
                logger.warning("Clerk handshake: a nonce came back but no Backend API client is configured")
                return nil
            }
            // Bounded: single flight per nonce, refusals remembered, a cap on calls in flight, and a budget of
            // Clerk's refusals a minute for all nonces together (see `handshakeLimiter`). Each nonce is its own
            // session budget key, so one stranger's nonces do not spend another's calls; distinct junk nonces
            // spend the refusal budget, which real nonces (Clerk accepts them) do not.
            let outcome = await handshakeLimiter.run(session: "nonce:" + nonce, credential: nonce) {
                do throws(ClerkAPIError) { return .success(try await backend.handshakePayload(nonce: nonce)) } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .answered(.success(let answer)):
                directives = answer
            case .answered(.failure(let error)):
                logger.warning(
                    "Clerk handshake: the handshake payload could not be fetched; carrying on with the request's cookies",
                    metadata: ["code": "\(error.code)"])
                return nil
            case .refusedRecently, .sessionBudgetSpent, .overloaded, .refusalBudgetSpent:
                logger.debug(
                    "Clerk handshake: nonce exchange not attempted (limits); carrying on with the request's cookies")
                return nil
            }
        } else if let token = context.handshakeToken {
            do {
                directives = try await verifier.verifyHandshakeToken(token)
            } catch {
                if development, !error.isKeyUnavailable {
                    // Clerk's SDK throws here in development (a 500); a signed-out answer with the hint is kinder.
                    let message =
                        "the handshake token did not verify (\(error.code.rawValue)). If you have switched Clerk keys locally, clear your cookies and try again."
                    logger.error("Clerk handshake: \(message)")
                    return signedOut(SignedOutReason.Code(error.code), message, context)
                }
                logger.warning(
                    "Clerk handshake: the handshake token did not verify; carrying on with the request's cookies",
                    metadata: ["code": "\(error.code.rawValue)"])
                return nil
            }
        } else {
            return nil
        }

        let accepted = Self.acceptedDirectives(directives, logger: logger)
        var headers: [(name: String, value: String)] = accepted.map { (name: "Set-Cookie", value: $0) }
        let sessionToken = Self.lastSessionValue(in: accepted)
        if development, let url = context.url, context.originIsKnown {
            let clean = url.removingQuery([
                "__clerk_handshake", "__clerk_help", "__clerk_db_jwt", "__clerk_handshake_nonce",
            ])
            headers.insert((name: "Location", value: clean.href), at: 0)
            headers.append((name: "Cache-Control", value: "no-store"))
        }
        let corsHeaders: [(name: String, value: String)] = [
            (name: "Access-Control-Allow-Origin", value: "null"),
            (name: "Access-Control-Allow-Credentials", value: "true"),
        ]
        let redirects = headers.contains { $0.name.utf8.elementsEqual("Location".utf8) }

        guard let sessionToken else {
            let message = "the handshake carried no session cookie: the client is signed out"
            if redirects {
                return .handshake(
                    ClerkHandshake(
                        reason: .sessionTokenMissing, message: message,
                        headers: corsHeaders + headers
                            + Self.debugHeaders("signed-out", "session-token-missing", message)))
            }
            return .signedOut(
                SignedOutReason(
                    code: .sessionTokenMissing, message: message,
                    responseHeaders: headers + Self.debugHeaders("signed-out", "session-token-missing", message)))
        }
        let session: VerifiedSession
        do {
            session = try await verifier.verifyAwaitingKeys(sessionToken)
        } catch {
            if error.isKeyUnavailable { return .keysUnavailable(error) }
            if development {
                return signedOut(
                    SignedOutReason.Code(error.code),
                    "the session token of the handshake did not verify (\(error.code.rawValue))", context)
            }
            logger.warning(
                "Clerk handshake: its session token did not verify; carrying on with the request's cookies",
                metadata: ["code": "\(error.code.rawValue)"])
            return nil
        }
        if redirects {
            return .handshake(
                ClerkHandshake(
                    reason: .handshakeResolved,
                    message: "the handshake is resolved; back to the page without its parameters",
                    headers: corsHeaders + headers, session: session))
        }
        return .signedIn(session, responseCookies: accepted)
    }

    /// The directives a handshake may set: only Clerk's cookie names (`__session…`, `__client_uat…`,
    /// `__refresh…`, `__clerk_…`), and only text that is one header value (no control character, so no
    /// header can be injected). Anything else is dropped and logged.
    static func acceptedDirectives(_ directives: [String], logger: Logger) -> [String] {
        var accepted: [String] = []
        for directive in directives {
            guard directive.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
                logger.warning("Clerk handshake: a directive with a control character was dropped")
                continue
            }
            let name = cookieName(of: directive)
            let allowed = ["__session", "__client_uat", "__refresh", "__clerk_"].contains { prefix in
                name.utf8.starts(with: prefix.utf8)
            }
            guard allowed else {
                logger.warning(
                    "Clerk handshake: a directive for a cookie outside Clerk's names was dropped",
                    metadata: ["cookie": "\(String(name.prefix(40)))"])
                continue
            }
            accepted.append(directive)
        }
        return accepted
    }

    /// The name of a `Set-Cookie` value: the text before the first `=` of the part before the first `;`.
    static func cookieName(of directive: String) -> String {
        let pair = directive.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return name.trimmingSpaces()
    }

    /// Clerk's rule: the value of the **last** directive whose name starts with `__session` (the value is the
    /// text between the first and the second `=` of the part before `;`); nil when none or empty.
    static func lastSessionValue(in directives: [String]) -> String? {
        var found: String?
        for directive in directives where cookieName(of: directive).utf8.starts(with: "__session".utf8) {
            let pair = directive.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            found = parts.dropFirst().first.map(String.init)
        }
        guard let found, !found.isEmpty else { return nil }
        return found
    }
}
