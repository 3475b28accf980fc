import ArgumentParser
import ClerkBackend

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `--api-url`, shared by the Backend API subcommands.
struct BackendAPIOptions: ParsableArguments {
    @Option(
        name: .customLong("api-url"),
        help: "Backend API base URL without /v1 (or CLERK_API_URL; default https://api.clerk.com).")
    var apiURL: String?

    /// The base URL: the flag, else CLERK_API_URL, else Clerk's.
    var resolvedAPIURL: String {
        apiURL ?? CLIOutput.environment("CLERK_API_URL") ?? ClerkBackendClient.Configuration.defaultBaseURL
    }
}

/// Runs one Backend API call: secret key from the environment, an HTTP client that never follows
/// redirects (shut down afterwards), errors mapped to the CLI's one-line contract.
enum BackendCommand {
    static func run(
        _ options: BackendAPIOptions, legacyVerify: Bool = false,
        _ body: (ClerkBackendClient) async throws(ClerkAPIError) -> String
    ) async throws {
        guard let secretKey = CLIOutput.environment("CLERK_SECRET_KEY") else {
            throw CLIOutput.fail(code: "secret-key-missing", message: "CLERK_SECRET_KEY is not set")
        }
        let configuration = ClerkBackendClient.Configuration(
            secretKey: secretKey, baseURL: options.resolvedAPIURL, allowsLegacyVerify: legacyVerify)
        let outcome: Result<String, ClerkAPIError>
        do {
            outcome = .success(try await ClerkBackendClient.withClient(configuration: configuration, body))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let json): CLIOutput.printJSON(json)
        case .failure(let error): throw CLIOutput.fail(code: error.code, message: error.detail)
        }
    }

    /// Compact JSON of an API model, in the API's snake_case shape, members sorted (stable output).
    static func json<T: Encodable>(_ value: T) throws(ClerkAPIError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw ClerkAPIError(kind: .invalidResponse, message: "the answer could not be re-encoded as JSON")
        }
    }
}

/// Calls the deprecated verify operation through a protocol, so the one intended call site does not
/// produce a deprecation warning (the CLI only calls it behind --legacy-verify).
protocol LegacySessionVerifying {
    func verify(_ id: String, token: String) async throws(ClerkAPIError) -> ClerkSessionObject
}

extension ClerkBackendClient.Sessions: LegacySessionVerifying {}
