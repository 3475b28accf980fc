import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import ClerkTesting
import Logging
import Testing

/// One issuer for tests that do not rotate keys (RSA key generation is slow-ish).
let sharedIssuer = TestIssuer()

/// Delays the retry policy asked for, without sleeping.
final class SleepRecorder: Sendable {
    private let delays = Locked<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }
    func record(_ delay: Duration) { delays.withLock { $0.append(delay) } }
}

/// Every log line a logger produced, rendered with its metadata.
final class LogCapture: Sendable {
    private let storage = Locked<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "test.capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.append("\(event.level) \(event.message) \(rendered)")
    }
}

/// A fake server, an HTTP client owned by the test, and a Backend API client pointed at the server.
struct Harness: Sendable {
    let server: FakeClerkServer
    let httpClient: HTTPClient
    let client: ClerkBackendClient
    let sleeps: SleepRecorder

    /// Runs `body` with a fresh fake server and client; shuts both down afterwards.
    static func run<T: Sendable>(
        issuer: TestIssuer = sharedIssuer, legacyVerify: Bool = false,
        logger: Logger = Logger(label: "test.backend"),
        configure: (inout ClerkBackendClient.Configuration) -> Void = { _ in },
        _ body: (Harness) async throws -> T
    ) async throws -> T {
        let server = try await FakeClerkServer.start(issuer: issuer, legacyVerify: legacyVerify)
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        let sleeps = SleepRecorder()
        var configuration = ClerkBackendClient.Configuration(secretKey: server.secretKey, baseURL: server.baseURL)
        configuration.timeout = .seconds(5)
        configuration.retryPolicy = .init(sleep: { sleeps.record($0) })
        configure(&configuration)
        let harness = Harness(
            server: server, httpClient: httpClient,
            client: ClerkBackendClient(configuration: configuration, httpClient: httpClient, logger: logger),
            sleeps: sleeps)
        do {
            let result = try await body(harness)
            try await httpClient.shutdown()
            try await server.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            try? await server.shutdown()
            throw error
        }
    }
}

/// Runs `body` and returns the `ClerkAPIError` it threw (records an issue when it did not throw one).
func apiError(_ body: () async throws -> Void) async -> ClerkAPIError? {
    await #expect(throws: ClerkAPIError.self) { try await body() }
}

/// Calls the deprecated verify through a protocol (the test means to call it; no warning).
protocol LegacyVerifying {
    func verify(_ id: String, token: String) async throws(ClerkAPIError) -> ClerkSessionObject
}
extension ClerkBackendClient.Sessions: LegacyVerifying {}

extension ClerkBackendClient {
    var legacy: any LegacyVerifying { sessions }
}

/// Decodes a JSON object body into `[String: Any]`-free form: a `ClerkJSONValue`.
func jsonValue(_ text: String) throws -> ClerkJSONValue {
    try JSONDecoderShim.decode(text)
}
