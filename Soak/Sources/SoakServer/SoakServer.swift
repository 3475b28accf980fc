import ClerkBackend
import ClerkHummingbird
@_spi(Diagnostics) import ClerkSession
import ClerkTesting
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging

/// A Hummingbird server protected by ClerkHummingbird, with an in-process FakeClerkServer as its Clerk.
/// While it runs, a schedule makes the fake fail (500s), slow down and rotate keys (with overlap).
///
///     SoakServer <port> [ttl-seconds]
///
/// Routes: `GET /me?kind=<kind>` (protected: 200 or 401; counted per kind), `GET /soak/tokens`
/// (`kind token` lines), `GET /soak/stats` (`kind status count` lines, then `jwks-requests N`,
/// `store-fetches N`, `faults N`, `rotations N`, `policy ttl ahead cooldown`).
@main
enum SoakServer {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let port = arguments.count > 1 ? Int(arguments[1]) ?? 8089 : 8089
        let ttl = arguments.count > 2 ? Double(arguments[2]) ?? 6 : 6
        var logger = Logger(label: "soak")
        logger.logLevel = .warning

        let fake = try await FakeClerkServer.start(issuer: TestIssuer())
        let client = ClerkBackendClient(configuration: .init(secretKey: fake.secretKey, baseURL: fake.baseURL), logger: logger)
        let policy = SessionKeyStore.Policy(timeToLive: .seconds(ttl), refreshAhead: .seconds(1), maximumStaleness: .seconds(3600),
                                            unknownKeyIDCooldown: .seconds(5), initialBackoff: .milliseconds(500), maximumBackoff: .seconds(3))
        func seconds(_ span: Duration) -> Double {
            Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18
        }
        let store = SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: fake.issuer.issuer, timeout: .seconds(1)),
                                    policy: policy, logger: logger)
        let verifier = SessionTokenVerifier(configuration: .init(issuers: [fake.issuer.issuer]), keyStore: store)
        let authenticator = ClerkRequestAuthenticator(verifier: verifier, backend: client, logger: logger)
        await store.prewarm()

        let tokens = SoakTokens.mint(server: fake)
        let stats = SoakStats()
        let schedule = FaultSchedule(server: fake)

        let router = Router(context: ClerkRequestContext.self)
        router.get("/soak/tokens") { _, _ -> String in
            tokens.map { "\($0.kind.rawValue) \($0.token)" }.joined(separator: "\n") + "\n"
        }
        router.get("/soak/stats") { _, _ -> String in
            let jwks = fake.requests.filter { $0.path.hasSuffix("/jwks") }.count
            return (stats.lines() + [
                "jwks-requests \(jwks)", "store-fetches \(store.fetchCount)",
                "faults \(schedule.faults)", "rotations \(schedule.rotations)",
                "policy \(seconds(policy.timeToLive)) \(seconds(policy.refreshAhead)) \(seconds(policy.unknownKeyIDCooldown))",
            ]).joined(separator: "\n") + "\n"
        }
        router.group("me")
            .add(middleware: CountingMiddleware(stats: stats))
            .add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
            .add(middleware: ClerkRequireSessionMiddleware())
            .get { _, context -> String in
                try context.requireIdentity().userID
            }

        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let faults = Task { await schedule.run() }
        defer { faults.cancel() }
        try await app.runService()
    }
}

/// Counts the status of every protected request by its `kind` query parameter.
struct CountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let stats: SoakStats

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let kind = request.uri.queryParameters.get("kind") ?? "unlabelled"
        do {
            let response = try await next(request, context)
            stats.record(kind: kind, status: Int(response.status.code))
            return response
        } catch let error as HTTPError {
            stats.record(kind: kind, status: Int(error.status.code))
            throw error
        } catch {
            stats.record(kind: kind, status: 500)
            throw error
        }
    }
}
