import ArgumentParser

/// The entry point: sets up the streams (line-buffered stdout, logging off unless `--verbose` or
/// `--log-level`), then parses and runs ``ClerkSessionCommand`` like `AsyncParsableCommand.main()`.
@main
enum CLIMain {
    static func main() async {
        CLIStreams.lineBufferStandardOutput()
        await parseAndRun()
    }

    /// `AsyncParsableCommand.main()` with the logging bootstrap between parsing and running (off the
    /// main actor, like the commands themselves).
    nonisolated static func parseAndRun() async {
        do {
            var command = try await ClerkSessionCommand.asyncParseAsRoot()
            CLIStreams.bootstrapLogging(level: (command as? any LoggingCommand)?.logging.level)
            do {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch let exit as ExitCode {
                throw exit
            } catch let exit as CleanExit {
                throw exit
            } catch {
                // Anything a command did not map itself still ends in the contract's one line.
                throw CLIOutput.fail(code: "command-failed", message: "\(error)")
            }
        } catch {
            ClerkSessionCommand.exit(withError: error)
        }
    }
}
