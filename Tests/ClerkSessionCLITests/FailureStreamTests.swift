import Foundation
import Testing

/// The failure half of the stream contract, for every command: exit 1, empty stdout, exactly one
/// `error: <code>: <message>` line on stderr and nothing else (no log lines without `--verbose`).
@Suite("CLI: one error line on failure")
struct FailureStreamTests {
    @Test func everyCommandFailsWithOneLine() async throws {
        try await CLIFailureFixture.with { fixture in
            for failure in fixture.cases {
                let result = try await CLIRunner.run(failure.arguments, environment: failure.environment)
                CLIExpect.oneLineFailure(result, failure)
                #expect(!result.stderr.contains("cached keys"), "\(failure): \(result.stderr)")
            }
        }
    }

    @Test func usageErrorsKeepExitCode64() async throws {
        // No key source at all is a usage error (the contract's exit 64), with the secret unset.
        let result = try await CLIRunner.run(["verify", "--issuer", "https://clerk.example.test", "token"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        let badLevel = try await CLIRunner.run(
            ["jwks", "--log-level", "loud"], environment: ["CLERK_SECRET_KEY": CLIFailureFixture.canary])
        #expect(badLevel.status == 64)
        #expect(!badLevel.stderr.contains("CANARY"))
    }
}

/// The secret key never reaches either stream, on any failure path, with or without `--verbose`.
@Suite("CLI: the secret key stays secret")
struct SecretCanaryTests {
    @Test func canaryNeverPrinted() async throws {
        try await CLIFailureFixture.with { fixture in
            for failure in fixture.cases {
                // Without flags and at the most talkative level (--verbose itself is checked in VerboseLoggingTests).
                for extra in [[], ["--log-level", "trace"]] {
                    let result = try await CLIRunner.run(failure.arguments + extra, environment: failure.environment)
                    #expect(result.status == 1, "\(failure) \(extra)")
                    CLIExpect.noSecrets(result, failure)
                }
            }
        }
    }
}

/// `--verbose` (and `--log-level`) on every command: log lines on stderr before the result, and the
/// `error:` line still the last line and the only one of its kind.
@Suite("CLI: --verbose logging")
struct VerboseLoggingTests {
    @Test func logLinesComeBeforeTheErrorLine() async throws {
        try await CLIFailureFixture.with { fixture in
            for failure in fixture.cases {
                let result = try await CLIRunner.run(
                    failure.arguments + ["--verbose"], environment: failure.environment)
                #expect(result.status == 1, "\(failure)")
                #expect(result.stdout.isEmpty, "\(failure)")
                let lines = result.stderrLines
                let last = try #require(lines.last, "\(failure): nothing on stderr")
                #expect(last.hasPrefix(failure.expectedPrefix), "\(failure): last line \(last)")
                #expect(lines.dropLast().allSatisfy { !$0.hasPrefix("error:") }, "\(failure): \(result.stderr)")
                #expect(result.stderr.hasSuffix("\n"))
                CLIExpect.noSecrets(result, failure)
                if failure.logs {
                    #expect(lines.count >= 2, "\(failure): no log lines with --verbose: \(result.stderr)")
                }
            }
        }
    }

    @Test func logLevelFiltersAndImpliesVerbose() async throws {
        try await CLIFailureFixture.with { fixture in
            let failure = try #require(fixture.cases.first { $0.name == "sessions get: API error" })
            let notice = try await CLIRunner.run(
                failure.arguments + ["--log-level", "notice"], environment: failure.environment)
            #expect(notice.stderrLines.contains { $0.contains("retrying a Clerk Backend API request") })
            #expect(!notice.stderrLines.contains { $0.contains("debug") })
            #expect(notice.stderrLines.last?.hasPrefix("error: http-503: ") == true)
            let critical = try await CLIRunner.run(
                failure.arguments + ["--log-level", "critical"], environment: failure.environment)
            CLIExpect.oneLineFailure(critical, failure)
        }
    }

    @Test func failedKeyFetchWithNothingCachedSaysSo() async throws {
        try await CLIFailureFixture.with { fixture in
            let failure = try #require(fixture.cases.first { $0.name == "verify: JWKS URL unreachable" })
            let result = try await CLIRunner.run(failure.arguments + ["--verbose"], environment: failure.environment)
            #expect(result.stderr.contains("no keys are cached"), "\(result.stderr)")
            #expect(!result.stderr.contains("serving cached keys"))
            #expect(result.stderrLines.last?.hasPrefix("error: ") == true)
        }
    }
}
