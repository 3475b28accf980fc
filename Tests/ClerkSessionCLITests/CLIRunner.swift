import Foundation

/// Runs the built `clerk-session` binary and captures what the contract speaks about.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The non-empty lines of stderr.
    var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case timedOut([String])

    var description: String {
        switch self {
        case .timedOut(let arguments):
            "clerk-session \(arguments.prefix(3).joined(separator: " ")) … did not finish in time"
        }
    }
}

enum CLIRunner {
    static var binary: URL { executable("clerk-session") }

    /// The built executable `name` of this package (next to the test bundle).
    static func executable(_ name: String) -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }
        for dir in candidates {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: ".build/debug/\(name)")
    }

    /// The environment of a child: this process's, without any Clerk variable, plus `environment`.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CLERK_SECRET_KEY")
        env.removeValue(forKey: "CLERK_PUBLISHABLE_KEY")
        env.removeValue(forKey: "CLERK_API_URL")
        for (k, v) in environment { env[k] = v }
        return env
    }

    /// Runs the binary to its end, at most `timeout` seconds (then it is terminated and this throws).
    ///
    /// The child is awaited on a thread of its own, never on the test pool's threads: a blocking wait there
    /// stalls every other suite (two pool threads on a two-core machine), long enough for their 60 s tokens
    /// to expire.
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 120
    ) async throws -> CLIResult {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<CLIResult, any Error>) in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try runBlocking(arguments, stdin: stdin, environment: environment, timeout: timeout)
                    })
            }
        }
    }

    /// Runs a blocking `body` (a wait on a pipe or a process) on a thread of its own and awaits it.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// ``run(_:stdin:environment:timeout:)`` on the calling thread.
    static func runBlocking(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 120, executable: URL = binary
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        let out = Pipe.closingOnExec()
        let err = Pipe.closingOnExec()
        let input = Pipe.closingOnExec()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let outDrain = PipeDrain(out.fileHandleForReading)
        let errDrain = PipeDrain(err.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let deadline = Date(timeIntervalSinceNow: timeout)
        guard exited.wait(timeout: .now() + timeout) == .success,
            let outData = outDrain.waitForEnd(until: deadline), let errData = errDrain.waitForEnd(until: deadline)
        else {
            process.terminate()
            _ = exited.wait(timeout: .now() + 10)
            throw CLIRunnerError.timedOut(arguments)
        }
        return CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A file holding `contents`, for a command's path argument, in ``scratchDirectory``.
    static func temporaryFile(_ contents: String, suffix: String) throws -> String {
        let url = scratchDirectory.appendingPathComponent("\(UUID().uuidString)\(suffix)")
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// The test process's own directory for ``temporaryFile(_:suffix:)``, removed when the process exits (the
    /// files used to stay in the temporary directory, hundreds per run).
    static let scratchDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "clerk-cli-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: CLIRunner.scratchDirectory) }
        return url
    }()
}

extension Pipe {
    /// A pipe whose two descriptors close on exec.
    ///
    /// Foundation's pipes are inheritable, and every process this test process starts by other means
    /// (`popen` and `system` in the PostgreSQL tests start a server that runs to the end of the test run)
    /// would hold a copy of a child's stdout and keep its reader from ever seeing the end. `Process` still
    /// hands the child its ends: `dup2` onto 0, 1 and 2 clears the flag on the copies.
    static func closingOnExec() -> Pipe {
        let pipe = Pipe()
        for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
            let descriptor = handle.fileDescriptor
            _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
        }
        return pipe
    }
}

/// Reads a pipe to its end on a thread of its own, so a test can wait for lines or the end with a
/// deadline instead of blocking forever.
final class PipeDrain: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var ended = false

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { ended = true } else { data.append(chunk) }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }
    }

    /// Everything read, once the pipe is at its end; nil when `deadline` passes first.
    func waitForEnd(until deadline: Date) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while !ended {
            if !condition.wait(until: deadline) { return ended ? data : nil }
        }
        return data
    }

    /// The first complete line for which `matches` holds; nil when the pipe ends or `deadline` passes first.
    func waitForLine(until deadline: Date, where matches: (String) -> Bool) -> String? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let text = String(decoding: data, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            lines.removeLast()  // the part after the last newline is not a complete line yet
            if let line = lines.first(where: { matches(String($0)) }) { return String(line) }
            if ended { return nil }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    /// What was read so far.
    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
