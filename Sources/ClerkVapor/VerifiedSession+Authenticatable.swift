#if Vapor
    import ClerkSession
    import Vapor

    /// A verified Clerk session is a Vapor identity: ``ClerkAuthenticator`` logs it in with
    /// `req.auth.login(_:)`, so `req.auth.require(VerifiedSession.self)` and
    /// `VerifiedSession.guardMiddleware()` work as for any other `Authenticatable`.
    extension VerifiedSession: Authenticatable {}

    /// A verified machine token is a Vapor identity too: `req.auth.require(MachineIdentity.self)` works.
    extension MachineIdentity: Authenticatable {}
#endif
