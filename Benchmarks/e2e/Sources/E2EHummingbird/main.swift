import ClerkAuthentication
import ClerkHummingbird
import ClerkSession
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

// Usage: E2EHummingbird <none|clerk|passthrough|clerk-optional|clerk-guard> <port> <fixture-dir>
//
// `GET /hello` on 127.0.0.1:<port>, answering the user id (a constant of the same length for `none`).
//   none   the route alone
//   clerk  the route behind ClerkAuthenticationMiddleware(requiresIdentity: true) (401 without a valid
//          session), verifying against the fixture's JWKS file with `iss` and `azp` required
// Diagnostics, for runs by hand (`run` uses none and clerk):
//   passthrough     the route behind one middleware that only calls the next (what any middleware costs)
//   clerk-optional  the route behind ClerkAuthenticationMiddleware alone, answering the constant
//   clerk-guard     the route behind ClerkAuthenticationMiddleware and ClerkRequireSessionMiddleware (two hops;
//                   the `clerk` variant before 2026-12-03)

let arguments = CommandLine.arguments
guard arguments.count == 4, let port = Int(arguments[2]),
    ["none", "clerk", "passthrough", "clerk-optional", "clerk-guard"].contains(arguments[1])
else {
    let usage = "usage: E2EHummingbird <none|clerk|passthrough|clerk-optional|clerk-guard> <port> <fixture-dir>\n"
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
/// What `none` answers: as long as the user id `clerk` answers.
let placeholder = "user_2e2eBenchmarkUser0000000"

var logger = Logger(label: "e2e.hummingbird")
logger.logLevel = .warning

/// The Clerk variants' verifier: the fixture's JWKS file, `iss` and `azp` required.
func clerkVerifier() throws -> SessionTokenVerifier {
    let source = try StaticKeySource(jwksFile: fixture.appendingPathComponent("jwks.json").path, issuer: issuer)
    return SessionTokenVerifier(
        configuration: .init(issuers: [issuer], authorizedParties: [authorizedParty]),
        keyStore: SessionKeyStore(keySet: source.keySet))
}

let router = Router(context: ClerkRequestContext.self)
if mode == "clerk" {
    let verifier = try clerkVerifier()
    router.add(
        middleware: ClerkAuthenticationMiddleware(
            authenticator: ClerkRequestAuthenticator(verifier: verifier), requiresIdentity: true))
    router.get("hello") { _, context -> String in
        try context.requireIdentity().userID
    }
} else if mode == "clerk-guard" {
    let verifier = try clerkVerifier()
    router.add(middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
    router.add(middleware: ClerkRequireSessionMiddleware())
    router.get("hello") { _, context -> String in
        try context.requireIdentity().userID
    }
} else if mode == "clerk-optional" {
    // Diagnostics: the authentication middleware alone (no guard), answering the placeholder.
    let verifier = try clerkVerifier()
    router.add(middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
    router.get("hello") { [placeholder] _, _ -> String in placeholder }
} else if mode == "passthrough" {
    // Diagnostics: what any one middleware costs in this router.
    router.add(middleware: PassThroughMiddleware())
    router.get("hello") { [placeholder] _, _ -> String in placeholder }
} else {
    router.get("hello") { [placeholder] _, _ -> String in placeholder }
}

struct PassThroughMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await next(request, context)
    }
}

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port)),
    logger: logger
)
try await app.runService()
