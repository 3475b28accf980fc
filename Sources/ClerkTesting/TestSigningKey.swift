internal import CClerkOpenSSL
import ClerkSession

/// An RSA private key for tests: signs tokens the way Clerk does, and in the ways attackers try.
///
/// Key generation and signing use the same OpenSSL as the verifier. Never use these keys outside tests.
public final class TestSigningKey: Sendable {
    nonisolated(unsafe) private let pkey: OpaquePointer
    /// Big-endian modulus.
    public let modulus: [UInt8]
    /// Big-endian public exponent.
    public let exponent: [UInt8]

    /// Generates a key. Sizes and exponents outside the verifier's policy are allowed (to test refusal).
    public init(bits: Int = 2048, exponent: UInt = 65537) {
        OpenSSLRuntime.prepare()
        guard let pkey = cclerk_rsa_generate(Int32(bits), exponent) else {
            fatalError("OpenSSL could not generate a \(bits)-bit RSA key with e=\(exponent)")
        }
        self.pkey = pkey
        var n = [UInt8](repeating: 0, count: 2048)
        var e = [UInt8](repeating: 0, count: 16)
        let nLength = n.withUnsafeMutableBufferPointer { cclerk_rsa_param_bytes(pkey, "n", $0.baseAddress, $0.count) }
        let eLength = e.withUnsafeMutableBufferPointer { cclerk_rsa_param_bytes(pkey, "e", $0.baseAddress, $0.count) }
        self.modulus = Array(n.prefix(Int(nLength)))
        self.exponent = Array(e.prefix(Int(eLength)))
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Modulus length in bytes (the signature length).
    public var modulusByteCount: Int { modulus.count }

    /// RSASSA-PKCS1-v1_5 (or PSS) signature of `message` with the given digest ("SHA256", "SHA384", "SHA1").
    public func sign(_ message: [UInt8], digest: String = "SHA256", pss: Bool = false) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 1100)
        let length = message.withUnsafeBufferPointer { m in
            signature.withUnsafeMutableBufferPointer { s in
                cclerk_rsa_sign(pkey, digest, pss ? 1 : 0, m.baseAddress, m.count, s.baseAddress, s.count)
            }
        }
        precondition(length > 0, "OpenSSL could not sign")
        return Array(signature.prefix(Int(length)))
    }

    /// The raw RSA private operation (no padding) on `input` (exactly modulus-length bytes, below n).
    public func rawPrivateOperation(_ input: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: modulus.count)
        let length = input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                cclerk_rsa_raw_private(pkey, i.baseAddress, i.count, o.baseAddress, o.count)
            }
        }
        return length > 0 ? Array(out.prefix(Int(length))) : nil
    }

    /// The public key as PEM: SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`), or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    public func publicKeyPEM(pkcs1: Bool = false) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer {
            cclerk_public_pem(pkey, pkcs1 ? 1 : 0, $0.baseAddress, $0.count)
        }
        precondition(length > 0, "OpenSSL could not write the PEM")
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The public key as a JWK JSON object. Set `alg`/`use` to nil to leave them out.
    public func jwk(keyID: String, alg: String? = "RS256", use: String? = "sig") -> ClaimValue {
        var members: [(name: String, value: ClaimValue)] = [("kty", "RSA"), ("kid", .string(keyID))]
        if let use { members.append(("use", .string(use))) }
        if let alg { members.append(("alg", .string(alg))) }
        members.append(("n", .string(Base64URL.encode(modulus))))
        members.append(("e", .string(Base64URL.encode(exponent))))
        return .object(members)
    }

    /// The verifier's view of this key (throws when the key breaks the key policy).
    public func verificationKey() throws(ClerkVerificationError) -> RSAVerificationKey {
        try RSAVerificationKey(modulus: modulus, exponent: exponent)
    }
}
