import NIOHTTP1

/// One Backend API call before it is sent: method, path (under `/v1` unless unversioned), query, JSON body,
/// credential and limits.
struct APIRequest: Sendable {
    /// What spans and metrics call it.
    var operation: ClerkOperation
    /// The HTTP method.
    var method: HTTPMethod
    /// Path segments after `/v1` (after `/` when not ``versioned``), already validated (see ``PathArgument``).
    var pathSegments: [String]
    /// Whether the path starts with `/v1`; false for the machine-token verify endpoints, which Clerk serves
    /// without a version in the URL (the `Clerk-API-Version` header still applies).
    var versioned: Bool = true
    /// The key sent as `Authorization: Bearer <key>` instead of the configuration's secret key (the machine
    /// secret key for M2M verification).
    var credential: String?
    /// More text that must never reach an error or a log (the machine token a call carries); scrubbed like
    /// the secret key.
    var redacting: [String] = []
    /// Query items in order, unencoded.
    var query: [(name: String, value: String)] = []
    /// A JSON body, when the operation has one.
    var body: [UInt8]?
    /// Overrides the configuration's timeout (key sources use 5 s).
    var timeout: Duration?
    /// Overrides the configuration's response cap (key sources use 256 KiB).
    var maximumResponseBytes: Int?
    /// Whether the retry policy may apply (only idempotent GETs; key sources turn it off).
    var allowsRetries: Bool

    init(
        _ operation: ClerkOperation, _ method: HTTPMethod, _ pathSegments: [String],
        query: [(name: String, value: String)] = [], body: [UInt8]? = nil, allowsRetries: Bool? = nil
    ) {
        self.operation = operation
        self.method = method
        self.pathSegments = pathSegments
        self.query = query
        self.body = body
        self.allowsRetries = allowsRetries ?? (method == .GET)
    }

    /// `/v1/<segments>` (or `/<segments>` when not ``versioned``) with each segment percent-encoded.
    var path: String {
        (versioned ? "/v1/" : "/") + pathSegments.map(PercentEncoding.encode).joined(separator: "/")
    }

    /// `?a=b&c=d`, or empty.
    var queryString: String {
        guard !query.isEmpty else { return "" }
        return "?"
            + query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }
            .joined(separator: "&")
    }
}

/// A successful (2xx) answer.
struct APIResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }
}
