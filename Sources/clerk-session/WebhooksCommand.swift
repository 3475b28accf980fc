import ArgumentParser
import ClerkSession
import ClerkWebhooks
import Foundation

/// `clerk-session webhooks`: Clerk webhook deliveries.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Clerk webhook deliveries (Svix signatures).",
        subcommands: [WebhooksVerifyCommand.self])
}

/// `clerk-session webhooks verify [BODY_FILE]`: verifies one delivery and prints its event.
struct WebhooksVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Clerk webhook delivery and print its event JSON.",
        discussion: """
            The signing secret is read from CLERK_WEBHOOK_SIGNING_SECRET only (whsec_…, the prefix optional). \
            Give the delivery's svix-id, svix-timestamp and svix-signature headers (or their webhook-* \
            alternates) with --header. Success prints the body unchanged; failure prints one line \
            `error: webhook-<reason>: <message>` on stderr and exits 1.
            """
    )

    @Argument(help: "The raw body file; read from stdin when omitted or '-' (bytes unchanged).")
    var bodyFile: String?

    @Option(name: .customLong("header"), help: "A delivery header, 'NAME: VALUE' (repeatable).")
    var headerLines: [String] = []

    @Option(name: .customLong("now"), help: "Judge the timestamp at this Unix time (seconds).")
    var now: Double?

    @Option(name: .customLong("tolerance"), help: "How far the timestamp may be from now, in seconds (default 300).")
    var tolerance: Int = 300

    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func validate() throws {
        _ = try headers()
        if let now, !now.isFinite { throw ValidationError("--now must be a finite number of seconds.") }
        if tolerance < 0 { throw ValidationError("--tolerance must be zero or more seconds.") }
    }

    /// `--header` lines as name/value pairs.
    func headers() throws -> [(name: String, value: String)] {
        try headerLines.map { line in
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw ValidationError("--header takes 'NAME: VALUE', e.g. 'svix-id: msg_…'.")
            }
            return (name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
        }
    }

    func run() async throws {
        let body: [UInt8]
        if let bodyFile, bodyFile != "-" {
            guard let data = FileManager.default.contents(atPath: bodyFile) else {
                throw ValidationError("cannot read the body file \(bodyFile).")
            }
            body = Array(data)
        } else {
            body = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        do {
            let verifier = try ClerkWebhookVerifier(
                environment: ProcessInfo.processInfo.environment,
                configuration: .init(tolerance: .seconds(tolerance), clock: now.map(ClerkClock.fixed) ?? .system))
            let delivery = try verifier.verify(body: body, headers: try headers())
            CLIOutput.printJSON(String(decoding: delivery.event.rawJSON, as: UTF8.self))
        } catch let error as ClerkWebhookError {
            throw CLIOutput.fail(code: error.code.rawValue, message: error.message)
        }
    }
}
