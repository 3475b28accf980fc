#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import NIOHTTP1
    import Vapor

    extension Request {
        /// Clerk authentication of this request, as established by ``ClerkAuthenticator``.
        public var clerk: Clerk { Clerk(request: self) }

        /// Accessors for the Clerk session of a request.
        public struct Clerk: Sendable {
            struct ResultKey: StorageKey {
                typealias Value = AuthenticationResult
            }

            let request: Request

            /// The verified session, or nil when the request is signed out (or was not authenticated).
            public var session: VerifiedSession? {
                request.auth.get(VerifiedSession.self)
            }

            /// The verified machine identity (M2M token, API key, OAuth access token), or nil.
            public var machine: MachineIdentity? {
                request.auth.get(MachineIdentity.self)
            }

            /// Who the request is, session or machine, or nil when signed out.
            public var identity: ClerkIdentity? {
                if let session { return .session(session) }
                return machine.map { .machine($0) }
            }

            /// The verified session.
            ///
            /// - Throws: `Abort(.unauthorized)` when there is none.
            public func requireSession() throws -> VerifiedSession {
                guard let session else { throw Abort(.unauthorized) }
                return session
            }

            /// The full outcome of ``ClerkAuthenticator``, or nil when it has not run for this request.
            ///
            /// A request signed in with a session and no cookies to set reads `.signedIn(session, responseCookies: [])`:
            /// the authenticator keeps only the session then (a verified session comes from the verifier alone).
            public internal(set) var result: AuthenticationResult? {
                get {
                    if let stored = storedResult { return stored }
                    // A request the authenticator signed in at once keeps only the session (in `request.auth`):
                    // one write of Vapor's request storage (two locks and a copy of its dictionary) fewer.
                    return session.map { .signedIn($0, responseCookies: []) }
                }
                nonmutating set { request.storage[ResultKey.self] = newValue }
            }

            /// The outcome as stored: every outcome but the signed-in fast path's (see ``result``).
            var storedResult: AuthenticationResult? { request.storage[ResultKey.self] }

            /// Whether ``ClerkAuthenticator`` ran, for a guard that has already read the request's identity:
            /// `result != nil` without reading `request.auth` a second time (a present identity says it ran).
            func authenticatorRan(identityPresent: Bool) -> Bool {
                identityPresent || storedResult != nil
            }

            /// Why the request is signed out, for logs and metrics (never send it to the client).
            public var signedOutReason: SignedOutReason? {
                if case .signedOut(let reason) = result { reason } else { nil }
            }
        }
    }
#endif
