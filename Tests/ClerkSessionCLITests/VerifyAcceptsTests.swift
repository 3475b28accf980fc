import ClerkSession
import ClerkTesting
import Foundation
import Testing

/// `clerk-session verify --accepts` (issue 15): machine JWTs verified locally and printed unchanged, kinds not
/// accepted refused with one `token-type-mismatch` line, unknown kinds a usage error.
@Suite("CLI: verify --accepts")
struct VerifyAcceptsTests {
    static let now = 1_800_000_000.0
    static let issuer = TestIssuer(clock: .fixed(now))

    var jwksFile: String { get throws { try CLIRunner.temporaryFile(Self.issuer.jwksJSON, suffix: ".json") } }

    func base(_ extra: [String]) throws -> [String] {
        ["verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer, "--now", "\(Int(Self.now))"] + extra
    }

    static func payload(_ token: String) -> String {
        String(decoding: Base64URL.decode(String(token.split(separator: ".")[1]))!, as: UTF8.self)
    }

    func expectFailure(_ result: CLIResult, code: String) {
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.hasPrefix("error: \(code): "))
    }

    @Test func m2mJWTAcceptedPrintsItsClaimsUnchanged() async throws {
        let token = Self.issuer.m2mToken(machineID: "mch_cli")
        let result = try await CLIRunner.run(try base(["--accepts", "m2m_token", token]))
        #expect(result.status == 0)
        #expect(result.stdout == Self.payload(token) + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func oauthJWTAcceptedByACommaListAndRepeatedFlags() async throws {
        let token = Self.issuer.oauthAccessToken(userID: "user_cli")
        let listed = try await CLIRunner.run(try base(["--accepts", "session_token,oauth_token", token]))
        #expect(listed.status == 0)
        #expect(listed.stdout == Self.payload(token) + "\n")
        let repeated = try await CLIRunner.run(try base(["--accepts", "api_key", "--accepts", "oauth_token", token]))
        #expect(repeated.status == 0)
    }

    @Test func m2mJWTWithoutAcceptsIsTypeMismatch() async throws {
        let token = Self.issuer.m2mToken()
        expectFailure(try await CLIRunner.run(try base([token])), code: "token-type-mismatch")
    }

    @Test func sessionTokenUnderMachineKindsIsTypeMismatch() async throws {
        let token = Self.issuer.sessionToken()
        expectFailure(
            try await CLIRunner.run(try base(["--accepts", "m2m_token,oauth_token", token])),
            code: "token-type-mismatch")
    }

    @Test func anyAcceptsASessionToken() async throws {
        let token = Self.issuer.sessionToken(userID: "user_any")
        let result = try await CLIRunner.run(try base(["--accepts", "any", token]))
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"sub\":\"user_any\""))
    }

    @Test func opaqueKindNotAcceptedIsTypeMismatchWithoutAnyCall() async throws {
        // No key source, no API URL: a refused kind must fail before anything is needed or called.
        let result = try await CLIRunner.run(
            ["verify", "--accepts", "session_token", "ak_0123456789abcdef0123456789abcdef"],
            environment: ["CLERK_SECRET_KEY": "sk_test_unused", "CLERK_API_URL": "http://127.0.0.1:9"])
        expectFailure(result, code: "token-type-mismatch")
    }

    @Test func unknownKindIsAUsageError() async throws {
        let result = try await CLIRunner.run(try base(["--accepts", "machine_token", Self.issuer.sessionToken()]))
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }
}

/// `verify --accepts` with opaque machine tokens, against the fake Clerk over real HTTP.
@Suite("CLI: verify --accepts, opaque tokens")
struct VerifyAcceptsOpaqueTests {
    static func environment(_ server: FakeClerkServer, machineSecret: String? = nil) -> [String: String] {
        var env = ["CLERK_SECRET_KEY": server.secretKey, "CLERK_API_URL": server.baseURL]
        if let machineSecret { env["CLERK_MACHINE_SECRET_KEY"] = machineSecret }
        return env
    }

    func withServer(
        machineSecret: String? = nil, _ body: (FakeClerkServer) async throws -> Void
    ) async throws {
        let server = try await FakeClerkServer.start(machineSecretKey: machineSecret)
        do { try await body(server) } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test func apiKeyVerifiedPrintsClerksAnswer() async throws {
        try await withServer { server in
            let key = server.mintAPIKey(subject: "user_cli_key", scopes: ["read"])
            let result = try await CLIRunner.run(
                ["verify", "--accepts", "api_key", key.token], environment: Self.environment(server))
            #expect(result.status == 0)
            #expect(result.stdout.contains("\"object\":\"api_key\""))
            #expect(result.stdout.contains("\"subject\":\"user_cli_key\""))
            #expect(!result.stdout.contains(key.token), "the secret is never printed")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func m2mTokenUsesTheMachineSecretWhenSet() async throws {
        let machineSecret = "ak_machine_secret_0123456789abcdef"
        try await withServer(machineSecret: machineSecret) { server in
            let token = server.mintM2MToken(machineID: "mch_cli")
            let result = try await CLIRunner.run(
                ["verify", "--accepts", "m2m_token", token.token],
                environment: Self.environment(server, machineSecret: machineSecret))
            #expect(result.status == 0)
            #expect(result.stdout.contains("\"subject\":\"mch_cli\""))
            let verify = server.requests.last { $0.path.hasSuffix("/m2m_tokens/verify") }
            #expect(verify?.header("Authorization") == "Bearer \(machineSecret)")
        }
    }

    @Test func revokedOAuthTokenIsRejected() async throws {
        try await withServer { server in
            let token = server.mintOAuthAccessToken(userID: "user_cli")
            #expect(server.revokeMachineToken(token.token))
            let result = try await CLIRunner.run(
                ["verify", "--accepts", "oauth_token", token.token], environment: Self.environment(server))
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: machine-token-rejected: "))
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!result.stderr.contains(token.token))
        }
    }

    @Test func unknownAPIKeyIsRejected() async throws {
        try await withServer { server in
            let result = try await CLIRunner.run(
                ["verify", "--accepts", "api_key", "ak_unknown_0123456789abcdef0123"],
                environment: Self.environment(server))
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: machine-token-rejected: "))
        }
    }

    @Test func clerkUnreachableIsUnavailable() async throws {
        let server = try await FakeClerkServer.start()
        let env = Self.environment(server)
        try await server.shutdown()
        let result = try await CLIRunner.run(
            ["verify", "--accepts", "api_key", "ak_0123456789abcdef0123456789abcdef"], environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: machine-token-verify-unavailable: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
