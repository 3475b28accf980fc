import AsyncHTTPClient
@_spi(Fuzzing) import ClerkAuthentication
import ClerkBackend
import ClerkSession
import ClerkTesting
import Logging
import Testing

/// Every error path of the Backend API client, the request authenticator and the verifier, run with a
/// recognisable secret key and whole tokens: neither appears in any log line (all levels, with
/// metadata), error description, reflection, dump or message.
@Suite("Secret hygiene")
struct SecretHygieneTests {
    static let secret = "sk_test_SECRET_CANARY_7f3c9a1e5b2d4068aa11"
    static let wrongSecret = "sk_test_SECRET_CANARY_WRONG_0badc0ffee0badc0"

    @Test("Backend API client: 401, 404, HTML 500, 429, timeout, refused, invalid arguments, legacy verify")
    func clientErrorPaths() async throws {
        let sink = HygieneSink()
        let issuer = TestIssuer()
        let server = try await FakeClerkServer.start(issuer: issuer, secretKey: Self.secret)
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        let (session, _) = server.createSession()
        let token = try #require(server.sessionToken(forSession: session.id))
        sink.forbid(token)
        let echo = "Authorization: Bearer \(Self.secret) token=\(token)"

        func client(secret: String, timeout: Duration = .seconds(5)) -> ClerkBackendClient {
            var configuration = ClerkBackendClient.Configuration(secretKey: secret, baseURL: server.baseURL)
            configuration.timeout = timeout
            configuration.retryPolicy = .init(sleep: { _ in })
            return ClerkBackendClient(
                configuration: configuration, httpClient: httpClient, logger: sink.logger("client"))
        }
        let good = client(secret: Self.secret)
        let wrong = client(secret: Self.wrongSecret)
        let impatient = client(secret: Self.secret, timeout: .milliseconds(300))

        #expect(await sink.expectError { _ = try await wrong.sessions.list() }?.status == 401)  // 401 bad secret
        #expect(await sink.expectError { _ = try await wrong.sessions.get(session.id) }?.status == 401)
        #expect(await sink.expectError { _ = try await wrong.jwks() }?.status == 401)
        #expect(await sink.expectError { _ = try await good.sessions.get("sess_missing") }?.status == 404)  // 404
        server.clearFaults()
        server.injectFault(
            path: "/v1/sessions/\(session.id)", status: 500,
            body: "<!DOCTYPE html><html><body><h1>500</h1><pre>\(echo)</pre></body></html>",
            headers: [("Content-Type", "text/html")], count: 4)
        // HTML 500 echoing both
        #expect(await sink.expectError { _ = try await good.sessions.get(session.id) }?.status == 500)
        server.clearFaults()
        server.injectFault(
            path: "/v1/sessions", status: 422,
            body:
                #"{"errors":[{"message":"\#(echo)","long_message":"\#(echo)","code":"form_param_invalid","meta":{"echo":"\#(echo)"}}],"clerk_trace_id":"\#(echo)"}"#
        )
        let envelope = await sink.expectError { _ = try await good.sessions.list() }  // envelope echoing both
        #expect(envelope?.status == 422)
        #expect(envelope?.errors.first?.code == "form_param_invalid")
        server.clearFaults()
        server.injectFault(path: "/v1/sessions", status: 429, body: echo, headers: [("Retry-After", "1")], count: 4)
        #expect(await sink.expectError { _ = try await good.sessions.list() }?.status == 429)  // 429, retried
        server.clearFaults()
        server.injectFault(path: "/v1/sessions", status: 200, body: "{\"data\": \(echo)", count: 1)
        // undecodable 2xx
        #expect(await sink.expectError { _ = try await good.sessions.list() }?.kind == .invalidResponse)
        server.clearFaults()
        // Far beyond any stall of the test run: AsyncHTTPClient's deadline reaches the request through an actor on
        // the cooperative pool, which a full two-core run can hold for tens of seconds (a 30 s delay once lost the race).
        server.injectFault(path: "/v1/sessions/\(session.id)", status: 200, body: "{}", delay: .seconds(600), count: 4)
        let timedOut = await sink.expectError { _ = try await impatient.sessions.get(session.id) }
        #expect(timedOut?.kind == .timeout, "\(timedOut.map { "\($0)" } ?? "no error")")  // timeout
        server.clearFaults()
        for bad in ["", "bad/id", "..", "%2e%2e", "sess_\(Self.secret)/x"] {
            #expect(
                await sink.expectError { _ = try await good.sessions.get(bad) }?.kind == .invalidArgument,
                "\(bad.count) bytes")
        }
        #expect(
            await sink.expectError { _ = try await good.legacy.verify(session.id, token: token) }?.kind
                == .deprecatedEndpointDisabled)
        #expect(
            await sink.expectError {
                _ = try await good.sessions.createTokenFromTemplate(session.id, template: "../\(Self.secret)")
            }?.kind
                == .invalidArgument)
        sink.record(
            SecretHygieneTests.describe(
                ClerkAPIError.decodingErrorResponse(
                    status: 500, headers: [("Clerk-Trace-Id", echo)], body: Array(echo.utf8), now: 0,
                    secret: Self.secret)))

        let refusedURL = FakeClerkServer.refusedBaseURL
        var refusedConfiguration = ClerkBackendClient.Configuration(secretKey: Self.secret, baseURL: refusedURL)
        refusedConfiguration.retryPolicy = .init(sleep: { _ in })
        // AsyncHTTPClient keeps retrying a refused connect until the request deadline: keep it short.
        refusedConfiguration.timeout = .seconds(1)
        let refused = ClerkBackendClient(
            configuration: refusedConfiguration, httpClient: httpClient, logger: sink.logger("refused"))
        let refusedKinds: Set<ClerkAPIError.Kind> = [.transport, .timeout]
        #expect(
            await sink.expectError { _ = try await refused.sessions.list() }.map { refusedKinds.contains($0.kind) }
                == true)  // connection refused
        #expect(await sink.expectError { _ = try await refused.jwks() }.map { refusedKinds.contains($0.kind) } == true)

        sink.record(good.description, String(reflecting: good), SecretHygieneTests.dumped(good))
        try await httpClient.shutdown()
        try await server.shutdown()
        sink.check(secrets: [Self.secret, Self.wrongSecret], expectingAtLeast: 20, logLinesAtLeast: 1)
    }

    @Test("Request authenticator: expired, tampered, malformed, wrong issuer, refresh failures, key outage")
    func authenticatorErrorPaths() async throws {
        let sink = HygieneSink()
        let issuer = TestIssuer()
        let server = try await FakeClerkServer.start(issuer: issuer, secretKey: Self.secret)
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        var configuration = ClerkBackendClient.Configuration(secretKey: Self.secret, baseURL: server.baseURL)
        configuration.timeout = .milliseconds(500)
        configuration.retryPolicy = .init(sleep: { _ in })
        let client = ClerkBackendClient(
            configuration: configuration, httpClient: httpClient, logger: sink.logger("client"))
        let store = SessionKeyStore(
            source: BackendAPIKeySource(client: client, issuer: issuer.issuer), logger: sink.logger("keys"))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
            keyStore: store)
        let authenticator = ClerkRequestAuthenticator(
            verifier: verifier, backend: client,
            configuration: .init(
                publishableKey: try PublishableKey(issuer.publishableKey),
                fallsBackToLegacyVerify: true,
                // Every refresh failure path below repeats one session
                // and refresh cookie: no refusal memory, no budget.
                refreshLimits: .init(
                    callsPerSessionPerMinute: 1000,
                    refusalMemory: .zero)),
            logger: sink.logger("auth"))

        let (session, refreshToken) = server.createSession()
        let valid = try #require(server.sessionToken(forSession: session.id))
        let expired = try #require(server.sessionToken(forSession: session.id, issuedAt: issuer.clock.now() - 3600))
        let tampered = String(valid.dropLast(2)) + (valid.hasSuffix("AA") ? "BA" : "AA")
        let wrongIssuer = TestIssuer(frontendAPIHost: "evil.example.test", signingKey: issuer.currentKey.signingKey)
            .sessionToken(userID: session.userID, sessionID: session.id)
        let tokens = [
            valid, expired, tampered, valid + ".", "." + valid, wrongIssuer, String(valid.reversed()),
            valid.replacing(".", with: ".."),
        ]
        for token in tokens { sink.forbid(token) }
        sink.forbid(refreshToken)

        @discardableResult
        func authenticate(_ request: ClerkRequest) async -> AuthenticationResult {
            let result = await authenticator.authenticate(request)
            sink.record(String(describing: result), String(reflecting: result), SecretHygieneTests.dumped(result))
            if case .signedOut(let reason) = result {
                sink.record(reason.message, reason.description)
                if let error = reason.verificationError { sink.record(SecretHygieneTests.describe(error)) }
            }
            if case .keysUnavailable(let error) = result { sink.record(SecretHygieneTests.describe(error)) }
            return result
        }
        func signedOutCode(_ result: AuthenticationResult) -> String? {
            if case .signedOut(let reason) = result { return reason.code.rawValue }
            return nil
        }
        func cookie(_ token: String) -> ClerkRequest {
            ClerkRequest(
                method: "GET",
                headers: [
                    ("Host", "app.example.test"),
                    ("Cookie", "__session=\(token); __refresh=\(refreshToken)"),
                ])
        }
        func bearer(_ token: String) -> ClerkRequest {
            ClerkRequest(method: "GET", headers: [("Authorization", "Bearer \(token)")])
        }

        // Each bearer token reaches the verdict it is there for.
        var outcomes: [String] = []
        for token in tokens {
            let result = await authenticate(bearer(token))
            outcomes.append(result.session != nil ? "signed-in" : signedOutCode(result) ?? "keys-unavailable")
        }
        #expect(
            outcomes == [
                "signed-in", "token-expired", "token-invalid-signature", "token-invalid", "token-invalid",
                "token-invalid-issuer", "token-invalid", "token-invalid",
            ], "\(outcomes)")
        #expect(signedOutCode(await authenticate(cookie(tampered))) == "token-invalid-signature")
        let refreshPath = "/v1/sessions/\(session.id)/refresh"
        var before = 0
        /// Refresh requests the fake server has answered so far.
        func refreshes() -> Int { server.requests.filter { $0.method == "POST" && $0.path == refreshPath }.count }
        let echo = "<html>\(Self.secret) \(expired) \(refreshToken)</html>"
        server.clearFaults()
        server.injectFault(
            path: refreshPath, status: 401,
            body: #"{"errors":[{"message":"\#(echo)","long_message":"\#(echo)","code":"authentication_invalid"}]}"#)
        before = refreshes()
        #expect(await authenticate(cookie(expired)).session == nil)  // refresh: 401
        #expect(refreshes() > before, "the 401 refresh path was not reached")
        server.clearFaults()
        server.injectFault(path: refreshPath, status: 500, body: echo, count: 4)
        before = refreshes()
        #expect(await authenticate(cookie(expired)).session == nil)  // refresh: HTML 500
        #expect(refreshes() > before, "the HTML 500 refresh path was not reached")
        server.clearFaults()
        server.injectFault(path: refreshPath, status: 200, body: "{}", delay: .seconds(3), count: 4)
        before = refreshes()
        #expect(await authenticate(cookie(expired)).session == nil)  // refresh: timeout
        #expect(refreshes() > before, "the timeout refresh path was not reached")
        server.clearFaults()
        server.injectFault(path: refreshPath, status: 200, body: "{\"jwt\":\"\(tampered)\"}")
        before = refreshes()
        #expect(await authenticate(cookie(expired)).session == nil)  // refresh: bad new token
        #expect(refreshes() > before, "the bad new token refresh path was not reached")
        server.clearFaults()
        before = refreshes()
        let post = await authenticate(
            ClerkRequest(method: "POST", headers: [("Host", "a"), ("Cookie", "__session=\(expired)")]))
        guard case .signedOut(let postReason) = post else {
            Issue.record("an expired cookie on a POST was not signed out: \(post)")
            return
        }
        #expect(postReason.verificationError?.code == .tokenExpired, "\(post)")
        #expect(refreshes() == before, "a POST is never refreshed")

        // A key outage (the JWKS fetch fails), with legacy verify on: Clerk's verify answers 410.
        let outageServer = try await FakeClerkServer.start(issuer: issuer, secretKey: Self.secret)
        var outageConfiguration = configuration
        outageConfiguration.baseURL = outageServer.baseURL
        let outageClient = ClerkBackendClient(
            configuration: outageConfiguration, httpClient: httpClient, logger: sink.logger("outage"))
        outageServer.injectFault(path: "/v1/jwks", status: 500, body: echo, count: 10)
        let outageVerifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer]),
            keyStore: SessionKeyStore(
                source: BackendAPIKeySource(client: outageClient, issuer: issuer.issuer),
                logger: sink.logger("outage-keys")))
        let outageAuthenticator = ClerkRequestAuthenticator(
            verifier: outageVerifier, backend: outageClient,
            configuration: .init(fallsBackToLegacyVerify: true), logger: sink.logger("outage-auth"))
        let outage = await outageAuthenticator.authenticate(bearer(valid))
        sink.record(String(describing: outage), SecretHygieneTests.dumped(outage))
        guard case .keysUnavailable(let outageError) = outage else {
            Issue.record("the key outage path was not reached: \(outage)")
            return
        }
        #expect(outageError.isKeyUnavailable)
        #expect(outageServer.requests.contains { $0.path == "/v1/jwks" })

        try await httpClient.shutdown()
        try await outageServer.shutdown()
        try await server.shutdown()
        sink.check(secrets: [Self.secret], expectingAtLeast: 30, logLinesAtLeast: 1)
    }

    @Test("Verifier: every rejection of a token leaves the whole token out of the error")
    func verifierErrorPaths() throws {
        let sink = HygieneSink()
        let issuer = TestIssuer(clock: .fixed(1_800_000_000))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clock: .fixed(1_800_000_000)),
            keySet: try SessionKeySet(jwksText: issuer.jwksJSON, issuer: issuer.issuer, logger: sink.logger("keys")))
        let valid = issuer.sessionToken()
        let header = String(valid.prefix { $0 != "." })
        let longKid = String(repeating: "k", count: 200)
        let candidates = [
            issuer.sessionToken(issuedAt: 1_700_000_000),  // expired
            issuer.sessionToken(issuedAt: 1_900_000_000),  // not yet valid
            Self.flipInsideSignature(valid),  // tampered signature
            valid + ".", valid + valid, " " + valid, valid + "\n",  // malformed
            issuer.token(
                header: [("alg", .string(valid)), ("kid", .string(issuer.currentKey.keyID))],
                claims: issuer.sessionClaims()),
            issuer.token(header: [("alg", "RS256"), ("kid", .string(valid))], claims: issuer.sessionClaims()),
            issuer.token(
                header: [("alg", "RS256"), ("kid", .string(longKid + valid))], claims: issuer.sessionClaims()),
            issuer.token(claims: issuer.sessionClaims(extra: [("iss", .string(valid))])),
            issuer.token(claims: [("exp", .string(valid)), ("iss", .string(issuer.issuer)), ("sub", "u"), ("sid", "s")]
            ),
            header + "." + header + "." + header,
        ]
        var codes: [ClerkVerificationError.Code] = []
        for token in candidates {
            sink.forbid(token)
            let error = #expect(throws: ClerkVerificationError.self, "a hostile token verified") {
                try verifier.verify(token)
            }
            if let error {
                codes.append(error.code)
                sink.record(SecretHygieneTests.describe(error))
            }
        }
        // Each candidate fails where it is meant to (so its rendering is the one the test is about).
        // The kid that is a whole token is over 256 characters; the second `iss` is a duplicate member; the
        // last candidate's "signature" is a header, shorter than the modulus.
        #expect(
            codes == [
                .tokenExpired, .tokenNotActiveYet, .tokenInvalidSignature, .tokenMalformed, .tokenMalformed,
                .tokenMalformed, .tokenMalformed, .tokenInvalidAlgorithm, .tokenInvalidKeyID, .tokenInvalidKeyID,
                .tokenMalformed, .tokenInvalidClaim, .tokenInvalidSignature,
            ], "\(codes.map(\.rawValue))")
        sink.forbid(valid)
        sink.check(secrets: [], expectingAtLeast: candidates.count, logLinesAtLeast: 0)
    }

    @Test("Redaction is byte-wise: a combining mark after the secret does not hide it; echoed tokens go")
    func redactionEdgeCases() {
        let token = TestIssuer(clock: .fixed(1_800_000_000)).sessionToken()
        let echoes = [
            "\(Self.secret)\u{301}", "x\(Self.secret)\u{20DD}y", "Bearer_\(token)", "\(token)\u{301}.", "t=\(token)",
        ]
        for echo in echoes {
            let envelope =
                #"{"errors":[{"message":"\#(echo)","long_message":"\#(echo)","code":"\#(echo)","meta":{"e":"\#(echo)"}}],"clerk_trace_id":"\#(echo)"}"#
            for body in [envelope, "<html>\(echo)</html>"] {
                let error = ClerkAPIError.decodingErrorResponse(
                    status: 400, headers: [("Clerk-Trace-Id", echo)],
                    body: Array(body.utf8), now: 0, secret: Self.secret)
                let text = Self.describe(error)
                #expect(
                    !text.utf8.contains(Self.secret.utf8), "the secret survived in: \(echo.utf8.count) bytes of echo")
                #expect(!text.utf8.contains(token.utf8), "a whole token survived")
            }
        }
    }

    // MARK: Rendering

    static func describe(_ error: some Error) -> String {
        var text = String(describing: error) + "\n" + String(reflecting: error) + "\n" + dumped(error)
        if let api = error as? ClerkAPIError {
            text += "\n" + api.message + "\n" + (api.bodyExcerpt ?? "") + "\n" + (api.traceID ?? "")
            for entry in api.errors {
                text += "\n\(entry.message) \(entry.longMessage ?? "") \(entry.code) \(entry.meta ?? "")"
            }
        }
        if let verification = error as? ClerkVerificationError { text += "\n" + verification.message }
        return text
    }

    static func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}

/// Collects every text a test produced (log lines from its loggers, error renderings) and checks that
/// none contains a secret or a forbidden whole token.
final class HygieneSink: Sendable {
    private let texts = Locked<[String]>([])
    private let forbidden = Locked<[String]>([])
    private let capture = LogCapture()

    func record(_ items: String...) { texts.withLock { $0.append(contentsOf: items) } }
    func forbid(_ token: String) { forbidden.withLock { $0.append(token) } }

    /// A logger at trace level whose lines (with metadata) are checked.
    func logger(_ label: String) -> Logger {
        var logger = capture.logger
        logger[metadataKey: "component"] = "\(label)"
        return logger
    }

    /// Runs `body`, which must throw a `ClerkAPIError`, and records the error's every rendering.
    @discardableResult
    func expectError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async
        -> ClerkAPIError?
    {
        let error = await #expect(throws: ClerkAPIError.self, sourceLocation: sourceLocation) { try await body() }
        if let error { record(SecretHygieneTests.describe(error)) }
        return error
    }

    /// Checks every text; `logLinesAtLeast` is how many log lines the test's loggers must have produced
    /// (so "no secret in any log line" is not vacuously true of a logger nothing reached).
    func check(
        secrets: [String], expectingAtLeast minimum: Int, logLinesAtLeast minimumLogLines: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let lines = capture.lines
        #expect(
            lines.count >= minimumLogLines, "only \(lines.count) log lines were captured",
            sourceLocation: sourceLocation)
        let all = texts.withLock { $0 } + lines
        #expect(all.count >= minimum, "only \(all.count) texts were captured", sourceLocation: sourceLocation)
        let tokens = forbidden.withLock { $0 }
        for (index, text) in all.enumerated() {
            for secret in secrets where text.utf8.contains(secret.utf8) {
                Issue.record(
                    "text #\(index) contains a secret key: \(Self.redacted(text, secret))",
                    sourceLocation: sourceLocation)
            }
            for token in tokens where token.utf8.count >= 16 && text.utf8.contains(token.utf8) {
                Issue.record(
                    "text #\(index) contains a whole token: \(Self.redacted(text, token))",
                    sourceLocation: sourceLocation)
            }
        }
    }

    /// The offending text with the secret cut out, so a failure report does not leak it either.
    private static func redacted(_ text: String, _ secret: String) -> String {
        String(text.replacing(secret, with: "<LEAKED \(secret.utf8.count) BYTES>").prefix(600))
    }
}

extension String.UTF8View {
    /// Byte-wise substring search (no Unicode equivalence: what a log file would contain).
    func contains(_ needle: String.UTF8View) -> Bool {
        let haystack = Array(self)
        let needle = Array(needle)
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

extension SecretHygieneTests {
    /// `token` with one signature character well inside the signature changed (A <-> B): still strict
    /// base64url, so it fails on the signature. (The last character carries padding bits: changing it can
    /// make the token non-canonical, `token-invalid`, depending on the random signature.)
    static func flipInsideSignature(_ token: String) -> String {
        var bytes = Array(token.utf8)
        guard let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")), lastDot + 40 < bytes.count else { return token }
        bytes[lastDot + 40] = bytes[lastDot + 40] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }
}
