import ClerkBackend
import ClerkHummingbird
import ClerkSession
import Hummingbird
import HummingbirdAuth
import Logging
import ServiceLifecycle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The answer of `/me`.
struct Me: ResponseEncodable {
    let userID: String
    let sessionID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case sessionID = "session_id"
    }
}

@main
enum ObservabilityApp {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        // First: loggers, metrics and HTTP clients made from here on report to OTel.
        let telemetry = try await Telemetry.bootstrap(environment: environment)

        let authenticator: ClerkRequestAuthenticator
        let localClerk: LocalClerk?
        if let secret = environment["CLERK_SECRET_KEY"], !secret.isEmpty {
            // A real instance, as in HummingbirdApp (its client uses `HTTPClient.shared`, made after the
            // bootstrap, so its calls are traced too).
            authenticator = try ClerkRequestAuthenticator(environment: environment)
            localClerk = nil
        } else {
            let clerk = try await LocalClerk.start()
            authenticator = clerk.authenticator
            localClerk = clerk
        }

        let router = Router(context: ClerkRequestContext.self)
        // Tracing first: the request span is the parent of everything below it, Clerk's calls included.
        router.add(middleware: TracingMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.info))  // its log lines carry trace_id and span_id
        router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
        router.get("/") { _, context -> String in
            context.identity.map { "Hello, \($0.userID)\n" } ?? "Hello, guest\n"
        }
        router.group("me")
            .add(middleware: ClerkRequireSessionMiddleware())
            .get { _, context -> Me in
                let session = try context.requireIdentity()
                return Me(userID: session.userID, sessionID: session.sessionID)
            }

        let port = environment["PORT"].flatMap(Int.init) ?? 8080
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                guard let localClerk else { return }
                let bound = channel.localAddress?.port ?? port
                writeToStandardError(localClerk.curlCommands(port: bound))
            }
        )

        // Shut down in reverse: the server stops, then key refreshes, then OTel flushes its last batch.
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    telemetry.service,
                    SessionKeyRefreshService(store: authenticator.verifier.keyStore),
                    app,
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "ObservabilityApp")
            ))
        do {
            try await group.run()
        } catch {
            await localClerk?.shutdown()
            await telemetry.collector?.stop()
            throw error
        }
        await localClerk?.shutdown()
        await telemetry.collector?.stop()
    }
}

/// Writes `text` to standard error, unbuffered (no Foundation `FileHandle` in FoundationEssentials).
func writeToStandardError(_ text: String) { write(text, to: 2) }

/// Writes `text` to standard output, unbuffered: the console printout appears at once, even in a pipe.
func writeToStandardOutput(_ text: String) { write(text, to: 1) }

private func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
