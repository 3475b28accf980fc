/// A decoded Clerk publishable key.
public struct PublishableKey: Sendable, Hashable {
    /// The Frontend API host, e.g. `clerk.example.com` or `foo-bar-13.clerk.accounts.dev`.
    public let frontendAPIHost: String
    /// True for `pk_live_`, false for `pk_test_`.
    public let isLive: Bool
    /// The key text itself (publishable keys are public).
    public let rawValue: String

    /// The session-token issuer: `https://<frontend API host>`.
    public var issuer: String { "https://\(frontendAPIHost)" }
    /// The Frontend API JWKS URL: `https://<host>/.well-known/jwks.json`.
    public var jwksURL: String { "https://\(frontendAPIHost)/.well-known/jwks.json" }

    /// Decodes `pk_test_<base64(host$)>` / `pk_live_<…>`.
    ///
    /// - Throws: ``ClerkVerificationError`` with code `publishable-key-invalid` (a configuration mistake,
    ///   never reported as a key outage).
    public init(_ text: String) throws(ClerkVerificationError) {
        let invalid = ClerkVerificationError(
            .publishableKeyInvalid,
            "not a Clerk publishable key (expected pk_test_… or pk_live_… with a base64 Frontend API host)")
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, let prefix = parts.first, let kind = parts.dropFirst().first, let encoded = parts.last,
            prefix.utf8.elementsEqual("pk".utf8),
            kind.utf8.elementsEqual("test".utf8) || kind.utf8.elementsEqual("live".utf8)
        else { throw invalid }
        var body = String(encoded)
        while body.utf8.count % 4 != 0 { body += "=" }
        guard let bytes = StandardBase64.decode(Substring(body)),
            let decoded = String(validating: bytes, as: UTF8.self),
            decoded.hasSuffix("$"), decoded.dropLast().contains("."), !decoded.dropLast().contains("$")
        else { throw invalid }
        let host = String(decoded.dropLast())
        guard
            host.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == ":"
            })
        else { throw invalid }
        self.frontendAPIHost = host
        self.isLive = kind.utf8.elementsEqual("live".utf8)
        self.rawValue = text
    }

    /// Encodes a publishable key for a host (for tests and the embedded demo).
    package static func encode(host: String, live: Bool = false) -> String {
        let b64 = StandardBase64.encode(Array("\(host)$".utf8))
        return "pk_\(live ? "live" : "test")_\(b64)"
    }
}
