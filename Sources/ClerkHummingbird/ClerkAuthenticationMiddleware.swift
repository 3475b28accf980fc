#if Hummingbird
import ClerkAuthentication
import ClerkSession
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// Authenticates every request that passes through it with Clerk's session token (the
/// `Authorization: Bearer` header first, then the `__session` cookie).
///
/// - Signed in: `context.identity` is the ``VerifiedSession``, and the `Set-Cookie` directives of a
///   server-side refresh are added to the response.
/// - Signed out (no token, a bad token, a failed refresh): the request continues with no identity, so
///   optional routes work; add ``ClerkRequireSessionMiddleware`` (or hummingbird-auth's
///   `IsAuthenticatedMiddleware`) on routes that require a session.
/// - Keys unavailable (the token could not be judged): `503 Service Unavailable` (an `HTTPError`, a
///   generic message).
///
/// Tokens, secrets and rejection reasons are never written to a response; reasons are logged at debug
/// level by code. When the context conforms to `RemoteAddressRequestContext` (``ClerkRequestContext``
/// does), the client's address goes to Clerk with a refresh.
///
/// ```swift
/// let router = Router(context: ClerkRequestContext.self)
/// router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
/// router.group("me").add(middleware: ClerkRequireSessionMiddleware())
///     .get { _, context in try context.requireIdentity().userID }
/// ```
public struct ClerkAuthenticationMiddleware<Context: AuthRequestContext>: RouterMiddleware
where Context.Identity == VerifiedSession {
    /// The engine.
    public let authenticator: ClerkRequestAuthenticator

    /// A middleware over `authenticator`.
    public init(authenticator: ClerkRequestAuthenticator) {
        self.authenticator = authenticator
    }

    /// Authenticates `request`, then hands it on (or throws a 503 `HTTPError` when the keys are unavailable).
    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let result: AuthenticationResult
        if let bearer = Self.bearerToken(request) {
            // API requests: the one header is enough (bearer tokens take precedence and never refresh).
            result = await authenticator.authenticate(bearerToken: bearer)
        } else {
            let remoteAddress = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress
            result = await authenticator.authenticate(ClerkRequest(request, remoteAddress: remoteAddress))
        }
        switch result {
        case .signedIn(let session, let responseCookies):
            var context = context
            context.identity = session
            var response = try await next(request, context)
            for directive in responseCookies {
                response.headers.append(HTTPField(name: .setCookie, value: directive))
            }
            return response
        case .signedOut(let reason):
            context.logger.debug("Clerk: request is signed out", metadata: ["clerk_reason": .string(reason.code)])
            return try await next(request, context)
        case .keysUnavailable(let error):
            context.logger.warning("Clerk: session keys unavailable; answering 503", metadata: [
                "clerk_reason": .string(error.code.rawValue), "clerk_detail": .string(error.message),
            ])
            throw HTTPError(.serviceUnavailable, message: Self.unavailableMessage)
        }
    }

    /// The bearer token of the first `Authorization` field, as ``ClerkRequest/bearerToken`` reads it.
    @inline(__always)
    static func bearerToken(_ request: Request) -> String? {
        for field in request.headers where field.name == .authorization {
            return ClerkRequest.bearerToken(authorization: field.value)
        }
        return nil
    }

    /// The message of the 503 answer: generic on purpose.
    static var unavailableMessage: String { "Authentication is temporarily unavailable. Please retry shortly." }
}
#endif
