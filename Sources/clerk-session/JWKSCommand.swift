import ArgumentParser
import ClerkBackend

/// `clerk-session jwks`: prints the instance's JWKS from the Backend API.
struct JWKSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwks", abstract: "Print the instance's JWKS (GET /v1/jwks).")
    @OptionGroup var backend: BackendAPIOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        try await BackendCommand.run(backend) { client throws(ClerkAPIError) in
            let bytes = try await client.jwks()
            var text = String(decoding: bytes, as: UTF8.self)
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            return text
        }
    }
}
