import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `clerk-session serve` with its stdout a pipe: the token and curl lines arrive at once (no block
/// buffering), and the example server answers a real request made with that token.
@Suite("CLI: serve")
struct ServeCommandTests {
    @Test func printsAtOnceToAPipeAndAnswersWithTheToken() async throws {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["serve", "--port", "0"]
        process.environment = CLIRunner.childEnvironment([:])
        let out = Pipe.closingOnExec()
        let err = Pipe.closingOnExec()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let stdout = PipeDrain(out.fileHandleForReading)
        let stderr = PipeDrain(err.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            _ = exited.wait(timeout: .now() + 20)
        }

        // The curl line carries both the token and the URL; it must arrive while serve is still running.
        let prefix = #"curl -i -H "Authorization: Bearer "#
        let found = try await CLIRunner.offPool {
            stdout.waitForLine(until: Date(timeIntervalSinceNow: 120)) { $0.hasPrefix(prefix) }
        }
        let line = try #require(found, "no curl line in time; stdout: \(stdout.text) stderr: \(stderr.text)")
        #expect(process.isRunning)
        let rest = line.dropFirst(prefix.count)
        let token = try #require(rest.split(separator: "\"").first.map(String.init))
        let url = try #require(rest.split(separator: " ").last.map(String.init).flatMap(URL.init(string:)))
        #expect(url.absoluteString.hasPrefix("http://127.0.0.1:"))
        #expect(url.port != nil && url.port != 0)
        #expect(token.split(separator: ".").count == 3)

        var request = URLRequest(url: url, timeoutInterval: 30)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"user_id\":\"user_demo\""))

        let (_, anonymous) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 30))
        #expect((anonymous as? HTTPURLResponse)?.statusCode == 401)

        process.terminate()
        #expect(exited.wait(timeout: .now() + 20) == .success)
        #expect(!stderr.text.contains("error:"))
    }
}
