import ClerkBackend
import ClerkTesting
import Foundation
import Testing

/// The `clerk-session sessions` and `jwks` subcommands against the fake server (runs the built binary).
@Suite("CLI sessions and jwks")
struct CLITests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/debug/clerk-session`, next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/clerk-session")
    }

    func run(_ arguments: [String], secretKey: String?, apiURL: String) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--api-url", apiURL]
        var environment = ProcessInfo.processInfo.environment
        environment["CLERK_SECRET_KEY"] = secretKey
        environment.removeValue(forKey: "CLERK_API_URL")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func sessionsAndJWKS() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the clerk-session product first")
        try await Harness.run { h in
            let key = h.server.secretKey
            let (session, refreshToken) = h.server.createSession(userID: "user_cli")

            let get = try run(["sessions", "get", session.id], secretKey: key, apiURL: h.server.baseURL)
            #expect(get.status == 0)
            #expect(get.stdout.contains("\"user_id\":\"user_cli\""))
            #expect(get.stderr.isEmpty)

            let list = try run(["sessions", "list", "--user-id", "user_cli", "--paginated"], secretKey: key, apiURL: h.server.baseURL)
            #expect(list.status == 0)
            #expect(list.stdout.hasPrefix("{\"data\":["))
            #expect(list.stdout.contains("\"total_count\":1"))
            let bare = try run(["sessions", "list", "--user-id", "user_cli"], secretKey: key, apiURL: h.server.baseURL)
            #expect(bare.stdout.hasPrefix("[{"))

            let expired = try #require(h.server.sessionToken(forSession: session.id, issuedAt: 1_000_000))
            let refresh = try run(["sessions", "refresh", session.id, "--expired-token", expired, "--refresh-token", refreshToken,
                                   "--request-origin", "https://app.example.test", "--format", "cookie"],
                                  secretKey: key, apiURL: h.server.baseURL)
            #expect(refresh.status == 0)
            #expect(refresh.stdout.hasPrefix("{\"cookies\":[\"__session="))
            #expect(refresh.stdout.contains("\"object\":\"cookies\""))

            let token = try run(["sessions", "token", session.id, "--template", "tpl", "--expires-in", "60"],
                                secretKey: key, apiURL: h.server.baseURL)
            #expect(token.stdout.hasPrefix("{\"jwt\":\"ey"))
            #expect(token.stdout.contains("\"object\":\"token\""))

            let jwks = try run(["jwks"], secretKey: key, apiURL: h.server.baseURL)
            #expect(jwks.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == h.server.issuer.jwksJSON)

            let missing = try run(["sessions", "get", "sess_missing"], secretKey: key, apiURL: h.server.baseURL)
            #expect(missing.status == 1)
            #expect(missing.stderr == "error: http-404: resource_not_found: Session not found\n")

            h.server.clearRequests()
            let verify = try run(["sessions", "verify", session.id, "--token", expired], secretKey: key, apiURL: h.server.baseURL)
            #expect(verify.status == 1)
            #expect(verify.stderr.hasPrefix("error: deprecated-endpoint-disabled: "))
            let gone = try run(["sessions", "verify", session.id, "--token", expired, "--legacy-verify"], secretKey: key, apiURL: h.server.baseURL)
            #expect(gone.status == 1)
            #expect(gone.stderr.hasPrefix("error: http-410: operation_deprecated: "))
            #expect(h.server.requests.count == 1)

            let noKey = try run(["sessions", "get", session.id], secretKey: nil, apiURL: h.server.baseURL)
            #expect(noKey.status == 1)
            #expect(noKey.stderr.hasPrefix("error: secret-key-missing: "))

            let usage = try run(["sessions", "list", "--limit", "0"], secretKey: key, apiURL: h.server.baseURL)
            #expect(usage.status == 64)

            // verify over the remote key stores: a JWKS URL, then the Backend API with the secret key.
            let fresh = try #require(h.server.sessionToken(forSession: session.id))
            let viaURL = try run(["verify", fresh, "--jwks-url", h.server.jwksURL, "--issuer", h.server.issuer.issuer],
                                 secretKey: nil, apiURL: h.server.baseURL)
            #expect(viaURL.status == 0, "\(viaURL.stderr)")
            #expect(viaURL.stdout.contains("\"sid\":\"\(session.id)\""))
            let viaAPI = try run(["verify", fresh, "--issuer", h.server.issuer.issuer], secretKey: key, apiURL: h.server.baseURL)
            #expect(viaAPI.status == 0, "\(viaAPI.stderr)")
            #expect(h.server.requests.contains { $0.path == "/v1/jwks" })
        }
    }
}
