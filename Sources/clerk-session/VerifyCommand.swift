import ArgumentParser
import ClerkBackend
import ClerkSession

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `clerk-session verify [TOKEN]`: verifies one session token and prints its claims.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Clerk session token and print its claims as JSON.",
        discussion: """
            Key source, exactly one: --jwks-file, --jwks-url, --jwt-key (PEM, fully networkless), or none of \
            these with CLERK_SECRET_KEY set (fetches {api-url}/v1/jwks). The issuer comes from --issuer or from \
            the publishable key (--publishable-key or CLERK_PUBLISHABLE_KEY).
            """
    )

    @Argument(help: "The token; read from stdin when omitted or '-' (one trailing newline is dropped).")
    var token: String?

    @Option(name: .customLong("jwks-file"), help: "A JWKS JSON file.")
    var jwksFile: String?

    @Option(name: .customLong("jwks-url"), help: "A JWKS URL, e.g. https://<frontend-api>/.well-known/jwks.json.")
    var jwksURL: String?

    @Option(name: .customLong("jwt-key"), help: "A PEM public key file (CLERK_JWT_KEY); no network at all.")
    var jwtKey: String?

    @Option(name: .customLong("issuer"), help: "An accepted issuer (repeatable), e.g. https://clerk.example.com.")
    var issuers: [String] = []

    @Option(
        name: .customLong("publishable-key"),
        help: "Derive the issuer from this publishable key (or CLERK_PUBLISHABLE_KEY).")
    var publishableKey: String?

    @Option(
        name: .customLong("authorized-party"),
        help: "An authorized party (repeatable); when given, azp must be present and listed.")
    var authorizedParties: [String] = []

    @Option(name: .customLong("clock-skew"), help: "Leeway for exp, nbf and iat, in seconds.")
    var clockSkew: Double = 5

    @Option(name: .customLong("now"), help: "Evaluate time claims at this Unix time (seconds).")
    var now: Double?

    @Option(name: .customLong("api-url"), help: "Backend API base URL without /v1 (or CLERK_API_URL).")
    var apiURL: String?

    @Option(
        name: .customLong("accepts"),
        help:
            "Accepted token kinds (repeatable, or a comma list): session_token (default), m2m_token, api_key, oauth_token, or any."
    )
    var accepts: [String] = []

    @OptionGroup(title: "Logging") var logging: LoggingOptions

    /// The accepted kinds, parsed (session tokens when none given).
    var acceptedKinds: AcceptedTokenKinds {
        get throws(ClerkVerificationError) {
            guard !accepts.isEmpty else { return .sessionToken }
            var kinds: AcceptedTokenKinds = []
            for value in accepts { kinds.formUnion(try AcceptedTokenKinds(parsing: value)) }
            return kinds
        }
    }

    func validate() throws {
        let sources = [jwksFile, jwksURL, jwtKey].compactMap { $0 }
        if sources.count > 1 {
            throw ValidationError("Give exactly one key source: --jwks-file, --jwks-url or --jwt-key.")
        }
        if sources.isEmpty, CLIOutput.environment("CLERK_SECRET_KEY") == nil {
            throw ValidationError("No key source: pass --jwks-file, --jwks-url or --jwt-key, or set CLERK_SECRET_KEY.")
        }
        do { _ = try acceptedKinds } catch { throw ValidationError("--accepts: \(error.message)") }
        let opaqueToken = token.flatMap(ClerkTokenKind.opaqueKind(of:)) != nil
        if !opaqueToken, issuers.isEmpty, publishableKey == nil, CLIOutput.environment("CLERK_PUBLISHABLE_KEY") == nil {
            throw ValidationError("No issuer: pass --issuer or --publishable-key, or set CLERK_PUBLISHABLE_KEY.")
        }
        let maximumClockSkew = SessionTokenVerifier.Configuration.maximumClockSkew.components.seconds
        if !(clockSkew >= 0 && clockSkew <= Double(maximumClockSkew)) {
            throw ValidationError("--clock-skew must be between 0 and \(maximumClockSkew) seconds.")
        }
        if let now, !now.isFinite { throw ValidationError("--now must be a finite number of seconds.") }
    }

    func run() async throws {
        do {
            let token = try readToken()
            let kinds = try acceptedKinds
            if let opaque = ClerkTokenKind.opaqueKind(of: token) {
                guard kinds.accepts(opaque) else {
                    let error = SessionTokenVerifier.mismatch(opaque, kinds)
                    throw CLIOutput.fail(code: error.code.rawValue, message: error.message)
                }
                CLIOutput.printJSON(try await verifyOpaque(token, kind: opaque))
                return
            }
            var issuerList = issuers
            if issuerList.isEmpty, let pk = publishableKey ?? CLIOutput.environment("CLERK_PUBLISHABLE_KEY") {
                issuerList = [try PublishableKey(pk).issuer]
            }
            let clock: ClerkClock = now.map { .fixed($0) } ?? .system
            let configuration = SessionTokenVerifier.Configuration(
                issuers: issuerList, authorizedParties: Set(authorizedParties), clockSkew: .seconds(clockSkew),
                clock: clock, verifiedTokenCacheCapacity: 0)
            guard !issuerList.isEmpty else {
                throw ValidationError("No issuer: pass --issuer or --publishable-key, or set CLERK_PUBLISHABLE_KEY.")
            }
            let identity = try await withKeyStore(clock: clock) { store in
                try await SessionTokenVerifier(configuration: configuration, keyStore: store)
                    .verifyAwaitingKeys(token, accepting: kinds)
            }
            switch identity {
            case .session(let session): CLIOutput.printJSON(session.claimsJSON)
            case .machine(let machine): CLIOutput.printJSON(machine.jwtClaimsJSON ?? "{}")
            }
        } catch let error as ClerkVerificationError {
            throw CLIOutput.fail(code: error.code.rawValue, message: error.message)
        } catch let error as ClerkAPIError {
            throw CLIOutput.fail(code: error.code, message: error.message)
        }
    }

    private func readToken() throws(ClerkVerificationError) -> String {
        if let token, token != "-" { return token }
        var data: [UInt8] = []
        while let line = readLine(strippingNewline: false) {
            data.append(contentsOf: line.utf8)
            if data.count > 1 << 20 { break }
        }
        if data.last == UInt8(ascii: "\n") { data.removeLast() }
        if data.last == UInt8(ascii: "\r") { data.removeLast() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Builds the key store of the chosen source and runs `body` with it, closing any HTTP client after.
    private func withKeyStore<T: Sendable>(clock: ClerkClock, _ body: (SessionKeyStore) async throws -> T) async throws
        -> T
    {
        if let jwtKey {
            let pem: String
            do { pem = try String(contentsOfFile: jwtKey, encoding: .utf8) } catch {
                throw ClerkVerificationError(.localKeyInvalid, "cannot read the PEM file at \(jwtKey)")
            }
            let source = try StaticKeySource(clerkJWTKey: pem)
            return try await body(SessionKeyStore(keySet: source.keySet, clock: clock))
        }
        if let jwksFile {
            let source = try StaticKeySource(jwksFile: jwksFile)
            return try await body(SessionKeyStore(keySet: source.keySet, clock: clock))
        }
        return try await RemoteKeyStores.withStore(
            jwksURL: jwksURL, apiURL: apiURL ?? CLIOutput.environment("CLERK_API_URL"),
            clock: clock, body)
    }
}
