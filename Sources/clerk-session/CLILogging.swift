import ArgumentParser
import Logging

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--verbose` and `--log-level`, shared by every subcommand.
///
/// Without them the CLI logs nothing, so stderr carries only the one `error:` line of a failure. With
/// them, the library's log lines go to stderr (before the result, so the `error:` line stays last).
struct LoggingOptions: ParsableArguments {
    @Flag(name: .long, help: "Print log lines on stderr (level debug unless --log-level is given).")
    var verbose = false

    @Option(
        name: .customLong("log-level"),
        help:
            "Print log lines of this level and above on stderr: trace, debug, info, notice, warning, error, critical (implies --verbose)."
    )
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    /// The level to log at, or nil for no logs at all.
    var level: Logger.Level? {
        if let logLevel, let level = Logger.Level(rawValue: logLevel) { return level }
        return verbose ? .debug : nil
    }
}

/// A command that carries ``LoggingOptions``; the entry point reads them before `run()`.
protocol LoggingCommand {
    var logging: LoggingOptions { get }
}

/// The process-wide stream setup of the CLI, done once before any command runs.
enum CLIStreams {
    /// Line-buffers stdout, so every line a long-running command (`serve`, `demo`) prints reaches a
    /// pipe or a file at once instead of waiting for a full block.
    static func lineBufferStandardOutput() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }

    /// Sends every `Logger` of the process (the library's key stores, backend client, authenticator)
    /// to stderr at `level`, or nowhere when `level` is nil.
    static func bootstrapLogging(level: Logger.Level?) {
        LoggingSystem.bootstrap { label in
            guard let level else { return SwiftLogNoOpLogHandler() }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension VerifyCommand: LoggingCommand {}
extension JWKSCommand: LoggingCommand {}
extension DemoCommand: LoggingCommand {}
extension ServeCommand: LoggingCommand {}
extension SessionsCommand.List: LoggingCommand {}
extension SessionsCommand.Create: LoggingCommand {}
extension SessionsCommand.Get: LoggingCommand {}
extension SessionsCommand.Refresh: LoggingCommand {}
extension SessionsCommand.Revoke: LoggingCommand {}
extension SessionsCommand.Verify: LoggingCommand {}
extension SessionsCommand.Token: LoggingCommand {}
extension WebhooksVerifyCommand: LoggingCommand {}
