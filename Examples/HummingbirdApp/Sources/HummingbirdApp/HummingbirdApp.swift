import ClerkBackend
import ClerkHummingbird
import ClerkSession
import Hummingbird
import HummingbirdAuth

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The answer of `/me`.
struct Me: ResponseEncodable {
    let userID: String
    let sessionID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case sessionID = "session_id"
    }
}

@main
enum HummingbirdApp {
    static func main() async throws {
        let authenticator = try ClerkRequestAuthenticator(environment: ProcessInfo.processInfo.environment)

        let router = Router(context: ClerkRequestContext.self)
        router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
        router.get("/") { _, context -> String in
            context.identity.map { "Hello, \($0.userID)\n" } ?? "Hello, guest\n"
        }
        router.group("me")
            .add(middleware: ClerkRequireSessionMiddleware())
            .get { _, context -> Me in
                let session = try context.requireIdentity()
                return Me(userID: session.userID, sessionID: session.sessionID)
            }

        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 8080)),
            // Loads the keys before traffic and keeps them fresh until shutdown.
            services: [SessionKeyRefreshService(store: authenticator.verifier.keyStore)]
        )
        try await app.runService()
    }
}
