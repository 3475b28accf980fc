internal import CClerkOpenSSL

/// SHA-1 through OpenSSL, for Clerk's cookie-name suffix only (never for anything security-bearing).
enum SHA1 {
    /// The 20-byte SHA-1 digest of `input`.
    static func digest(_ input: [UInt8]) -> [UInt8] {
        OpenSSLRuntime.prepare()
        var digest = [UInt8](repeating: 0, count: 20)
        let ok = input.withUnsafeBufferPointer { i in
            digest.withUnsafeMutableBufferPointer { d in cclerk_sha1(i.baseAddress, i.count, d.baseAddress) }
        }
        precondition(ok == 1, "OpenSSL SHA-1 failed")
        return digest
    }
}
