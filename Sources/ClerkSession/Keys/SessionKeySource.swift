#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a ``SessionKeyStore`` gets its keys: a pinned PEM, a JWKS document, or a remote endpoint.
///
/// Remote sources (Clerk's Backend API `GET /v1/jwks`, the Frontend API `/.well-known/jwks.json`, any
/// JWKS URL) live in `ClerkBackend`; this module has the networkless ones.
public protocol SessionKeySource: Sendable, CustomStringConvertible {
    /// Fetches the current key set. Called by the store only: at most one call is in flight at a time.
    func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet
    /// Whether keys can change (remote sources). A static source is loaded once and never refreshed.
    var isRefreshable: Bool { get }
}

/// A failed key fetch: the error to report, and how long the source asked us to wait (`Retry-After`).
public struct KeyFetchError: Error, Sendable {
    /// The reason, with a `jwk-remote-*` (or `jwk-local-invalid`) code.
    public var error: ClerkVerificationError
    /// Seconds to wait before the next attempt, when the source said so (HTTP 429/503 `Retry-After`).
    public var retryAfterSeconds: Double?

    public init(_ error: ClerkVerificationError, retryAfterSeconds: Double? = nil) {
        self.error = error
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// A fixed key set: a pinned PEM (`CLERK_JWT_KEY`) or a JWKS given in memory. Never touches the network.
public struct StaticKeySource: SessionKeySource {
    public let keySet: SessionKeySet
    private let label: String

    /// Serves `keySet` forever.
    public init(_ keySet: SessionKeySet, description: String = "in-memory key set") {
        self.keySet = keySet
        self.label = description
    }

    /// A pinned PEM, in any form ``RSAVerificationKey/init(clerkJWTKey:)`` accepts.
    public init(clerkJWTKey: String, issuer: String? = nil) throws(ClerkVerificationError) {
        let key: RSAVerificationKey
        do { key = try RSAVerificationKey(clerkJWTKey: clerkJWTKey) } catch {
            throw ClerkVerificationError(.localKeyInvalid, "the pinned key (CLERK_JWT_KEY) is unusable: \(error.message)")
        }
        self.init(SessionKeySet(pinned: key, issuer: issuer), description: "pinned PEM key")
    }

    /// A JWKS file read once.
    public init(jwksFile path: String, issuer: String? = nil) throws(ClerkVerificationError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ClerkVerificationError(.localKeyInvalid, "cannot read the JWKS file at \(path)")
        }
        guard data.count <= 256 * 1024 else {
            throw ClerkVerificationError(.localKeyInvalid, "the JWKS file is larger than 256 KiB")
        }
        self.init(try SessionKeySet(jwks: Array(data), issuer: issuer), description: "JWKS file \(path)")
    }

    public func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet { keySet }
    public var isRefreshable: Bool { false }
    public var description: String { label }
}
