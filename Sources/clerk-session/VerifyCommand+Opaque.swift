import ClerkAuthentication
import ClerkBackend
import ClerkSession

extension VerifyCommand {
    /// Verifies an opaque machine token (`mt_…`, `ak_…`, `oat_…`) through the Backend API and returns Clerk's
    /// verify answer as JSON (the API's snake_case shape, members sorted). Clerk's refusal is
    /// `machine-token-rejected`; Clerk failing or unreachable is `machine-token-verify-unavailable`.
    func verifyOpaque(_ token: String, kind: ClerkTokenKind) async throws -> String {
        guard let secretKey = CLIOutput.environment("CLERK_SECRET_KEY") else {
            throw CLIOutput.fail(
                code: "secret-key-missing", message: "CLERK_SECRET_KEY is not set (opaque machine tokens go to Clerk)")
        }
        let configuration = ClerkBackendClient.Configuration(
            secretKey: secretKey,
            baseURL: apiURL ?? CLIOutput.environment("CLERK_API_URL")
                ?? ClerkBackendClient.Configuration.defaultBaseURL,
            machineSecretKey: CLIOutput.environment("CLERK_MACHINE_SECRET_KEY"))
        let outcome: Result<String, ClerkAPIError>
        do {
            outcome = .success(
                try await ClerkBackendClient.withClient(configuration: configuration) {
                    client throws(ClerkAPIError) -> String in
                    switch kind {
                    case .m2mToken: return try BackendCommand.json(try await client.machineTokens.verifyM2MToken(token))
                    case .apiKey: return try BackendCommand.json(try await client.machineTokens.verifyAPIKey(token))
                    case .oauthToken:
                        return try BackendCommand.json(try await client.machineTokens.verifyOAuthAccessToken(token))
                    case .sessionToken:
                        throw ClerkAPIError(kind: .invalidArgument, message: "a session token is not opaque")
                    }
                })
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let json):
            return json
        case .failure(let error) where error.isMachineTokenRejection || error.kind == .invalidArgument:
            throw CLIOutput.fail(code: "machine-token-rejected", message: "Clerk refused the \(kind): \(error.detail)")
        case .failure(let error):
            throw CLIOutput.fail(
                code: "machine-token-verify-unavailable", message: "Clerk could not verify the \(kind): \(error)")
        }
    }
}
