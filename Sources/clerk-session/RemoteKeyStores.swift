import ClerkBackend
import ClerkSession

/// Key stores fed over the network for `verify`: a JWKS URL, or the Backend API with CLERK_SECRET_KEY.
enum RemoteKeyStores {
    static func withStore<T: Sendable>(jwksURL: String?, apiURL: String?, clock: ClerkClock,
                                       _ body: (SessionKeyStore) async throws -> T) async throws -> T {
        throw ClerkVerificationError(.keysFailedToResolve, "remote key sources are not implemented yet")
    }
}
