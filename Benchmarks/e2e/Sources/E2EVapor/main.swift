import ClerkAuthentication
import ClerkSession
import ClerkVapor
import Foundation
import JWT
import Vapor

// Usage: E2EVapor <none|clerk|clerk-guard|login|jwt> <port> <fixture-dir>
//
// `GET /hello` on 127.0.0.1:<port>, answering the user id (a constant of the same length for `none`).
//   none         the route alone
//   clerk        the route behind ClerkAuthenticator(requiresSession: true) (401 without a valid session),
//                verifying against the fixture's JWKS file with `iss` and `azp` required
//   clerk-guard  the same behind ClerkAuthenticator and ClerkSessionGuard (two middlewares: the form before
//                `requiresSession`, for comparison; not part of `run`'s pairs)
//   login        Vapor's own `req.auth` and nothing else: a middleware that logs in one VerifiedSession (the
//                fixture token's, verified once at start-up) for any request with an `Authorization` header,
//                without reading or verifying the token, and the same route (`req.clerk.requireSession()`,
//                so 401 without a header). The cost every authenticator that hands its user to the route
//                through `req.auth` pays: the floor `clerk` is measured against.
//   jwt    vapor/jwt 5 (jwt-kit 5) as its documentation shows: the same JWKS in `app.jwt.keys`, a
//          `JWTPayload` whose `verify(using:)` checks `exp`, `nbf`, `iss` and `azp`, and
//          `req.jwt.verify(as:)` in the route (401 when it throws)

/// The Clerk session claims a Vapor app would declare for vapor/jwt, with the checks Clerk's docs ask for.
struct ClerkSessionPayload: JWTPayload {
    /// Set once at start-up, before the server runs.
    nonisolated(unsafe) static var issuer = ""
    nonisolated(unsafe) static var authorizedParty = ""

    var azp: String?
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var iss: IssuerClaim
    var nbf: NotBeforeClaim
    var sid: String
    var sub: SubjectClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
        guard iss.value == Self.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "unexpected issuer")
        }
        guard let azp, azp == Self.authorizedParty else {
            throw JWTError.generic(identifier: "azp", reason: "unexpected authorized party")
        }
    }
}

/// `login`'s middleware: `req.auth.login` of a session verified at start-up, for any request that carries an
/// `Authorization` header (its value is not read), on the event loop like `ClerkAuthenticator`'s fast path.
struct LoginOnlyMiddleware: Middleware {
    let session: VerifiedSession

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if request.headers.contains(name: .authorization) { request.auth.login(session) }
        return next.respond(to: request)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let port = Int(arguments[2]),
    ["none", "clerk", "clerk-guard", "login", "jwt"].contains(arguments[1])
else {
    let usage = "usage: E2EVapor <none|clerk|clerk-guard|login|jwt> <port> <fixture-dir>\n"
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
let mode = arguments[1]
let fixture = URL(fileURLWithPath: arguments[3], isDirectory: true)
func read(_ name: String) throws -> String {
    try String(contentsOf: fixture.appendingPathComponent(name), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
}
let issuer = try read("issuer.txt")
let authorizedParty = try read("azp.txt")
let jwksPath = fixture.appendingPathComponent("jwks.json").path
/// What `none` answers: as long as the user id the others answer.
let placeholder = "user_2e2eBenchmarkUser0000000"

// No command-line parsing by Vapor: `serve` with the settings below.
var environment = Environment(name: "production", arguments: [arguments[0]])
environment.arguments = [arguments[0], "serve"]
let app = try await Application.make(environment)
app.logger.logLevel = .warning
app.http.server.configuration.hostname = "127.0.0.1"
app.http.server.configuration.port = port

do {
    switch mode {
    case "clerk", "clerk-guard":
        let source = try StaticKeySource(jwksFile: jwksPath, issuer: issuer)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer], authorizedParties: [authorizedParty]),
            keyStore: SessionKeyStore(keySet: source.keySet))
        app.clerk.configure(authenticator: ClerkRequestAuthenticator(verifier: verifier))
        let protected =
            mode == "clerk"
            ? app.grouped(ClerkAuthenticator(requiresSession: true))
            : app.grouped(ClerkAuthenticator(), ClerkSessionGuard())
        protected.get("hello") { req -> String in
            try req.clerk.requireSession().userID
        }
    case "login":
        let source = try StaticKeySource(jwksFile: jwksPath, issuer: issuer)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer], authorizedParties: [authorizedParty]),
            keyStore: SessionKeyStore(keySet: source.keySet))
        let session = try verifier.verify(try read("token.txt"))
        app.grouped(LoginOnlyMiddleware(session: session)).get("hello") { req -> String in
            try req.clerk.requireSession().userID
        }
    case "jwt":
        ClerkSessionPayload.issuer = issuer
        ClerkSessionPayload.authorizedParty = authorizedParty
        try await app.jwt.keys.add(jwksJSON: try read("jwks.json"))
        app.get("hello") { req async throws -> String in
            let payload = try await req.jwt.verify(as: ClerkSessionPayload.self)
            return payload.sub.value
        }
    default:
        app.get("hello") { [placeholder] _ -> String in placeholder }
    }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
