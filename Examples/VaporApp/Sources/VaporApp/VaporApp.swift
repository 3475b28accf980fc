import ClerkBackend
import ClerkSession
import ClerkVapor
import Vapor

/// The answer of `/me`.
struct Me: Content {
    let userID: String
    let sessionID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case sessionID = "session_id"
    }
}

@main
enum VaporApp {
    static func main() async throws {
        let app = try await Application.make(.detect())
        do {
            app.clerk.configure(
                authenticator: try ClerkRequestAuthenticator(environment: ProcessInfo.processInfo.environment))

            let authenticated = app.grouped(ClerkAuthenticator())
            authenticated.get { req in
                req.clerk.session.map { "Hello, \($0.userID)\n" } ?? "Hello, guest\n"
            }
            authenticated.grouped(ClerkSessionGuard()).get("me") { req in
                let session = try req.clerk.requireSession()
                return Me(userID: session.userID, sessionID: session.sessionID)
            }
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
