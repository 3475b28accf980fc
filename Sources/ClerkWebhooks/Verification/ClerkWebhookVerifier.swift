import ClerkSession

/// Verifies Clerk webhook deliveries as Svix signs them, then reads the event.
///
/// ```swift
/// let verifier = try ClerkWebhookVerifier(secret: ClerkWebhookSecret(environment: env))
/// let delivery = try verifier.verify(body: rawBodyBytes, headers: requestHeaders)
/// if case .session(let session) = delivery.event.payload, delivery.event.type == .sessionRevoked { … }
/// ```
///
/// The checks, in Svix's order: body size → the three headers (`svix-id`, `svix-timestamp`,
/// `svix-signature`, each falling back to its `webhook-*` alternate; blank counts as absent) → the timestamp,
/// a plain decimal within ``Configuration/tolerance`` of now, both ways → HMAC-SHA256 (OpenSSL) of
/// `{id}.{timestamp}.{body}` over the raw body bytes, compared in constant time with every `v1,` entry of the
/// signature header (other versions are ignored) → only then the body is parsed as JSON.
public struct ClerkWebhookVerifier: Sendable {
    /// Limits and the clock.
    public struct Configuration: Sendable {
        /// How far the delivery's timestamp may be from now, either way (Svix: 300 s).
        public var tolerance: Duration
        /// The largest body accepted (default 1 MiB); a larger one is refused before any HMAC.
        public var maximumBodyBytes: Int
        /// The clock the timestamp is judged by.
        public var clock: ClerkClock

        /// Svix's tolerance, a 1 MiB body cap, the system clock.
        public init(tolerance: Duration = .seconds(300), maximumBodyBytes: Int = 1 << 20, clock: ClerkClock = .system) {
            self.tolerance = tolerance
            self.maximumBodyBytes = maximumBodyBytes
            self.clock = clock
        }
    }

    /// The signing secret.
    public let secret: ClerkWebhookSecret
    /// Limits and the clock.
    public let configuration: Configuration

    /// A verifier for one endpoint's secret.
    public init(secret: ClerkWebhookSecret, configuration: Configuration = Configuration()) {
        self.secret = secret
        self.configuration = configuration
    }

    /// A verifier with the secret of `CLERK_WEBHOOK_SIGNING_SECRET` in `environment`.
    public init(environment: [String: String], configuration: Configuration = Configuration())
        throws(ClerkWebhookError)
    {
        self.init(secret: try ClerkWebhookSecret(environment: environment), configuration: configuration)
    }

    /// Verifies one delivery and reads its event.
    ///
    /// - Parameters:
    ///   - body: the request body exactly as received (never re-serialised JSON).
    ///   - headers: the request headers, names in any case.
    /// - Throws: ``ClerkWebhookError``; answer 400 to the sender for any of them.
    public func verify(body: [UInt8], headers: [(name: String, value: String)]) throws(ClerkWebhookError)
        -> ClerkWebhookDelivery
    {
        let signed = try verifySignature(body: body, headers: headers)
        let event = try ClerkWebhookEvent(json: body)
        return ClerkWebhookDelivery(id: signed.id, timestamp: signed.timestamp, event: event)
    }

    /// The signature checks alone (no JSON parsing): the delivery's id and timestamp when they pass.
    public func verifySignature(body: [UInt8], headers: [(name: String, value: String)]) throws(ClerkWebhookError)
        -> (id: String, timestamp: Int64)
    {
        guard body.count <= configuration.maximumBodyBytes else {
            throw ClerkWebhookError(
                .bodyTooLarge, "the body is \(body.count) bytes; at most \(configuration.maximumBodyBytes) are accepted"
            )
        }
        let id = Self.header("svix-id", "webhook-id", in: headers)
        let timestampText = Self.header("svix-timestamp", "webhook-timestamp", in: headers)
        let signatures = Self.header("svix-signature", "webhook-signature", in: headers)
        let missing = [("svix-id", id), ("svix-timestamp", timestampText), ("svix-signature", signatures)]
            .filter { $0.1 == nil }.map(\.0)
        guard let id, let timestampText, let signatures else {
            throw ClerkWebhookError(.missingHeaders, "missing webhook headers: \(missing.joined(separator: ", "))")
        }
        guard Self.isVisibleASCII(id), !id.utf8.contains(UInt8(ascii: ".")),
            Self.isVisibleASCII(signatures, space: true)
        else {
            throw ClerkWebhookError(
                .invalidHeaders,
                "the svix-id or svix-signature header holds bytes outside visible ASCII, or the id a '.'")
        }
        guard let timestamp = Self.strictSeconds(timestampText) else {
            throw ClerkWebhookError(.invalidTimestamp, "svix-timestamp is not a whole number of seconds")
        }
        let now = configuration.clock.now()
        let tolerance =
            Double(configuration.tolerance.components.seconds)
            + Double(configuration.tolerance.components.attoseconds) / 1e18
        guard now.isFinite else {
            throw ClerkWebhookError(
                .invalidTimestamp, "the clock returned a non-finite time; no timestamp can be judged")
        }
        if now - Double(timestamp) > tolerance {
            throw ClerkWebhookError(
                .timestampTooOld,
                "the delivery is more than \(configuration.tolerance) old (svix-timestamp \(timestamp))")
        }
        if Double(timestamp) - now > tolerance {
            throw ClerkWebhookError(
                .timestampTooNew,
                "the delivery is more than \(configuration.tolerance) in the future (svix-timestamp \(timestamp))")
        }
        var message: [UInt8] = []
        message.reserveCapacity(id.utf8.count + 24 + body.count)
        message.append(contentsOf: id.utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message.append(contentsOf: body)
        let expected = Array(
            StandardBase64.encode(HMACSHA256.authenticationCode(key: secret.key, message: message)).utf8)
        var matched = false
        for entry in signatures.utf8.split(separator: UInt8(ascii: " ")) {
            guard let comma = entry.firstIndex(of: UInt8(ascii: ",")),
                entry[..<comma].elementsEqual("v1".utf8)
            else { continue }
            // Every v1 entry is compared in full (no early exit on a match), each in constant time.
            if HMACSHA256.constantTimeEquals(entry[entry.index(after: comma)...], expected) { matched = true }
        }
        guard matched else {
            throw ClerkWebhookError(.noMatchingSignature, "no v1 signature matches the body under the signing secret")
        }
        return (id, timestamp)
    }

    /// The trimmed value of `primary`, else of `alternate`; nil when both are absent or blank.
    static func header(_ primary: String, _ alternate: String, in headers: [(name: String, value: String)])
        -> String?
    {
        for name in [primary, alternate] {
            if let header = headers.first(where: { $0.name.caseInsensitiveEquals(name) }) {
                let value = header.value.trimmingASCIIWhitespace()
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    static func isVisibleASCII(_ text: String, space: Bool = false) -> Bool {
        text.utf8.allSatisfy { (0x21...0x7E).contains($0) || (space && $0 == 0x20) }
    }

    /// `^[0-9]{1,12}$` as seconds (12 digits reach the year 33658: anything longer is not a delivery time).
    static func strictSeconds(_ text: String) -> Int64? {
        let bytes = text.utf8
        guard (1...12).contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return bytes.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
    }
}
