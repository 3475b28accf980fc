// A plain loop over one Hummingbird route driven through the router's responder (no sockets), for
// valgrind --tool=callgrind: the instructions a request spends in the middleware chain and the route.
//   swift build --package-path Benchmarks -c release --product ProfileRoute
//   valgrind --tool=callgrind Benchmarks/.build/release/ProfileRoute clerk 2000
// Modes: none | passthrough | clerk-optional | clerk | clerk-guard (the e2e server's variants, in-process).
import ClerkAuthentication
import ClerkHummingbird
import ClerkSession
import ClerkTesting
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

struct RouteContext: AuthRequestContext, RequestContext {
    struct Source: RequestContextSource {
        let logger: Logger
    }

    var coreContext: CoreRequestContextStorage
    var identity: VerifiedSession?

    init(source: Source) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.identity = nil
    }
}

struct PassThroughMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await next(request, context)
    }
}

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "clerk"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
let placeholder = "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6"

let issuedAt: Double = 1_767_225_600
let issuer = TestIssuer(clock: .fixed(issuedAt))
let token = issuer.sessionToken(
    userID: "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu")
let verifier = SessionTokenVerifier(
    configuration: .init(
        issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty], clock: .fixed(issuedAt + 1)),
    keySet: issuer.keySet)

let router = Router(context: RouteContext.self)
switch mode {
case "clerk":
    router.add(
        middleware: ClerkAuthenticationMiddleware(
            authenticator: ClerkRequestAuthenticator(verifier: verifier), requiresIdentity: true))
    router.get("hello") { _, context -> String in try context.requireIdentity().userID }
case "clerk-guard":
    router.add(middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
    router.add(middleware: ClerkRequireSessionMiddleware())
    router.get("hello") { _, context -> String in try context.requireIdentity().userID }
case "clerk-optional":
    router.add(middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
    router.get("hello") { _, _ -> String in placeholder }
case "passthrough":
    router.add(middleware: PassThroughMiddleware())
    router.get("hello") { _, _ -> String in placeholder }
default:
    router.get("hello") { _, _ -> String in placeholder }
}
let responder = router.buildResponder()
let request = Request(
    head: HTTPRequest(
        method: .get, scheme: "http", authority: "127.0.0.1:8080", path: "/hello",
        headerFields: [.authorization: "Bearer \(token)", .accept: "*/*", .userAgent: "wrk"]),
    body: RequestBody(buffer: ByteBuffer()))
var logger = Logger(label: "profile")
logger.logLevel = .warning
let source = RouteContext.Source(logger: logger)
/// Runs every job on the thread that drains it: valgrind 3.19 stops at the first thread the Swift
/// runtime's global executor starts, so the loop below never leaves the main thread.
final class InlineExecutor: TaskExecutor, @unchecked Sendable {
    private var jobs: [UnownedJob] = []

    func enqueue(_ job: consuming ExecutorJob) { jobs.append(UnownedJob(job)) }

    func drain() {
        while !jobs.isEmpty {
            jobs.removeFirst().runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

final class Counter: @unchecked Sendable { var ok = 0 }
let executor = InlineExecutor()
let counter = Counter()
Task(executorPreference: executor) {
    for _ in 0..<count {
        let response = try await responder.respond(to: request, context: RouteContext(source: source))
        if response.status == .ok { counter.ok += 1 }
    }
}
executor.drain()
print(mode, count, counter.ok)
// Every request must have been answered 200 (a signed-in request for the Clerk modes).
if counter.ok != count { exit(1) }
