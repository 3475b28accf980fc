#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Clerk's error envelope on the wire.
struct ClerkErrorEnvelope: Decodable {
    struct Entry: Decodable {
        var message: String
        var longMessage: String?
        var code: String
        var meta: ClerkJSONValue?
        enum CodingKeys: String, CodingKey {
            case message, code, meta
            case longMessage = "long_message"
        }
    }
    var errors: [Entry]
    var clerkTraceID: String?
    enum CodingKeys: String, CodingKey {
        case errors
        case clerkTraceID = "clerk_trace_id"
    }
}

extension ClerkAPIError {
    /// The largest body excerpt kept in an error.
    package static let excerptLimit = 512

    /// The error for a non-2xx answer: Clerk's envelope when the body is one, else a body excerpt.
    ///
    /// - Parameter header: the answer's first value of a header, by name (ASCII case-insensitive).
    package init(status: Int, header: (String) -> String?, body: [UInt8], now: Double) {
        let envelope = try? JSONDecoder().decode(ClerkErrorEnvelope.self, from: Data(body))
        let errors = (envelope?.errors ?? []).map {
            ClerkError(message: $0.message, longMessage: $0.longMessage, code: $0.code, meta: $0.meta?.jsonText)
        }
        let trace = envelope?.clerkTraceID ?? header("Clerk-Trace-Id")
        let retryAfter = RetryAfter.seconds(header("Retry-After"), now: now)
        let excerpt: String? = envelope == nil && !body.isEmpty ? Self.excerpt(body) : nil
        let kind: Kind = status == 410 ? .endpointGone : .http
        var message: String
        if status == 410 {
            message =
                "Clerk answered 410 Gone: the endpoint is deprecated and retired; use networkless verification instead"
        } else if let first = errors.first,
            let text = [first.longMessage, first.message]
                .compactMap({ $0 }).first(where: { $0.contains { !$0.isWhitespace } })
        {
            message = text
        } else {
            message = "Clerk answered HTTP \(status)"
        }
        if let retryAfter { message += " (Retry-After: \(retryAfter) s)" }
        self.init(
            kind: kind, status: status, errors: errors, traceID: trace, retryAfter: retryAfter.map { .seconds($0) },
            bodyExcerpt: excerpt, message: message)
    }

    /// The first bytes of `body` as text (invalid UTF-8 replaced), at most ``excerptLimit`` bytes.
    package static func excerpt(_ body: [UInt8]) -> String {
        var text = String(decoding: body.prefix(excerptLimit), as: UTF8.self)
        if body.count > excerptLimit { text += "…" }
        return text
    }

    /// A copy in which no text contains `secret` or a whole session token (Clerk may echo either).
    package func scrubbing(secret: String) -> ClerkAPIError {
        func clean(_ text: String) -> String {
            SecretRedaction.scrubTokens(SecretRedaction.scrub(text, secret: secret))
        }
        var copy = self
        copy.message = clean(message)
        copy.bodyExcerpt = bodyExcerpt.map(clean)
        copy.errors = errors.map {
            ClerkError(
                message: clean($0.message), longMessage: $0.longMessage.map(clean),
                code: clean($0.code), meta: $0.meta.map(clean))
        }
        copy.traceID = traceID.map(clean)
        return copy
    }
}
