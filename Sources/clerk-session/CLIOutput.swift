#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

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
        var line = text
        line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }

    static func environment(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
