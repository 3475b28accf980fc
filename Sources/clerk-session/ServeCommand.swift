import ArgumentParser
import ClerkBackend
import ClerkSession
import ClerkTesting

/// `clerk-session serve`: the demo's example server left running, with a token and a curl line to try.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the embedded issuer, fake Clerk Backend API and example server on 127.0.0.1 until interrupted.")

    @Option(name: .long, help: "Port of the example server.")
    var port: Int = 8080

    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
    }

    func run() async throws {
        let clerk = try await EmbeddedClerk.start()
        let server = ExampleServer(authenticator: clerk.authenticator)
        let (channel, boundPort) = try await server.bind(port: port)
        let (session, refresh) = clerk.fake.createSession(userID: "user_demo")
        let token = clerk.fake.sessionToken(forSession: session.id, lifetime: 3600)!
        let expired = clerk.fake.sessionToken(forSession: session.id, issuedAt: clerk.issuer.clock.now() - 3600)!
        print(
            """
            example server on http://127.0.0.1:\(boundPort)  (fake Clerk Backend API on \(clerk.fake.baseURL))

            a token for user_demo, valid for an hour:
            \(token)

            curl -i -H "Authorization: Bearer \(token)" http://127.0.0.1:\(boundPort)/me
            curl -i --cookie "__session=\(expired); __refresh=\(refresh)" http://127.0.0.1:\(boundPort)/me   # refreshed
            curl -i http://127.0.0.1:\(boundPort)/me                                                      # 401

            Ctrl-C to stop.
            """)
        try await server.serve(channel)
    }
}
