import Foundation
import Testing

/// OpenSSL at process exit: a thread still verifying while the process exits must not meet a torn-down
/// OpenSSL. `openssl-exit-probe` verifies in its last exit handler, i.e. after any cleanup OpenSSL could
/// have registered; the library initialises OpenSSL without one (`OpenSSLRuntime.prepare()`).
///
/// Without that, this fails deterministically (OpenSSL 3 frees its global state in an `atexit` handler);
/// with concurrent threads it was a rare crash at exit (a SEGV in `pthread_rwlock_unlock` in a
/// `clerk-session demo --verbose` run under ASan).
@Suite("OpenSSL at process exit")
struct OpenSSLExitTests {
    @Test func verificationStillWorksAfterTheExitHandlers() async throws {
        let probe = CLIRunner.executable("openssl-exit-probe")
        let result = try await CLIRunner.offPool {
            try CLIRunner.runBlocking([], timeout: 60, executable: probe)
        }
        #expect(result.stdout == "ok\n", "\(result.stdout) \(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
    }
}
