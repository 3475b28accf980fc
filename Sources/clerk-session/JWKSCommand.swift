import ArgumentParser

/// `clerk-session jwks`: prints the instance's JWKS from the Backend API.
struct JWKSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jwks", abstract: "Print the instance's JWKS (GET /v1/jwks).")
    func run() async throws {
        throw CLIOutput.fail(code: "not-implemented", message: "jwks is not implemented yet")
    }
}
