import ClerkBackend
import ClerkTesting
import Foundation
import Testing

/// The `clerk-session sessions` and `jwks` subcommands, and `verify` over the remote key stores, against
/// the fake Clerk server (runs the built binary).
@Suite("CLI: sessions, jwks and remote keys")
struct SessionsCommandTests {
    func run(_ arguments: [String], secretKey: String?, apiURL: String) async throws -> CLIResult {
        try await CLIRunner.run(
            arguments + ["--api-url", apiURL], environment: secretKey.map { ["CLERK_SECRET_KEY": $0] } ?? [:])
    }

    @Test func sessionsAndJWKS() async throws {
        let server = try await FakeClerkServer.start()
        do {
            let key = server.secretKey
            let (session, refreshToken) = server.createSession(userID: "user_cli")

            let get = try await run(["sessions", "get", session.id], secretKey: key, apiURL: server.baseURL)
            #expect(get.status == 0)
            #expect(get.stdout.contains("\"user_id\":\"user_cli\""))
            #expect(get.stderr.isEmpty)

            let list = try await run(
                ["sessions", "list", "--user-id", "user_cli", "--paginated"], secretKey: key, apiURL: server.baseURL)
            #expect(list.status == 0)
            #expect(list.stdout.hasPrefix("{\"data\":["))
            #expect(list.stdout.contains("\"total_count\":1"))
            let bare = try await run(
                ["sessions", "list", "--user-id", "user_cli"], secretKey: key, apiURL: server.baseURL)
            #expect(bare.stdout.hasPrefix("[{"))

            let expired = try #require(server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            let refresh = try await run(
                [
                    "sessions", "refresh", session.id, "--expired-token", expired, "--refresh-token", refreshToken,
                    "--request-origin", "https://app.example.test", "--format", "cookie",
                ],
                secretKey: key, apiURL: server.baseURL)
            #expect(refresh.status == 0)
            #expect(refresh.stdout.hasPrefix("{\"cookies\":[\"__session="))
            #expect(refresh.stdout.contains("\"object\":\"cookies\""))

            let token = try await run(
                ["sessions", "token", session.id, "--template", "tpl", "--expires-in", "60"],
                secretKey: key, apiURL: server.baseURL)
            #expect(token.stdout.hasPrefix("{\"jwt\":\"ey"))
            #expect(token.stdout.contains("\"object\":\"token\""))

            let jwks = try await run(["jwks"], secretKey: key, apiURL: server.baseURL)
            #expect(jwks.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == server.issuer.jwksJSON)

            let missing = try await run(["sessions", "get", "sess_missing"], secretKey: key, apiURL: server.baseURL)
            #expect(missing.status == 1)
            #expect(missing.stderr == "error: http-404: resource_not_found: Session not found\n")

            server.clearRequests()
            let verify = try await run(
                ["sessions", "verify", session.id, "--token", expired], secretKey: key, apiURL: server.baseURL)
            #expect(verify.status == 1)
            #expect(verify.stderr.hasPrefix("error: deprecated-endpoint-disabled: "))
            let gone = try await run(
                ["sessions", "verify", session.id, "--token", expired, "--legacy-verify"], secretKey: key,
                apiURL: server.baseURL)
            #expect(gone.status == 1)
            #expect(gone.stderr.hasPrefix("error: http-410: operation_deprecated: "))
            #expect(server.requests.count == 1)

            let noKey = try await run(["sessions", "get", session.id], secretKey: nil, apiURL: server.baseURL)
            #expect(noKey.status == 1)
            #expect(noKey.stderr.hasPrefix("error: secret-key-missing: "))

            let usage = try await run(["sessions", "list", "--limit", "0"], secretKey: key, apiURL: server.baseURL)
            #expect(usage.status == 64)

            // verify over the remote key stores: a JWKS URL, then the Backend API with the secret key.
            let fresh = try #require(server.sessionToken(forSession: session.id))
            let viaURL = try await run(
                ["verify", fresh, "--jwks-url", server.jwksURL, "--issuer", server.issuer.issuer],
                secretKey: nil, apiURL: server.baseURL)
            #expect(viaURL.status == 0, "\(viaURL.stderr)")
            #expect(viaURL.stdout.contains("\"sid\":\"\(session.id)\""))
            let viaAPI = try await run(
                ["verify", fresh, "--issuer", server.issuer.issuer], secretKey: key, apiURL: server.baseURL)
            #expect(viaAPI.status == 0, "\(viaAPI.stderr)")
            #expect(server.requests.contains { $0.path == "/v1/jwks" })
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}
