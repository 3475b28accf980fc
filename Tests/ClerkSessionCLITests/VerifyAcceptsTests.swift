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
