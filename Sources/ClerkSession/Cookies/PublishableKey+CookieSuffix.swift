extension PublishableKey {
    /// Clerk's cookie suffix for this instance: the first 8 characters of the URL-safe base64 of
    /// SHA-1(publishable key). Suffixed cookies are named `__session_<suffix>`, `__refresh_<suffix>`, …
    public var cookieSuffix: String {
        String(Base64URL.encode(SHA1.digest(Array(rawValue.utf8))).prefix(8))
    }
}
