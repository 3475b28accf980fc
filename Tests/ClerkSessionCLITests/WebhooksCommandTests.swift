import ClerkTesting
import Foundation
import Testing

/// `clerk-session webhooks verify` against the contract: the body unchanged on stdout and exit 0, or one
/// `error: webhook-<reason>:` line and exit 1; the secret only from the environment, never printed.
@Suite("CLI: webhooks verify")
struct WebhooksCommandTests {
    static let now: Int64 = 1_800_000_000
    static let signer = TestWebhookSigner()
    static let body = #"{"object":"event","type":"session.revoked","data":{"id":"sess_1","user_id":"user_1"}}"#

    static func arguments(
        _ body: String = body, timestamp: Int64 = now, signature: String? = nil, prefix: String = "svix"
    ) -> [String] {
        let signed = signature ?? signer.signature(id: "msg_cli", timestamp: timestamp, body: Array(body.utf8))
        return [
            "webhooks", "verify", "--now", "\(now)", "--header", "\(prefix)-id: msg_cli",
            "--header", "\(prefix)-timestamp: \(timestamp)", "--header", "\(prefix)-signature: \(signed)",
        ]
    }

    static let environment = ["CLERK_WEBHOOK_SIGNING_SECRET": signer.secretText]

    func expectFailure(_ result: CLIResult, code: String) {
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("error: \(code): "), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.signer.secretText.dropFirst(6)))
    }

    @Test("a valid delivery from a file and from stdin: the body unchanged, exit 0")
    func valid() async throws {
        let file = try CLIRunner.temporaryFile(Self.body, suffix: ".json")
        let fromFile = try await CLIRunner.run(Self.arguments() + [file], environment: Self.environment)
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout == Self.body + "\n")
        #expect(fromFile.stderr.isEmpty)
        let fromStdin = try await CLIRunner.run(Self.arguments(), stdin: Self.body, environment: Self.environment)
        #expect(fromStdin.status == 0)
        #expect(fromStdin.stdout == Self.body + "\n")
        let unbranded = try await CLIRunner.run(
            Self.arguments(prefix: "webhook") + ["-"], stdin: Self.body, environment: Self.environment)
        #expect(unbranded.status == 0)
    }

    @Test("a forged, stale, future or unsigned delivery: one error line with its code")
    func failures() async throws {
        expectFailure(
            try await CLIRunner.run(
                Self.arguments(signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), stdin: Self.body,
                environment: Self.environment),
            code: "webhook-no-matching-signature")
        expectFailure(
            try await CLIRunner.run(
                Self.arguments(timestamp: Self.now - 301), stdin: Self.body, environment: Self.environment),
            code: "webhook-timestamp-too-old")
        expectFailure(
            try await CLIRunner.run(
                Self.arguments(timestamp: Self.now + 301), stdin: Self.body, environment: Self.environment),
            code: "webhook-timestamp-too-new")
        let tolerant = try await CLIRunner.run(
            Self.arguments(timestamp: Self.now - 301) + ["--tolerance", "400"], stdin: Self.body,
            environment: Self.environment)
        #expect(tolerant.status == 0)
        expectFailure(
            try await CLIRunner.run(
                ["webhooks", "verify", "--now", "\(Self.now)"], stdin: Self.body, environment: Self.environment),
            code: "webhook-missing-headers")
        expectFailure(
            try await CLIRunner.run(Self.arguments(), stdin: Self.body), code: "webhook-secret-missing")
        expectFailure(
            try await CLIRunner.run(
                Self.arguments(), stdin: Self.body, environment: ["CLERK_WEBHOOK_SIGNING_SECRET": "whsec_!!"]),
            code: "webhook-secret-invalid")
        expectFailure(
            try await CLIRunner.run(Self.arguments("[1,2]"), stdin: "[1,2]", environment: Self.environment),
            code: "webhook-body-invalid")
    }

    @Test("a malformed --header is a usage error")
    func usage() async throws {
        let result = try await CLIRunner.run(
            ["webhooks", "verify", "--header", "no colon here"], stdin: Self.body, environment: Self.environment)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }
}
