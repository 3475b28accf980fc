internal import CClerkOpenSSL

extension PublishableKey {
    /// Clerk's cookie suffix for this instance: the first 8 characters of the URL-safe base64 of
    /// SHA-1(publishable key). Suffixed cookies are named `__session_<suffix>`, `__refresh_<suffix>`, …
    public var cookieSuffix: String {
        let input = Array(rawValue.utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        let ok = input.withUnsafeBufferPointer { i in
            digest.withUnsafeMutableBufferPointer { d in cclerk_sha1(i.baseAddress, i.count, d.baseAddress) }
        }
        precondition(ok == 1, "OpenSSL SHA-1 failed")
        return String(Base64URL.encode(digest).prefix(8))
    }
}
