import ClerkBackend
import ClerkTesting
import Foundation
import Testing

/// One failure path of one command, with the code its `error:` line must carry.
struct CLIFailureCase: CustomStringConvertible {
    let name: String
    let arguments: [String]
    var environment: [String: String] = [:]
    /// The expected start of the `error:` line, e.g. `error: http-503`.
    let expectedPrefix: String
    /// Whether `--verbose` must show at least one log line before the `error:` line.
    var logs = false
    /// Strings that must appear on neither stream (tokens given as arguments).
    var secrets: [String] = []

    var description: String { name }
}

/// The failure paths of every command, against a fake Clerk Backend API whose secret key is a canary
/// (answering injected errors), an API on a closed port, and missing or broken key sources.
struct CLIFailureFixture {
    /// The canary secret: it must never appear on stdout or stderr.
    static let canary = "sk_test_CANARY_abc123def456ghi789"
    /// A second canary the fake server does not know (its answer is a 401).
    static let unknownCanary = "sk_test_CANARY_unknown_0000000000"

    let server: FakeClerkServer
    let closedURL: String
    let cases: [CLIFailureCase]

    static func start() async throws -> CLIFailureFixture {
        // Nothing listens there, and no other test's server can take the port.
        let closedURL = FakeClerkServer.refusedBaseURL

        let server = try await FakeClerkServer.start(secretKey: canary)
        let (session, refreshToken) = server.createSession(userID: "user_failures")
        let id = session.id
        let clerkError =
            #"{"errors":[{"code":"internal_clerk_error","message":"Oops","long_message":"Something went wrong"}]}"#
        for (path, method, status) in [
            ("/v1/sessions", "GET", 503), ("/v1/sessions/\(id)", "GET", 503), ("/v1/jwks", "GET", 503),
            ("/v1/sessions", "POST", 500), ("/v1/sessions/\(id)/revoke", "POST", 500),
            ("/v1/sessions/\(id)/refresh", "POST", 500), ("/v1/sessions/\(id)/tokens", "POST", 500),
            ("/v1/sessions/\(id)/tokens/tpl", "POST", 500),
        ] {
            server.injectFault(path: path, method: method, status: status, body: clerkError, count: 1000)
        }

        let issuer = server.issuer
        let expired = server.sessionToken(forSession: id, issuedAt: 1_000_000) ?? "missing-token"
        let fresh = server.sessionToken(forSession: id) ?? "missing-token"
        var tampered = fresh
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")
        let jwksFile = try CLIRunner.temporaryFile(issuer.jwksJSON, suffix: ".json")
        let secret = ["CLERK_SECRET_KEY": canary]

        // Backend API commands: each against injected errors, an unreachable API, a wrong key, and no key.
        let backend: [(String, [String], String)] = [
            ("sessions list", ["sessions", "list", "--user-id", "user_failures"], "error: http-503: "),
            ("sessions get", ["sessions", "get", id], "error: http-503: "),
            ("sessions create", ["sessions", "create", "--user-id", "user_failures"], "error: http-500: "),
            ("sessions revoke", ["sessions", "revoke", id], "error: http-500: "),
            (
                "sessions refresh",
                [
                    "sessions", "refresh", id, "--expired-token", expired, "--refresh-token", refreshToken,
                    "--request-origin", "https://app.example.test",
                ], "error: http-500: "
            ),
            ("sessions token", ["sessions", "token", id], "error: http-500: "),
            ("sessions token --template", ["sessions", "token", id, "--template", "tpl"], "error: http-500: "),
            (
                "sessions verify --legacy-verify", ["sessions", "verify", id, "--token", fresh, "--legacy-verify"],
                "error: http-410: "
            ),
            ("jwks", ["jwks"], "error: http-503: "),
        ]
        var cases: [CLIFailureCase] = []
        // Injected faults are answered before authentication, so an unknown key meets them too.
        for (name, arguments, prefix) in backend {
            let secrets = [expired, refreshToken, fresh]
            cases.append(
                CLIFailureCase(
                    name: "\(name): API error", arguments: arguments + ["--api-url", server.baseURL],
                    environment: secret, expectedPrefix: prefix, logs: true, secrets: secrets))
            cases.append(
                CLIFailureCase(
                    name: "\(name): API unreachable", arguments: arguments + ["--api-url", closedURL],
                    environment: secret, expectedPrefix: "error: ", logs: true, secrets: secrets))
            cases.append(
                CLIFailureCase(
                    name: "\(name): unknown secret key", arguments: arguments + ["--api-url", server.baseURL],
                    environment: ["CLERK_SECRET_KEY": unknownCanary], expectedPrefix: "error: http-",
                    logs: true, secrets: secrets))
            cases.append(
                CLIFailureCase(
                    name: "\(name): CLERK_SECRET_KEY missing", arguments: arguments + ["--api-url", server.baseURL],
                    expectedPrefix: "error: secret-key-missing: ", secrets: secrets))
        }
        cases.append(
            CLIFailureCase(
                name: "sessions verify without --legacy-verify",
                arguments: ["sessions", "verify", id, "--token", fresh, "--api-url", server.baseURL],
                environment: secret, expectedPrefix: "error: deprecated-endpoint-disabled: ", secrets: [fresh]))

        // verify: bad tokens, broken local key sources, unreachable or failing remote key sources.
        let verify = ["verify", "--issuer", issuer.issuer]
        cases += [
            CLIFailureCase(
                name: "verify: not a token", arguments: verify + ["--jwks-file", jwksFile, "not-a-token"],
                environment: secret, expectedPrefix: "error: token-"),
            CLIFailureCase(
                name: "verify: tampered token", arguments: verify + ["--jwks-file", jwksFile, tampered],
                environment: secret, expectedPrefix: "error: token-", secrets: [tampered]),
            CLIFailureCase(
                name: "verify: expired token", arguments: verify + ["--jwks-file", jwksFile, expired],
                environment: secret, expectedPrefix: "error: token-expired: ", secrets: [expired]),
            CLIFailureCase(
                name: "verify: missing JWKS file",
                arguments: verify + ["--jwks-file", "/nonexistent/jwks.json", fresh],
                environment: secret, expectedPrefix: "error: jwk-local-invalid: ", secrets: [fresh]),
            CLIFailureCase(
                name: "verify: missing PEM file", arguments: verify + ["--jwt-key", "/nonexistent/key.pem", fresh],
                environment: secret, expectedPrefix: "error: jwk-local-invalid: ", secrets: [fresh]),
            CLIFailureCase(
                name: "verify: JWKS URL unreachable",
                arguments: verify + ["--jwks-url", closedURL + "/.well-known/jwks.json", fresh],
                environment: secret, expectedPrefix: "error: ", logs: true, secrets: [fresh]),
            CLIFailureCase(
                name: "verify: keys from the API, API errors",
                arguments: verify + ["--api-url", server.baseURL, fresh],
                environment: secret, expectedPrefix: "error: ", logs: true, secrets: [fresh]),
            CLIFailureCase(
                name: "verify: keys from the API, API unreachable",
                arguments: verify + ["--api-url", closedURL, fresh],
                environment: secret, expectedPrefix: "error: ", logs: true, secrets: [fresh]),
            CLIFailureCase(
                name: "verify: keys from the API, unknown secret key",
                arguments: verify + ["--api-url", server.baseURL, fresh],
                environment: ["CLERK_SECRET_KEY": unknownCanary], expectedPrefix: "error: ", logs: true,
                secrets: [fresh]),
        ]
        return CLIFailureFixture(server: server, closedURL: closedURL, cases: cases)
    }

    /// Runs `body` with a started fixture and shuts its server down afterwards, also when `body` throws.
    static func with(_ body: (CLIFailureFixture) async throws -> Void) async throws {
        let fixture = try await start()
        do {
            try await body(fixture)
        } catch {
            try? await fixture.server.shutdown()
            throw error
        }
        try await fixture.server.shutdown()
    }
}

/// Checks shared by the failure suites.
enum CLIExpect {
    /// Exit 1, nothing on stdout, exactly one non-empty line on stderr, starting with `prefix`.
    static func oneLineFailure(
        _ result: CLIResult, _ failure: CLIFailureCase,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, "\(failure): exit \(result.status)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(failure): stdout \(result.stdout)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasSuffix("\n") && result.stderr.dropLast().firstIndex(of: "\n") == nil,
            "\(failure): stderr is not one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix(failure.expectedPrefix) && result.stderr.count > failure.expectedPrefix.count + 1,
            "\(failure): \(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Neither the canaries nor the case's tokens appear on stdout or stderr.
    static func noSecrets(
        _ result: CLIResult, _ failure: CLIFailureCase, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for secret in [CLIFailureFixture.canary, CLIFailureFixture.unknownCanary, "CANARY"] + failure.secrets {
            #expect(!result.stdout.contains(secret), "\(failure): a secret on stdout", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "\(failure): a secret on stderr", sourceLocation: sourceLocation)
        }
    }
}
