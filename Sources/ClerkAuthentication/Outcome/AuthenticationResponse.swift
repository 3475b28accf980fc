import ClerkSession
import Logging

/// What a server does with an ``AuthenticationResult``, in no framework's types: hand the request on (with
/// or without a session) or answer it at once, which headers the response carries, and what to log.
///
/// Every adapter (Vapor, Hummingbird, your own) translates this one decision into its framework's types,
/// so the bearer shortcut, the 503 text, the forwarded `Set-Cookie` lines and the log lines are the same
/// everywhere. Nothing in a decision holds a token, the secret key or a rejection reason meant for logs:
/// the body of a rejection is generic.
///
/// ```swift
/// let decision = AuthenticationResponse(await authenticator.authenticate(request))
/// if let entry = decision.logEntry { logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata) }
/// switch decision.action {
/// case .continueSignedIn(let session): …      // serve, then add decision.headers to the response
/// case .continueSignedOut: …                   // serve without a session
/// case .reject(let status, let body): …        // answer status, body and decision.headers
/// }
/// ```
public struct AuthenticationResponse: Sendable {
    /// What to do with the request.
    public enum Action: Sendable {
        /// Hand the request on with this session.
        case continueSignedIn(VerifiedSession)
        /// Hand the request on with this machine identity.
        case continueSignedInMachine(MachineIdentity)
        /// Hand the request on without a session (optional routes still work; a session guard answers 401).
        case continueSignedOut
        /// Answer at once with this status and body text (and ``AuthenticationResponse/headers``).
        case reject(status: Int, body: String)
    }

    /// One log line: its level, message and metadata (codes and messages only, never a credential).
    public struct LogEntry: Sendable {
        /// The level.
        public let level: Logger.Level
        /// The message.
        public let message: String
        /// The metadata, e.g. `clerk_reason`.
        public let metadata: Logger.Metadata
    }

    /// What to do with the request.
    public let action: Action
    /// Header fields the response must carry, in order: the `Set-Cookie` directives of a cookie-format
    /// refresh, `Retry-After` when a rejection says when to come back, and `Content-Type` for a rejection
    /// whose body is exact (``bodyIsExact``).
    public let headers: [(name: String, value: String)]
    /// What to log, if anything.
    public let logEntry: LogEntry?
    /// Whether a rejection's body must be sent as it is, with ``headers``, rather than rendered the
    /// framework's usual way for the status: true for Clerk's reverification answer (``ReverificationError``),
    /// whose JSON the front end reads.
    public let bodyIsExact: Bool

    /// The body text of the 503 answer when the keys are unavailable: generic on purpose.
    public static let keysUnavailableBody = "Authentication is temporarily unavailable. Please retry shortly."

    /// The decision for `result`:
    ///
    /// - signed in: continue with the session; forward the refresh's `Set-Cookie` directives; no log;
    /// - signed out: continue without a session; log the reason's code at debug level;
    /// - keys unavailable: reject with 503 and ``keysUnavailableBody``; log a warning with the error's code
    ///   and message (they never hold a token).
    public init(_ result: AuthenticationResult) {
        self.bodyIsExact = false
        switch result {
        case .signedIn(let session, let responseCookies):
            self.action = .continueSignedIn(session)
            self.headers = responseCookies.map { (name: "Set-Cookie", value: $0) }
            self.logEntry = nil
        case .signedInMachine(let identity):
            self.action = .continueSignedInMachine(identity)
            self.headers = []
            self.logEntry = nil
        case .signedOut(let reason):
            self.action = .continueSignedOut
            self.headers = reason.responseHeaders
            self.logEntry = LogEntry(
                level: .debug, message: "Clerk: request is signed out",
                metadata: ["clerk_reason": .string(reason.code.rawValue)])
        case .handshake(let handshake):
            self.action = .reject(status: ClerkHandshake.status, body: "")
            self.headers = handshake.headers
            self.logEntry = LogEntry(
                level: .debug, message: "Clerk: handshake redirect",
                metadata: ["clerk_reason": .string(handshake.reason.rawValue)])
        case .keysUnavailable(let error):
            self.action = .reject(status: 503, body: Self.keysUnavailableBody)
            self.headers = []
            self.logEntry = LogEntry(
                level: .warning,
                message: error.isKeyUnavailable
                    ? "Clerk: session keys unavailable; answering 503"
                    : "Clerk: machine token could not be verified with Clerk; answering 503",
                metadata: [
                    "clerk_reason": .string(error.code.rawValue),
                    "clerk_detail": .string(error.message),
                ])
        }
    }

    init(
        action: Action, headers: [(name: String, value: String)] = [], logEntry: LogEntry? = nil,
        bodyIsExact: Bool = false
    ) {
        self.action = action
        self.headers = headers
        self.logEntry = logEntry
        self.bodyIsExact = bodyIsExact
    }

    /// The decision of a guard on a route that needs a session: continue when the request has one, else
    /// reject with 401 (a generic body, never the reason). When the authentication step did not run
    /// before the guard (`authenticated` false), a warning says so: that is a routing mistake.
    ///
    /// - Parameters:
    ///   - session: The request's session, if any.
    ///   - authenticated: Whether the authentication step ran for this request, when the adapter knows.
    public static func requiringSession(_ session: VerifiedSession?, authenticated: Bool = true)
        -> AuthenticationResponse
    {
        if let session { return AuthenticationResponse(action: .continueSignedIn(session)) }
        let entry =
            authenticated
            ? nil
            : LogEntry(
                level: .warning,
                message: "Clerk: the session guard ran without the authenticator before it; answering 401",
                metadata: [:])
        return AuthenticationResponse(action: .reject(status: 401, body: "Unauthorized"), logEntry: entry)
    }

    /// The decision of a guard on a route that needs a token of some kinds, and optionally scopes:
    /// continue when the request's identity is of an accepted kind and (for a machine) holds every scope;
    /// reject with 401 when there is no such identity, with 403 when a scope is missing (a session holds
    /// no scopes: with `scopes` non-empty, a session gets 403). Generic bodies, never the reason.
    ///
    /// - Parameters:
    ///   - identity: The request's identity, if any.
    ///   - kinds: The kinds the route accepts.
    ///   - scopes: Scopes a machine identity must all hold (compared as bytes).
    ///   - authenticated: Whether the authentication step ran for this request, when the adapter knows.
    public static func requiring(
        _ identity: ClerkIdentity?, kinds: AcceptedTokenKinds, scopes: [String] = [], authenticated: Bool = true
    ) -> AuthenticationResponse {
        guard let identity, kinds.accepts(identity.kind) else {
            let entry =
                authenticated
                ? nil
                : LogEntry(
                    level: .warning,
                    message: "Clerk: the token guard ran without the authenticator before it; answering 401",
                    metadata: [:])
            return AuthenticationResponse(action: .reject(status: 401, body: "Unauthorized"), logEntry: entry)
        }
        switch identity {
        case .session(let session):
            guard scopes.isEmpty else {
                return AuthenticationResponse(
                    action: .reject(status: 403, body: "Forbidden"),
                    logEntry: LogEntry(
                        level: .debug, message: "Clerk: a session token holds no scopes; answering 403",
                        metadata: ["clerk_reason": "missing-scope"]))
            }
            return AuthenticationResponse(action: .continueSignedIn(session))
        case .machine(let machine):
            guard machine.has(scopes: scopes) else {
                return AuthenticationResponse(
                    action: .reject(status: 403, body: "Forbidden"),
                    logEntry: LogEntry(
                        level: .debug, message: "Clerk: the machine token lacks a required scope; answering 403",
                        metadata: ["clerk_reason": "missing-scope"]))
            }
            return AuthenticationResponse(action: .continueSignedInMachine(machine))
        }
    }
}
