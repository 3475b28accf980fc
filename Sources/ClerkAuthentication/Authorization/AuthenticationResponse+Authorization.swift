import ClerkSession
import Logging

extension AuthenticationResponse {
    /// The decision of a guard on a route that needs a recently reverified session (Clerk's
    /// `has({ reverification })` followed by `reverificationErrorResponse(config)`):
    ///
    /// - no session: reject with 401, as ``requiringSession(_:authenticated:)`` does;
    /// - a session not reverified for `requirement` (``VerifiedSession/isReverified(_:)``): reject with 403
    ///   and ``ReverificationError``'s exact JSON body and `Content-Type` (``bodyIsExact`` is true), which
    ///   Clerk's `useReverification` hook answers by asking the user to verify and retrying;
    /// - otherwise continue with the session.
    ///
    /// - Parameters:
    ///   - session: The request's session, if any.
    ///   - requirement: How recently the user must have verified their factors.
    ///   - authenticated: Whether the authentication step ran for this request, when the adapter knows.
    public static func requiringReverification(
        _ session: VerifiedSession?, _ requirement: ReverificationRequirement, authenticated: Bool = true
    ) -> AuthenticationResponse {
        requiring(session, AuthorizationCheck(reverification: requirement), authenticated: authenticated)
    }

    /// The decision of a guard on a route that needs a session satisfying `check` (Clerk's `has()`):
    ///
    /// - no session: reject with 401 (generic body);
    /// - a session failing the role, permission, feature or plan of `check`, or an empty check: reject with
    ///   403 and the generic body `Forbidden`;
    /// - a session satisfying those but not `check.reverification`: reject with 403 and Clerk's
    ///   reverification answer (``ReverificationError``, ``bodyIsExact`` true);
    /// - otherwise continue with the session.
    ///
    /// The request continues exactly when `session.has(check)` is true.
    ///
    /// - Parameters:
    ///   - session: The request's session, if any.
    ///   - check: What the session must satisfy.
    ///   - authenticated: Whether the authentication step ran for this request, when the adapter knows.
    public static func requiring(
        _ session: VerifiedSession?, _ check: AuthorizationCheck, authenticated: Bool = true
    ) -> AuthenticationResponse {
        guard let session else { return requiringSession(nil, authenticated: authenticated) }
        var rest = check
        rest.reverification = nil
        if check.isEmpty || (!rest.isEmpty && !session.has(rest)) {
            return AuthenticationResponse(
                action: .reject(status: 403, body: "Forbidden"),
                logEntry: LogEntry(
                    level: .debug, message: "Clerk: the session fails the authorization check; answering 403",
                    metadata: ["clerk_reason": "authorization-failed"]))
        }
        if let requirement = check.reverification, !session.isReverified(requirement) {
            let error = ReverificationError(requirement)
            return AuthenticationResponse(
                action: .reject(status: ReverificationError.status, body: error.body), headers: error.headers,
                logEntry: LogEntry(
                    level: .debug, message: "Clerk: the session needs reverification; answering 403",
                    metadata: ["clerk_reason": "reverification-error"]),
                bodyIsExact: true)
        }
        return AuthenticationResponse(action: .continueSignedIn(session))
    }
}
