import ArgumentParser

/// `clerk-session sessions …`: the Sessions resource of Clerk's Backend API (secret key from the environment).
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Call the Sessions operations of Clerk's Backend API (CLERK_SECRET_KEY).",
        subcommands: []
    )
}
