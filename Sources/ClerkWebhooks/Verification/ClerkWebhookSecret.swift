import ClerkSession

/// A webhook signing secret (`whsec_…` from the Clerk Dashboard), decoded to its key bytes.
///
/// The `whsec_` prefix is optional; the rest is standard base64, padded or not, with no other byte. The key
/// never appears in ``description``, `debugDescription`, a reflection or an error.
public struct ClerkWebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable Clerk's SDKs read the secret from.
    public static let environmentVariable = "CLERK_WEBHOOK_SIGNING_SECRET"

    package let key: [UInt8]

    /// Decodes `text` (`whsec_` + base64, or the base64 alone).
    ///
    /// - Throws: ``ClerkWebhookError/Code-swift.struct/secretInvalid`` when it is empty or not base64.
    public init(_ text: String) throws(ClerkWebhookError) {
        var body = Substring(text.trimmingASCIIWhitespace())
        if body.utf8.starts(with: "whsec_".utf8) { body = body.dropFirst(6) }
        // Padding is optional (Svix's Python library tolerates its absence); whitespace is not base64 here.
        let invalid = ClerkWebhookError(
            .secretInvalid, "the signing secret is not whsec_ followed by standard base64 (see the Clerk Dashboard)")
        guard !body.isEmpty, !body.utf8.contains(where: { $0 <= 0x20 }) else { throw invalid }
        var padded = String(body)
        if !padded.utf8.contains(UInt8(ascii: "=")) {
            while padded.utf8.count % 4 != 0 { padded.append("=") }
        }
        guard let key = StandardBase64.decode(Substring(padded)), !key.isEmpty else { throw invalid }
        self.key = key
    }

    /// The secret from `CLERK_WEBHOOK_SIGNING_SECRET` in `environment`.
    ///
    /// - Throws: ``ClerkWebhookError/Code-swift.struct/secretMissing`` when unset or blank,
    ///   ``ClerkWebhookError/Code-swift.struct/secretInvalid`` when malformed.
    public init(environment: [String: String]) throws(ClerkWebhookError) {
        guard let text = environment[Self.environmentVariable], !text.trimmingASCIIWhitespace().isEmpty else {
            throw ClerkWebhookError(
                .secretMissing,
                "set \(Self.environmentVariable) to the endpoint's signing secret from the Clerk Dashboard")
        }
        try self.init(text)
    }

    /// `ClerkWebhookSecret(<n> bytes, redacted)`.
    public var description: String { "ClerkWebhookSecret(\(key.count) bytes, redacted)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A reflection without the key.
    public var customMirror: Mirror { Mirror(self, children: ["key": "redacted"], displayStyle: .struct) }
}
