import ClerkSession

// Every public type that carries a refresh token, a whole session token or a cookie holding one shows
// only sizes and names in `description`, `debugDescription` and its mirror (`dump`, `print`,
// string interpolation, debuggers). The secret key's own carrier is `ClerkBackendClient.Configuration`.

/// `<n bytes>` for a credential's text: its size, nothing of its content.
func redactedSize(_ text: String) -> String { "<\(text.utf8.count) bytes redacted>" }

extension RefreshSessionRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A summary with the expired token, the refresh token and every forwarded header value redacted.
    public var description: String {
        "RefreshSessionRequest(expiredToken: \(redactedSize(expiredToken)), refreshToken: \(redactedSize(refreshToken)), "
            + "requestOrigin: \(requestOrigin), requestOriginatingIP: \(requestOriginatingIP ?? "none"), "
            + "requestHeaders: \(redactedHeaderNames), format: \(format?.rawValue ?? "default"))"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A reflection with the same redactions.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "expiredToken": redactedSize(expiredToken),
                "refreshToken": redactedSize(refreshToken),
                "requestOrigin": requestOrigin,
                "requestOriginatingIP": requestOriginatingIP as Any,
                "requestHeaders": redactedHeaderNames,
                "format": format as Any,
            ], displayStyle: .struct)
    }

    private var redactedHeaderNames: String {
        guard let requestHeaders else { return "none" }
        return "[" + requestHeaders.keys.sorted().map { "\($0): <redacted>" }.joined(separator: ", ") + "]"
    }
}

extension SessionRefreshResult: CustomDebugStringConvertible, CustomReflectable {
    /// Same as ``description``: no token value.
    public var debugDescription: String { description }
    /// A reflection without token values.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .enum) }
}

extension AuthenticationResult: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The outcome with the session's ids and the reason, never a cookie value.
    public var description: String {
        switch self {
        case .signedIn(let session, let cookies):
            "signedIn(user: \(session.userID), session: \(session.sessionID), responseCookies: \(cookies.count) directives redacted)"
        case .signedInMachine(let identity):
            "signedInMachine(\(identity.kind.rawValue), subject: \(identity.subject))"
        case .signedOut(let reason):
            "signedOut(\(reason.code))"
        case .keysUnavailable(let error):
            "keysUnavailable(\(error.code))"
        case .handshake(let handshake):
            "handshake(\(handshake.reason), \(handshake.headers.count) header fields redacted)"
        }
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A reflection without cookie values.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description], displayStyle: .enum) }
}

extension ClerkRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The method and header names; the values of `Authorization` and `Cookie` are redacted.
    public var description: String {
        "ClerkRequest(\(method), headers: [" + redactedHeaders.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
            + "])"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A reflection with the credential headers redacted.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method, "headers": redactedHeaders.map { "\($0.name): \($0.value)" },
                "remoteAddress": remoteAddress as Any,
            ], displayStyle: .struct)
    }

    private var redactedHeaders: [(name: String, value: String)] {
        headers.map { header in
            let secret =
                header.name.caseInsensitiveEquals("Authorization") || header.name.caseInsensitiveEquals("Cookie")
                || header.name.caseInsensitiveEquals("Proxy-Authorization")
            return (header.name, secret ? redactedSize(header.value) : header.value)
        }
    }
}

extension ClerkCookieJar: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The cookie names; every value redacted.
    public var description: String {
        "ClerkCookieJar([" + pairs.map { "\($0.name)=\(redactedSize($0.value))" }.joined(separator: ", ") + "])"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A reflection with every value redacted.
    public var customMirror: Mirror {
        Mirror(self, children: ["cookies": pairs.map { "\($0.name)=\(redactedSize($0.value))" }], displayStyle: .struct)
    }
}
