/// A failed Backend API call: Clerk's error envelope, an unexpected body, a transport failure, a timeout,
/// or an argument refused before anything was sent.
///
/// The secret key never appears in an error: not in ``description``, not in ``bodyExcerpt``.
public struct ClerkAPIError: Error, Sendable, CustomStringConvertible {
    /// The class of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// Clerk answered with an error status (see ``ClerkAPIError/status`` and ``ClerkAPIError/errors``).
        public static let http = Kind(name: "http")
        /// The connection failed (refused, reset, TLS, DNS).
        public static let transport = Kind(name: "transport")
        /// No complete answer within the timeout.
        public static let timeout = Kind(name: "timeout")
        /// A 2xx answer whose body could not be decoded.
        public static let invalidResponse = Kind(name: "invalid-response")
        /// An argument was refused before sending (empty id, path traversal, out-of-range limit).
        public static let invalidArgument = Kind(name: "invalid-argument")
        /// The deprecated verify endpoint was called without the legacy compatibility flag; nothing was sent.
        public static let deprecatedEndpointDisabled = Kind(name: "deprecated-endpoint-disabled")
        /// Clerk answered 410 Gone: the endpoint is retired (`operation_deprecated`).
        public static let endpointGone = Kind(name: "endpoint-gone")
        /// The calling task was cancelled before an answer arrived.
        public static let cancelled = Kind(name: "cancelled")
    }

    /// One entry of Clerk's `errors` array.
    public struct ClerkError: Sendable, Hashable, Codable {
        /// A short message, e.g. `Session not found`.
        public var message: String
        /// A longer explanation, when given.
        public var longMessage: String?
        /// Clerk's error code, e.g. `resource_not_found` (an open set of strings).
        public var code: String
        /// `meta` as JSON text, when present.
        public var meta: String?

        /// An error entry.
        public init(message: String, longMessage: String? = nil, code: String, meta: String? = nil) {
            self.message = message
            self.longMessage = longMessage
            self.code = code
            self.meta = meta
        }
    }

    /// The class of failure.
    public var kind: Kind
    /// The HTTP status, for `.http` and `.endpointGone` (and `.invalidResponse`).
    public var status: Int?
    /// Clerk's errors, when the body was Clerk's envelope.
    public var errors: [ClerkError]
    /// `clerk_trace_id` from the body, or the `Clerk-Trace-Id` header.
    public var traceID: String?
    /// The wait that `Retry-After` asked for, when given (429, 503).
    public var retryAfter: Duration?
    /// The first bytes of a body that was not Clerk's envelope (at most 512 bytes, secret-free).
    public var bodyExcerpt: String?
    /// A human summary.
    public var message: String

    /// An error; the library builds these, tests and adapters may too.
    public init(
        kind: Kind, status: Int? = nil, errors: [ClerkError] = [], traceID: String? = nil,
        retryAfter: Duration? = nil, bodyExcerpt: String? = nil, message: String
    ) {
        self.kind = kind
        self.status = status
        self.errors = errors
        self.traceID = traceID
        self.retryAfter = retryAfter
        self.bodyExcerpt = bodyExcerpt
        self.message = message
    }

    /// The CLI's code: `http-<status>` for HTTP failures, else the kind (`transport`, `timeout`, …).
    public var code: String {
        if let status, kind == .http || kind == .endpointGone || kind == .invalidResponse { return "http-\(status)" }
        return kind.name
    }

    /// Everything after the CLI code: `<clerk code>: <message>` when Clerk sent its envelope, else ``message``.
    public var detail: String {
        if let first = errors.first { return "\(first.code): \(first.message)" }
        return message
    }

    /// `<code>: <clerk code>: <message>`, e.g. `http-404: resource_not_found: Session not found`.
    public var description: String {
        if let first = errors.first { return "\(code): \(first.code): \(first.message)" }
        return "\(code): \(message)"
    }
}
