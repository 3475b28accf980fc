import ArgumentParser
import ClerkBackend

/// `clerk-session sessions …`: the Sessions resource of Clerk's Backend API (secret key from the environment).
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Call the Sessions operations of Clerk's Backend API (CLERK_SECRET_KEY).",
        subcommands: [List.self, Create.self, Get.self, Refresh.self, Revoke.self, Verify.self, Token.self]
    )

    /// `sessions list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List sessions (GET /v1/sessions).")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Option(name: .customLong("user-id"), help: "Only sessions of this user.") var userID: String?
        @Option(name: .customLong("client-id"), help: "Only sessions of this client.") var clientID: String?
        @Option(
            name: .customLong("status"),
            help: "Only sessions in this status (abandoned, active, ended, expired, removed, replaced, revoked).")
        var status: String?
        @Option(name: .customLong("limit"), help: "Page size, 1...500.") var limit: Int?
        @Option(name: .customLong("offset"), help: "Items to skip, >= 0.") var offset: Int?
        @Flag(
            name: .customLong("paginated"),
            help: "Print { \"data\": [...], \"total_count\": N } instead of the bare array.")
        var paginated = false

        func validate() throws {
            if let status, SessionListQuery.Status(rawValue: status) == nil {
                throw ValidationError(
                    "--status must be one of: \(SessionListQuery.Status.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            if let limit, !(1...500).contains(limit) { throw ValidationError("--limit must be between 1 and 500.") }
            if let offset, offset < 0 { throw ValidationError("--offset must not be negative.") }
        }

        func run() async throws {
            let query = SessionListQuery(
                clientID: clientID, userID: userID, status: status.flatMap(SessionListQuery.Status.init(rawValue:)),
                limit: limit, offset: offset)
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                let list = try await client.sessions.list(query)
                return paginated ? try BackendCommand.json(list) : try BackendCommand.json(list.sessions)
            }
        }
    }

    /// `sessions create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a session (testing instances only).")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Option(name: .customLong("user-id"), help: "The user.") var userID: String
        @Option(name: .customLong("active-organization-id"), help: "The active organization.") var activeOrganizationID:
            String?

        func run() async throws {
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                try BackendCommand.json(
                    try await client.sessions.create(userID: userID, activeOrganizationID: activeOrganizationID))
            }
        }
    }

    /// `sessions get`.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Get a session.")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Argument(help: "The session id.") var id: String

        func run() async throws {
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                try BackendCommand.json(try await client.sessions.get(id))
            }
        }
    }

    /// `sessions refresh`.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh", abstract: "Refresh an expired session token.")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Argument(help: "The session id.") var id: String
        @Option(name: .customLong("expired-token"), help: "The expired session token.") var expiredToken: String
        @Option(name: .customLong("refresh-token"), help: "The refresh token.") var refreshToken: String
        @Option(name: .customLong("request-origin"), help: "The origin of the incoming request.") var requestOrigin:
            String
        @Option(name: .customLong("format"), help: "token (default) or cookie.") var format: String?

        func validate() throws {
            if let format, RefreshSessionRequest.Format(rawValue: format) == nil {
                throw ValidationError("--format must be token or cookie.")
            }
        }

        func run() async throws {
            let request = RefreshSessionRequest(
                expiredToken: expiredToken, refreshToken: refreshToken, requestOrigin: requestOrigin,
                format: format.flatMap(RefreshSessionRequest.Format.init(rawValue:)))
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                try BackendCommand.json(try await client.sessions.refresh(id, request))
            }
        }
    }

    /// `sessions revoke`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a session.")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Argument(help: "The session id.") var id: String

        func run() async throws {
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                try BackendCommand.json(try await client.sessions.revoke(id))
            }
        }
    }

    /// `sessions verify` (deprecated endpoint, opt-in).
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Call the deprecated verify endpoint (needs --legacy-verify; Clerk answers 410).")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Argument(help: "The session id.") var id: String
        @Option(name: .customLong("token"), help: "The session token.") var token: String
        @Flag(name: .customLong("legacy-verify"), help: "Allow the deprecated endpoint.") var legacyVerify = false

        func run() async throws {
            guard legacyVerify else {
                throw CLIOutput.fail(
                    code: ClerkAPIError.Kind.deprecatedEndpointDisabled.description,
                    message:
                        "POST /v1/sessions/{id}/verify is deprecated; pass --legacy-verify to call it anyway, or verify tokens locally with `clerk-session verify`"
                )
            }
            try await BackendCommand.run(backend, legacyVerify: true) { client throws(ClerkAPIError) in
                let verifier: any LegacySessionVerifying = client.sessions
                return try BackendCommand.json(try await verifier.verify(id, token: token))
            }
        }
    }

    /// `sessions token`.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Mint a session token, optionally from a JWT template.")
        @OptionGroup var backend: BackendAPIOptions
        @OptionGroup(title: "Logging") var logging: LoggingOptions
        @Argument(help: "The session id.") var id: String
        @Option(name: .customLong("template"), help: "A JWT template name.") var template: String?
        @Option(name: .customLong("expires-in"), help: "Lifetime in seconds, 30...315360000.") var expiresIn: Int?

        func validate() throws {
            if let expiresIn, !(30...315_360_000).contains(expiresIn) {
                throw ValidationError("--expires-in must be between 30 and 315360000 seconds.")
            }
        }

        func run() async throws {
            try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
                let token =
                    if let template {
                        try await client.sessions.createTokenFromTemplate(
                            id, template: template, expiresInSeconds: expiresIn)
                    } else {
                        try await client.sessions.createToken(id, expiresInSeconds: expiresIn)
                    }
                return try BackendCommand.json(token)
            }
        }
    }
}
