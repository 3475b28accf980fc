import ClerkSession
import ClerkWebhooks

/// Signs webhook deliveries as Svix does for Clerk, so that tests can exercise a webhook endpoint with real
/// signatures: `v1,` + base64 of HMAC-SHA256 over `{id}.{timestamp}.{body}`.
public struct TestWebhookSigner: Sendable {
    /// The secret as the Clerk Dashboard shows it (`whsec_…`).
    public let secretText: String
    private let secret: ClerkWebhookSecret

    /// A signer for `secretText` (`whsec_` + base64); a fresh random 24-byte secret by default.
    public init(secretText: String? = nil) {
        let text =
            secretText
            ?? "whsec_" + StandardBase64.encode((0..<24).map { _ in UInt8.random(in: 0...255) })
        self.secretText = text
        // A secret this initialiser made, or one a test chose: a malformed one is a bug in the test.
        do { self.secret = try ClerkWebhookSecret(text) } catch { preconditionFailure("\(error)") }
    }

    /// The `svix-signature` value (one `v1,` entry) for a delivery.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        return "v1," + StandardBase64.encode(HMACSHA256.authenticationCode(key: secret.key, message: message))
    }

    /// The three `svix-*` headers of a delivery, and a JSON content type.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(name: String, value: String)] {
        [
            (name: "svix-id", value: id),
            (name: "svix-timestamp", value: String(timestamp)),
            (name: "svix-signature", value: signature(id: id, timestamp: timestamp, body: body)),
            (name: "Content-Type", value: "application/json"),
        ]
    }
}
