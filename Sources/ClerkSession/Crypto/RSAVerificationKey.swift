internal import CClerkOpenSSL

/// An RSA public key prepared once for RS256 (RSASSA-PKCS1-v1_5 with SHA-256) verification.
///
/// The key is checked against this library's key policy when it is created: RSA only, a modulus of 2048
/// to 8192 bits that is odd, and a public exponent of exactly 65537. (OpenSSL 3 loads an `e = 1` key and
/// then accepts signatures anyone can forge; only this check stops a poisoned key set.) The OpenSSL
/// `EVP_PKEY` behind it is built once, shared read-only by every thread, and freed exactly once when the
/// last reference goes away. Verification contexts are pooled per key without locks.
///
/// Create keys with ``init(modulus:exponent:)``, ``init(pem:)`` or ``init(clerkJWTKey:)``.
public final class RSAVerificationKey: Sendable, Hashable, CustomStringConvertible {
    /// Smallest accepted modulus, in bits (RFC 7518 §3.3).
    public static let minimumModulusBits = 2048
    /// Largest accepted modulus, in bits (larger keys are a CPU denial-of-service vector).
    public static let maximumModulusBits = 8192

    nonisolated(unsafe) let pkey: OpaquePointer
    /// Big-endian modulus bytes, minimal (no leading zero).
    public let modulus: [UInt8]
    /// Modulus length in bits.
    public let modulusBitCount: Int
    /// Modulus length in bytes: every RS256 signature of this key has exactly this length.
    public let modulusByteCount: Int
    let pool: VerifyContextPool

    /// Builds a key from the JWK `n` and `e` values (big-endian unsigned bytes, as decoded from base64url).
    ///
    /// - Throws: ``ClerkVerificationError`` with code `jwk-invalid` when the key breaks the key policy.
    public convenience init(modulus: [UInt8], exponent: [UInt8]) throws(ClerkVerificationError) {
        try Self.checkPolicy(modulus: modulus, exponent: exponent)
        OpenSSLRuntime.prepare()
        guard
            let pkey = modulus.withUnsafeBufferPointer({ n in
                exponent.withUnsafeBufferPointer { e in
                    cclerk_rsa_public_from_ne(n.baseAddress, n.count, e.baseAddress, e.count)
                }
            })
        else {
            throw ClerkVerificationError(
                .keyInvalid, "OpenSSL could not build an RSA key from this modulus and exponent")
        }
        self.init(adopting: pkey, modulus: modulus)
    }

    /// Builds a key without the size and exponent policy. Test vectors only (e.g. Wycheproof's e = 3 groups).
    static func unchecked(modulus: [UInt8], exponent: [UInt8]) -> RSAVerificationKey? {
        OpenSSLRuntime.prepare()
        let trimmed = Array(modulus.drop { $0 == 0 })
        guard
            let pkey = trimmed.withUnsafeBufferPointer({ n in
                exponent.withUnsafeBufferPointer { e in
                    cclerk_rsa_public_from_ne(n.baseAddress, n.count, e.baseAddress, e.count)
                }
            })
        else { return nil }
        return RSAVerificationKey(adopting: pkey, modulus: trimmed)
    }

    /// Takes ownership of `pkey` (freed in `deinit`).
    private init(adopting pkey: OpaquePointer, modulus: [UInt8]) {
        self.pkey = pkey
        self.modulus = modulus
        let bits = modulus.isEmpty ? 0 : (modulus.count - 1) * 8 + (8 - modulus[0].leadingZeroBitCount)
        self.modulusBitCount = bits
        self.modulusByteCount = (bits + 7) / 8
        self.pool = VerifyContextPool()
    }

    /// Adopts one more reference on an already-checked `EVP_PKEY` (taken by the caller).
    convenience init(adoptingShared pkey: OpaquePointer, modulus: [UInt8]) {
        self.init(adopting: pkey, modulus: modulus)
    }

    /// Adopts a decoded `EVP_PKEY` after checking that it is RSA and within the key policy.
    static func adopting(decoded pkey: OpaquePointer) throws(ClerkVerificationError) -> RSAVerificationKey {
        guard cclerk_pkey_is_rsa(pkey) == 1 else {
            EVP_PKEY_free(pkey)
            throw ClerkVerificationError(.keyInvalid, "the key is not an RSA key (kty must be RSA)")
        }
        var n = [UInt8](repeating: 0, count: 1100)
        var e = [UInt8](repeating: 0, count: 16)
        let nLength = n.withUnsafeMutableBufferPointer { cclerk_rsa_param_bytes(pkey, "n", $0.baseAddress, $0.count) }
        let eLength = e.withUnsafeMutableBufferPointer { cclerk_rsa_param_bytes(pkey, "e", $0.baseAddress, $0.count) }
        guard nLength > 0, eLength > 0 else {
            EVP_PKEY_free(pkey)
            throw ClerkVerificationError(
                .keyInvalid, "the RSA key is larger than \(maximumModulusBits) bits or unreadable")
        }
        n.removeSubrange(Int(nLength)...)
        e.removeSubrange(Int(eLength)...)
        do {
            try checkPolicy(modulus: n, exponent: e)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
        return RSAVerificationKey(adopting: pkey, modulus: n)
    }

    /// The key policy on raw `n` and `e`.
    static func checkPolicy(modulus n: [UInt8], exponent e: [UInt8]) throws(ClerkVerificationError) {
        guard let first = n.first, first != 0 else {
            throw ClerkVerificationError(.keyInvalid, "the RSA modulus is empty or has a leading zero octet")
        }
        guard e == [0x01, 0x00, 0x01] else {
            throw ClerkVerificationError(.keyInvalid, "the RSA public exponent must be exactly 65537 (AQAB)")
        }
        let bits = (n.count - 1) * 8 + (8 - first.leadingZeroBitCount)
        guard bits >= minimumModulusBits else {
            throw ClerkVerificationError(
                .keyInvalid, "the RSA key has \(bits) bits; at least \(minimumModulusBits) are required")
        }
        guard bits <= maximumModulusBits else {
            throw ClerkVerificationError(
                .keyInvalid, "the RSA key has \(bits) bits; at most \(maximumModulusBits) are accepted")
        }
        guard n[n.count - 1] & 1 == 1 else {
            throw ClerkVerificationError(.keyInvalid, "the RSA modulus is even")
        }
    }

    deinit {
        pool.drain()
        EVP_PKEY_free(pkey)
    }

    /// Whether `signature` is a valid RS256 signature of `message` under this key.
    ///
    /// The signature must be exactly ``modulusByteCount`` bytes (never padded or trimmed), and the
    /// message is hashed exactly as given.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        isValidSignature(signature, for: message, 0..<message.count)
    }

    /// Verifies over `message[range]`, the signing input as received, without copying it.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8], _ range: Range<Int>) -> Bool {
        guard signature.count == modulusByteCount else { return false }
        guard let context = pool.take() ?? VerifyContextPool.make(for: pkey) else {
            return false
        }
        let result = message.withUnsafeBufferPointer { m in
            signature.withUnsafeBufferPointer { s in
                cclerk_rs256_verify(
                    context, OpenSSLRuntime.sha256,
                    m.baseAddress.map { $0 + range.lowerBound }, range.count,
                    s.baseAddress, s.count)
            }
        }
        pool.give(context)
        return result == 1
    }

    public static func == (lhs: RSAVerificationKey, rhs: RSAVerificationKey) -> Bool {
        lhs.modulus == rhs.modulus
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(modulus) }

    /// `RSA-<bits> (n=<first hex bytes>…)`: identifies the key without printing all of it.
    public var description: String {
        let head = modulus.prefix(6).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        return "RSA-\(modulusBitCount) (n=\(head)…)"
    }
}
