import ArgumentParser

/// `clerk-session`: verify Clerk session tokens locally, call the Sessions API, run the embedded demo.
struct ClerkSessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clerk-session",
        abstract: "Networkless verification of Clerk session tokens, and Clerk's Sessions API.",
        discussion: """
            The secret key is read from CLERK_SECRET_KEY only (never a flag). Success prints one JSON \
            document on stdout and exits 0; failure prints one line `error: <code>: <message>` on stderr \
            and exits 1. No log lines unless --verbose (or --log-level) is given.
            """,
        subcommands: [
            VerifyCommand.self, SessionsCommand.self, JWKSCommand.self, WebhooksCommand.self, DemoCommand.self,
            ServeCommand.self,
        ]
    )
}
