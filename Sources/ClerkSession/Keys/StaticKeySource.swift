#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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
            throw ClerkVerificationError(
                .localKeyInvalid, "the pinned key (CLERK_JWT_KEY) is unusable: \(error.message)")
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
