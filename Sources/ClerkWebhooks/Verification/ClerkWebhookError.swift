/// Why a webhook delivery was refused, with a stable code (`webhook-…`) and a message that never holds the
/// signing secret.
public struct ClerkWebhookError: Error, Sendable, CustomStringConvertible {
    /// A stable reason code. Compare with the named members; log ``rawValue``.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: String, CaseIterable {
            case secretMissing = "webhook-secret-missing"
            case secretInvalid = "webhook-secret-invalid"
            case missingHeaders = "webhook-missing-headers"
            case invalidHeaders = "webhook-invalid-headers"
            case invalidTimestamp = "webhook-invalid-timestamp"
            case timestampTooOld = "webhook-timestamp-too-old"
            case timestampTooNew = "webhook-timestamp-too-new"
            case noMatchingSignature = "webhook-no-matching-signature"
            case bodyTooLarge = "webhook-body-too-large"
            case bodyInvalid = "webhook-body-invalid"
            case eventInvalid = "webhook-event-invalid"
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// The code as logged and printed, e.g. `webhook-no-matching-signature`.
        public var rawValue: String { backing.rawValue }
        public var description: String { backing.rawValue }

        /// No signing secret was given (`CLERK_WEBHOOK_SIGNING_SECRET` unset or empty).
        public static let secretMissing = Code(.secretMissing)
        /// The signing secret is not `whsec_` + standard base64 of at least one byte.
        public static let secretInvalid = Code(.secretInvalid)
        /// `svix-id`, `svix-timestamp` or `svix-signature` (or its `webhook-*` alternate) is absent or blank.
        public static let missingHeaders = Code(.missingHeaders)
        /// A header holds bytes outside visible ASCII, or the id holds a `.`.
        public static let invalidHeaders = Code(.invalidHeaders)
        /// The timestamp is not a plain decimal number of seconds.
        public static let invalidTimestamp = Code(.invalidTimestamp)
        /// The timestamp is older than the tolerance (300 s by default).
        public static let timestampTooOld = Code(.timestampTooOld)
        /// The timestamp is further ahead than the tolerance.
        public static let timestampTooNew = Code(.timestampTooNew)
        /// No `v1` signature of the header matches the body under the secret.
        public static let noMatchingSignature = Code(.noMatchingSignature)
        /// The body is larger than the verifier accepts.
        public static let bodyTooLarge = Code(.bodyTooLarge)
        /// The signed body is not a JSON object with a string `type`.
        public static let bodyInvalid = Code(.bodyInvalid)
        /// The signed event of a known type lacks what its type requires (e.g. a session event without `data.id`).
        public static let eventInvalid = Code(.eventInvalid)

        /// Every code, in declaration order.
        public static let allDocumented: [Code] = Backing.allCases.map(Code.init)
    }

    /// The reason.
    public let code: Code
    /// A human explanation (never the secret, never the body).
    public let message: String

    /// An error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
