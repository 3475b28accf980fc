internal import CClerkOpenSSL

/// HMAC-SHA256 through OpenSSL, for webhook signatures (Svix signs Clerk's webhooks with it).
package enum HMACSHA256 {
    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    package static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        OpenSSLRuntime.prepare()
        var code = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                code.withUnsafeMutableBufferPointer { c in
                    cclerk_hmac_sha256(k.baseAddress, k.count, m.baseAddress, m.count, c.baseAddress)
                }
            }
        }
        // Only an allocation failure inside OpenSSL can make a one-shot HMAC fail.
        precondition(ok == 1, "OpenSSL HMAC-SHA256 failed")
        return code
    }

    /// Whether `a` and `b` hold the same bytes, in time that depends on their lengths only (never on where
    /// they first differ).
    package static func constantTimeEquals<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
