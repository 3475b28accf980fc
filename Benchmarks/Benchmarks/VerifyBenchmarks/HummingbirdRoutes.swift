import Benchmark
import BenchmarkFixture
import ClerkAuthentication
import ClerkHummingbird
import ClerkSession
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdTesting
import Logging
import NIOCore

/// A request context like an application's, built in-process (no channel, no server).
struct BenchRequestContext: AuthRequestContext, RequestContext {
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

/// One Hummingbird route, `GET /me`, driven through the router's responder directly: the cost of the
/// middleware chain and the route, without sockets or HTTP parsing (those are the same with or without
/// the Clerk middleware, so leaving them out makes the comparison stricter, not looser).
struct HummingbirdRoute: Sendable {
    let responder: RouterResponder<BenchRequestContext>
    let request: Request
    let source: BenchRequestContext.Source

    /// - Parameter verifier: with a verifier, the route sits behind `ClerkAuthenticationMiddleware`.
    init(token: String, verifier: SessionTokenVerifier?) {
        let router = Router(context: BenchRequestContext.self)
        if let verifier {
            router.add(
                middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
        }
        router.get("me") { _, context -> HTTPResponse.Status in
            context.identity == nil ? .noContent : .ok
        }
        self.responder = router.buildResponder()
        self.request = Request(
            head: HTTPRequest(
                method: .get, scheme: "http", authority: "api.example.test", path: "/me",
                headerFields: [
                    .authorization: "Bearer \(token)", .accept: "application/json",
                    .userAgent: "benchmark/1.0",
                ]),
            body: RequestBody(buffer: ByteBuffer()))
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        self.source = .init(logger: logger)
    }

    func respond() async throws -> HTTPResponse.Status {
        try await responder.respond(to: request, context: BenchRequestContext(source: source)).status
    }
}

/// The same route without and with the Clerk middleware (the latter over the caching verifier: a warm token).
let routeWithoutMiddleware = HummingbirdRoute(token: fixture.token, verifier: nil)
let routeWithMiddleware = HummingbirdRoute(token: fixture.token, verifier: fixture.verifier)

/// The same `GET /me` application, driven through HummingbirdTesting's in-process client (`.router`):
/// each request is built, routed through the middleware chain and its response collected, as in an
/// application's own tests, with no socket. This is the pair the middleware target names.
struct HummingbirdTestApplication: Sendable {
    let application: Application<RouterResponder<ClerkRequestContext>>
    let headers: HTTPFields

    /// - Parameter verifier: with a verifier, the route sits behind `ClerkAuthenticationMiddleware`.
    init(token: String, verifier: SessionTokenVerifier?) {
        let router = Router(context: ClerkRequestContext.self)
        if let verifier {
            router.add(
                middleware: ClerkAuthenticationMiddleware(authenticator: ClerkRequestAuthenticator(verifier: verifier)))
        }
        router.get("me") { _, context -> HTTPResponse.Status in
            context.identity == nil ? .noContent : .ok
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        self.application = Application(router: router, logger: logger)
        self.headers = [.authorization: "Bearer \(token)", .accept: "application/json", .userAgent: "benchmark/1.0"]
    }

    /// Sends one warm-up request (which must answer `expected`), then measures `benchmark`'s scaled
    /// iterations of the same request through the test client.
    func measure(_ benchmark: Benchmark, expecting expected: HTTPResponse.Status) async throws {
        let measured = MeasuredBenchmark(benchmark: benchmark)
        let headers = self.headers
        try await application.test(.router) { client in
            let first = try await client.execute(uri: "/me", method: .get, headers: headers, body: nil)
            precondition(first.status == expected, "GET /me answered \(first.status), expected \(expected)")
            measured.benchmark.startMeasurement()
            for _ in measured.benchmark.scaledIterations {
                blackHole(try await client.execute(uri: "/me", method: .get, headers: headers, body: nil).status)
            }
            measured.benchmark.stopMeasurement()
        }
    }
}

let testApplicationWithoutMiddleware = HummingbirdTestApplication(token: fixture.token, verifier: nil)
let testApplicationWithMiddleware = HummingbirdTestApplication(token: fixture.token, verifier: fixture.verifier)

/// The harness's `Benchmark` is a class it hands to one benchmark closure at a time; HummingbirdTesting
/// asks for a `@Sendable` test closure, which runs (and finishes) inside `test`, so the benchmark is only
/// ever used by one task at once.
private struct MeasuredBenchmark: @unchecked Sendable {
    let benchmark: Benchmark
}
