import ArgumentParser
import Foundation

/// The CLI's output contract: one JSON document on stdout, or one `error: <code>: <message>` line on
/// stderr and exit code 1.
enum CLIOutput {
    static func printJSON(_ text: String) {
        print(text)
    }

    /// Prints the failure line and returns the exit code to throw.
    static func fail(code: String, message: String) -> ExitCode {
        let oneLine = message.replacingNewlines()
        writeStandardError("error: \(code): \(oneLine)\n")
        return ExitCode(1)
    }

    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
