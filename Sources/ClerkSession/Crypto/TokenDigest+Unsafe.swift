internal import CClerkOpenSSL

extension TokenDigest {
    /// The digest of `token` with no allocation: OpenSSL reads the string's UTF-8 storage in place and
    /// writes into a stack buffer. The only pointer code of the machine-token cache; `TokenDigestTests`
    /// compares it with ``plainDigest(_:)`` on many inputs.
    static func digest(_ token: String) -> TokenDigest {
        OpenSSLRuntime.prepare()
        var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &out) { raw -> Int32 in
            let target = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if let done = token.utf8.withContiguousStorageIfAvailable({ bytes in
                cclerk_sha256(bytes.baseAddress, bytes.count, target)
            }) {
                return done
            }
            // A bridged or non-contiguous string: copy once.
            let bytes = Array(token.utf8)
            return bytes.withUnsafeBufferPointer { cclerk_sha256($0.baseAddress, $0.count, target) }
        }
        precondition(ok == 1, "OpenSSL SHA-256 failed")
        // The words hold the digest's bytes in memory order; read them as big-endian numbers.
        return TokenDigest(
            word0: UInt64(bigEndian: out.0), word1: UInt64(bigEndian: out.1), word2: UInt64(bigEndian: out.2),
            word3: UInt64(bigEndian: out.3))
    }
}
