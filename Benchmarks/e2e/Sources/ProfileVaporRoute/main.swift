// A plain loop over one Vapor route driven through the application's responder on an EmbeddedEventLoop (no
// sockets; every step runs on the calling thread), for valgrind --tool=callgrind: the instructions a request
// spends in Vapor's middleware chain and the route, with and without this library's middleware. The Vapor
// counterpart of Benchmarks/Sources/ProfileRoute (Hummingbird).
//   swift build --package-path Benchmarks/e2e -c release --product ProfileVaporRoute
//   valgrind --tool=callgrind --toggle-collect='*measure*' ProfileVaporRoute clerk 1000
// Modes (the e2e server's variants, in-process): none | clerk (ClerkAuthenticator(requiresSession: true)) |
// clerk-guard (ClerkAuthenticator and ClerkSessionGuard) | clerk-optional (ClerkAuthenticator alone) |
// login (Vapor's `req.auth` alone: a session verified once, logged in per request and read back by the route,
// as E2EVapor's `login`).
import ClerkAuthentication
import ClerkSession
import ClerkTesting
import ClerkVapor
import NIOEmbedded
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "clerk"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
guard ["none", "clerk", "clerk-guard", "clerk-optional", "login"].contains(mode), count > 0 else {
    print("usage: ProfileVaporRoute <none|clerk|clerk-guard|clerk-optional|login> [N]")
    exit(2)
}
/// What `none` answers: as long as the user id the others answer.
let placeholder = "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6"

let issuedAt: Double = 1_767_225_600
let issuer = TestIssuer(clock: .fixed(issuedAt))
let token = issuer.sessionToken(
    userID: "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu")
let verifier = SessionTokenVerifier(
    configuration: .init(
        issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty], clock: .fixed(issuedAt + 1)),
    keySet: issuer.keySet)

// Vapor's request logger would print a line per request at its default level.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}
let app = Application(.production)
app.logger.logLevel = .warning
switch mode {
case "clerk":
    app.clerk.configure(authenticator: ClerkRequestAuthenticator(verifier: verifier))
    app.grouped(ClerkAuthenticator(requiresSession: true)).get("hello") { req -> String in
        try req.clerk.requireSession().userID
    }
case "clerk-guard":
    app.clerk.configure(authenticator: ClerkRequestAuthenticator(verifier: verifier))
    app.grouped(ClerkAuthenticator(), ClerkSessionGuard()).get("hello") { req -> String in
        try req.clerk.requireSession().userID
    }
case "clerk-optional":
    app.clerk.configure(authenticator: ClerkRequestAuthenticator(verifier: verifier))
    app.grouped(ClerkAuthenticator()).get("hello") { _ -> String in placeholder }
case "login":
    /// E2EVapor's `login` middleware: only `req.auth.login` of a session verified here, once.
    struct LoginOnlyMiddleware: Middleware {
        let session: VerifiedSession
        func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            if request.headers.contains(name: .authorization) { request.auth.login(session) }
            return next.respond(to: request)
        }
    }
    let session = try verifier.verify(token)
    app.grouped(LoginOnlyMiddleware(session: session)).get("hello") { req -> String in
        try req.clerk.requireSession().userID
    }
default:
    app.get("hello") { _ -> String in placeholder }
}
let responder = app.responder.current
let loop = EmbeddedEventLoop()
let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Accept": "*/*", "User-Agent": "wrk"]

final class Counter: @unchecked Sendable { var ok = 0 }
let counter = Counter()

/// The measured loop (callgrind's `--toggle-collect='*measure*'`): build a request as Vapor's server would,
/// send it through the responder, read the status.
@inline(never)
func measure(_ count: Int) {
    for _ in 0..<count {
        let request = Request(
            application: app, method: .GET, url: URI(path: "/hello"), version: .http1_1, headers: headers,
            remoteAddress: nil, logger: app.logger, on: loop)
        responder.respond(to: request).whenSuccess { response in
            if response.status == .ok { counter.ok += 1 }
        }
        loop.run()
    }
}
measure(count)
print(mode, count, counter.ok)
try? loop.syncShutdownGracefully()
app.shutdown()
// Every request must have been answered 200 (a signed-in request for the Clerk modes).
if counter.ok != count { exit(1) }
