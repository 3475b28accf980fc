import ClerkSession
import ClerkTesting
import Foundation
import Testing

/// `clerk-session verify` against the contract: stdout JSON and exit 0, or one `error:` line and exit 1.
@Suite("CLI: verify")
struct VerifyCommandTests {
    static let now = 1_800_000_000.0
    static let issuer = TestIssuer(clock: .fixed(now))

    var jwksFile: String { get throws { try CLIRunner.temporaryFile(Self.issuer.jwksJSON, suffix: ".json") } }

    func expectFailure(_ result: CLIResult, code: String) {
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1)
        #expect(result.stderr.hasPrefix("error: \(code): "))
    }

    @Test func validTokenPrintsItsClaimsUnchanged() async throws {
        let token = Self.issuer.sessionToken(userID: "user_cli")
        let result = try await CLIRunner.run([
            "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer,
            "--now", "\(Int(Self.now))", token,
        ])
        #expect(result.status == 0)
        let payload = String(token.split(separator: ".")[1])
        let expected = String(decoding: Base64URL.decode(payload)!, as: UTF8.self)
        #expect(result.stdout == expected + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func tokenFromStandardInput() async throws {
        let token = Self.issuer.sessionToken()
        let result = try await CLIRunner.run(
            [
                "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer,
                "--now", "\(Int(Self.now))",
            ], stdin: token + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"sub\":\"user_2test\""))
    }

    @Test func expiredTokenFailsWithOneLine() async throws {
        let token = Self.issuer.sessionToken()
        let result = try await CLIRunner.run([
            "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer,
            "--now", "\(Int(Self.now) + 3600)", token,
        ])
        expectFailure(result, code: "token-expired")
        #expect(!result.stderr.contains(token))
    }

    @Test func clockSkewOptionIsApplied() async throws {
        let token = Self.issuer.sessionToken(lifetime: 60)
        let args = [
            "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer, "--now", "\(Int(Self.now) + 80)",
        ]
        expectFailure(try await CLIRunner.run(args + [token]), code: "token-expired")
        #expect(try await CLIRunner.run(args + ["--clock-skew", "30", token]).status == 0)
    }

    @Test("--clock-skew outside 0…3600, NaN or infinite is a usage error, never a lax verifier")
    func clockSkewBounds() async throws {
        let token = Self.issuer.sessionToken(lifetime: 60)
        let args = [
            "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer, "--now", "\(Int(Self.now) + 3600)",
        ]
        for skew in ["nan", "inf", "-1", "3601", "1e300"] {
            let result = try await CLIRunner.run(args + ["--clock-skew", skew, token])
            #expect(result.status == 64, "--clock-skew \(skew): status \(result.status)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try await CLIRunner.run(args + ["--clock-skew", "3600", token]).status == 0)
    }

    @Test func algNoneIsRefused() async throws {
        let claims = ClaimValue.object(Self.issuer.sessionClaims()).jsonText
        let token =
            Base64URL.encode(Array(#"{"alg":"none","kid":"ins_test_main"}"#.utf8)) + "."
            + Base64URL.encode(Array(claims.utf8)) + "."
        let result = try await CLIRunner.run([
            "verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer, "--now", "\(Int(Self.now))", token,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: token-"))
    }

    @Test func pinnedPEMAndPublishableKey() async throws {
        let pem = try CLIRunner.temporaryFile(Self.issuer.currentKey.signingKey.publicKeyPEM(), suffix: ".pem")
        let result = try await CLIRunner.run([
            "verify", "--jwt-key", pem, "--publishable-key", Self.issuer.publishableKey,
            "--now", "\(Int(Self.now))", Self.issuer.sessionToken(),
        ])
        #expect(result.status == 0)
        let wrongIssuer = try await CLIRunner.run([
            "verify", "--jwt-key", pem, "--issuer", "https://other.example",
            "--now", "\(Int(Self.now))", Self.issuer.sessionToken(),
        ])
        expectFailure(wrongIssuer, code: "token-invalid-issuer")
    }

    @Test func authorizedPartyOption() async throws {
        let args = ["verify", "--jwks-file", try jwksFile, "--issuer", Self.issuer.issuer, "--now", "\(Int(Self.now))"]
        #expect(
            try await CLIRunner.run(
                args + ["--authorized-party", "https://app.example.test", Self.issuer.sessionToken()]
            ).status == 0)
        expectFailure(
            try await CLIRunner.run(
                args + ["--authorized-party", "https://other.example", Self.issuer.sessionToken()]),
            code: "token-invalid-authorized-parties")
    }

    @Test func usageErrorsExit64() async throws {
        let token = Self.issuer.sessionToken()
        #expect(try await CLIRunner.run(["verify", token]).status == 64)  // no key source
        #expect(try await CLIRunner.run(["verify", "--jwks-file", try jwksFile, token]).status == 64)  // no issuer
        #expect(
            try await CLIRunner.run(["verify", "--jwks-file", "a", "--jwt-key", "b", "--issuer", "x", token]).status
                == 64)
        #expect(try await CLIRunner.run(["verify", "--bogus"]).status == 64)
    }

    @Test func unreadableKeyFileIsAnError() async throws {
        let result = try await CLIRunner.run([
            "verify", "--jwks-file", "/nonexistent/jwks.json", "--issuer", Self.issuer.issuer,
            Self.issuer.sessionToken(),
        ])
        expectFailure(result, code: "jwk-local-invalid")
    }
}
