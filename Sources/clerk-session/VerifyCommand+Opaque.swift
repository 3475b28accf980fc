import ClerkSession

extension VerifyCommand {
    /// Placeholder until the Backend API client verifies opaque machine tokens (replaced before commit).
    func verifyOpaque(_ token: String, kind: ClerkTokenKind) async throws -> String {
        throw CLIOutput.fail(code: "machine-token-verify-unavailable", message: "not yet")
    }
}
