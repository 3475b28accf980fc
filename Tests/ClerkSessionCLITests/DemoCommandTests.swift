import ArgumentParser
import Testing

@testable import clerk_session

/// `clerk-session demo`: every case comes out as expected and it exits 0; the case checker and the
/// final verdict turn a wrong outcome into exit 1.
@Suite("CLI: demo")
struct DemoCommandTests {
    @Test func demoExitsZeroWithEveryCaseOK() async throws {
        let result = try await CLIRunner.run(["demo"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no log lines without --verbose: \(result.stderr)")
        let caseLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ok  ") || $0.hasPrefix("  FAIL") }
        #expect(caseLines.count == 13, "\(result.stdout)")
        #expect(caseLines.allSatisfy { $0.hasPrefix("  ok  ") }, "\(result.stdout)")
        #expect(result.stdout.contains("all 13 cases came out as expected"))
        // Issue 14 (6): the token accepted without the webhook is refused at once after it.
        let lines = caseLines.map(String.init)
        #expect(lines.contains { $0.contains("no webhook yet") && $0.hasSuffix("→ 200 user_carol") })
        #expect(lines.contains { $0.contains("webhook delivered") && $0.hasSuffix("→ 200") })
        #expect(lines.contains { $0.contains("after the revocation webhook") && $0.hasSuffix("→ 401") })
        // Issue 17 (5): a page load with a stale cookie goes through the handshake and lands signed in.
        #expect(
            lines.contains {
                $0.contains("recovered through Clerk's handshake") && $0.contains("→ 307, 307, 200 user_alice")
            })
    }

    @Test func verboseDemoLogsOnStderrOnly() async throws {
        let result = try await CLIRunner.run(["demo", "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(!result.stdout.contains(" debug "))
    }

    typealias Case = DemoCommand.Case
    typealias Answer = DemoCommand.Answer

    @Test func checkerRejectsEveryKindOfWrongAnswer() {
        let signedIn = Case(
            name: "signed in", headers: [], expectedStatus: 200,
            expectsSetCookie: true, expectedUser: "user_alice")
        #expect(signedIn.isExpected(Answer(status: 200, body: #"{"user_id":"user_alice"}"#, setsSessionCookie: true)))
        #expect(!signedIn.isExpected(Answer(status: 401, body: #"{"user_id":"user_alice"}"#, setsSessionCookie: true)))
        #expect(!signedIn.isExpected(Answer(status: 200, body: #"{"user_id":"user_alice"}"#, setsSessionCookie: false)))
        #expect(!signedIn.isExpected(Answer(status: 200, body: #"{"user_id":"user_bob"}"#, setsSessionCookie: true)))
        let refused = Case(name: "refused", headers: [], expectedStatus: 401)
        #expect(refused.isExpected(Answer(status: 401, body: "{}", setsSessionCookie: false)))
        #expect(!refused.isExpected(Answer(status: 200, body: #"{"user_id":"user_alice"}"#, setsSessionCookie: false)))
    }

    @Test func oneWrongCaseMeansExitOne() {
        #expect(throws: Never.self) { try DemoCommand.finish(failures: 0, total: 9) }
        #expect(throws: ExitCode(1)) { try DemoCommand.finish(failures: 1, total: 9) }
    }
}
