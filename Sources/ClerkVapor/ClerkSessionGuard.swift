#if Vapor
import ClerkSession
import NIOHTTP1
import Vapor

/// Requires a Clerk session: answers `401 Unauthorized` (generic body, never the reason) unless
/// ``ClerkAuthenticator``, earlier in the chain, logged one in.
///
/// ```swift
/// let protected = app.grouped(ClerkAuthenticator(), ClerkSessionGuard())
/// ```
public struct ClerkSessionGuard: AsyncMiddleware {
    /// A guard.
    public init() {}

    /// Hands `request` on when it carries a session, throws `Abort(.unauthorized)` otherwise.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(VerifiedSession.self) else {
            if request.clerk.result == nil {
                request.logger.warning("ClerkSessionGuard ran without ClerkAuthenticator before it; answering 401")
            }
            throw Abort(.unauthorized)
        }
        return try await next.respond(to: request)
    }
}
#endif
