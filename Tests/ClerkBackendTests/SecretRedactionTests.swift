import ClerkBackend
import ClerkTesting
import Testing

/// The secret key appears in no description, no error and no log line.
@Suite("Secret redaction")
struct SecretRedactionTests {
    static let secret = "sk_test_super_secret_value_0123456789"

    @Test func clientAndConfigurationDescriptions() {
        let configuration = ClerkBackendClient.Configuration(secretKey: Self.secret)
        let client = ClerkBackendClient(configuration: configuration)
        var dumped = ""
        dump(client, to: &dumped)
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        let texts = [
            client.description, client.debugDescription, String(describing: client), String(reflecting: client),
            configuration.description, configuration.debugDescription, String(reflecting: configuration),
            "\(client)", dumped, dumpedConfiguration,
        ]
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("super_secret"))
        }
        #expect(client.description.contains("sk_test_***"))
        #expect(dumped.contains("sk_test_***"))
    }

    @Test func errorsAndLogLinesNeverContainTheKey() async throws {
        let capture = LogCapture()
        try await Harness.run(
            logger: capture.logger,
            configure: {
                $0.secretKey = Self.secret  // the fake rejects it: every /v1 call is a 401
            }
        ) { h in
            var errors: [ClerkAPIError] = []
            // A server that echoes the Authorization header back in its error body.
            h.server.injectFault(
                path: "/v1/sessions/sess_echo", status: 500, body: "<html>Authorization: Bearer \(Self.secret)</html>")
            h.server.injectFault(
                path: "/v1/sessions", status: 503,
                body:
                    "{\"errors\":[{\"message\":\"key \(Self.secret)\",\"long_message\":\"\(Self.secret)\",\"code\":\"x\"}]}"
            )
            if let e = await apiError({ _ = try await h.client.sessions.get("sess_echo") }) { errors.append(e) }
            if let e = await apiError({ _ = try await h.client.sessions.list() }) { errors.append(e) }
            if let e = await apiError({ _ = try await h.client.sessions.get("sess_1") }) { errors.append(e) }
            if let e = await apiError({ _ = try await h.client.sessions.get("bad/id") }) { errors.append(e) }
            #expect(errors.count == 4)
            #expect(errors.contains { $0.bodyExcerpt?.contains("sk_test_***") == true })
            for error in errors {
                var dumped = ""
                dump(error, to: &dumped)
                for text in [
                    error.description, error.message, error.bodyExcerpt ?? "", String(reflecting: error), dumped,
                ]
                    + error.errors.flatMap({ [$0.message, $0.longMessage ?? ""] })
                {
                    #expect(!text.contains(Self.secret))
                }
            }
        }
        let lines = capture.lines
        #expect(!lines.isEmpty)
        #expect(lines.contains { $0.contains("/v1/sessions") })
        for line in lines { #expect(!line.contains(Self.secret)) }
    }

    @Test func connectionErrorsDoNotContainTheKey() async throws {
        let capture = LogCapture()
        // Port 1: never handed to another test's server (a port a test released can be, within the run).
        let client = ClerkBackendClient(
            configuration: .init(
                secretKey: Self.secret, baseURL: FakeClerkServer.refusedBaseURL, timeout: .seconds(1),
                retryPolicy: .init(sleep: { _ in })),
            logger: capture.logger)
        let error = try #require(await apiError { _ = try await client.sessions.list() })
        #expect(error.kind == .transport)
        #expect(!error.description.contains(Self.secret))
        #expect(capture.lines.count >= 3)
        for line in capture.lines { #expect(!line.contains(Self.secret)) }
    }
}
