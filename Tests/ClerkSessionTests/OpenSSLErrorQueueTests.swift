import CClerkOpenSSL
import ClerkTesting
import Testing

@testable import ClerkSession

/// Issue 12 (7): key decoding, parameter reads and context set-up leave nothing on the thread's
/// OpenSSL error queue, on success as on failure, and keep what the caller had there.
@Suite("OpenSSL error queue hygiene")
struct OpenSSLErrorQueueTests {
    static let signingKey = TestSigningKey()

    /// Every key-building path of the package, successful and failing.
    static func exerciseKeyPaths() {
        let key = signingKey
        _ = try? RSAVerificationKey(pem: key.publicKeyPEM())
        _ = try? RSAVerificationKey(pem: key.publicKeyPEM(pkcs1: true))
        _ = try? RSAVerificationKey(clerkJWTKey: key.publicKeyPEM())
        _ = try? RSAVerificationKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        _ = try? RSAVerificationKey(pem: "-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----\n")
        _ = try? RSAVerificationKey(modulus: key.modulus, exponent: [1, 0, 1])
        _ = try? RSAVerificationKey(modulus: [0x00, 0x01], exponent: [1, 0, 1])
        _ = try? RSAVerificationKey(modulus: key.modulus, exponent: [])
        let jwks = ClaimValue.object([
            ("keys", [key.jwk(keyID: "a"), .object([("kty", "RSA"), ("kid", "b"), ("n", "AQ"), ("e", "AQAB")])])
        ])
        _ = try? SessionKeySet(jwksText: jwks.jsonText)
        if let verificationKey = try? RSAVerificationKey(pem: key.publicKeyPEM()) {
            let message = Array("header.payload".utf8)
            _ = verificationKey.isValidSignature(key.sign(message), for: message, 0..<message.count)
            _ = verificationKey.isValidSignature(
                [UInt8](repeating: 7, count: key.modulusByteCount), for: message, 0..<message.count)
        }
    }

    @Test("an empty queue stays empty")
    func nothingLeftBehind() {
        cclerk_clear_errors()
        Self.exerciseKeyPaths()
        #expect(cclerk_peek_first_error() == 0)
    }

    @Test("the caller's own entry survives, and nothing is added after it")
    func callerEntryKept() {
        // Built first: ClerkTesting's signing helpers clear the queue themselves.
        let pem = Self.signingKey.publicKeyPEM()
        let modulus = Self.signingKey.modulus
        cclerk_clear_errors()
        cclerk_push_test_error()
        let mine = cclerk_peek_last_error()
        #expect(mine != 0)
        // Key decoding and parameter reads (not the verify path, which clears the queue when it fails).
        _ = try? RSAVerificationKey(pem: pem)
        _ = try? RSAVerificationKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        _ = try? RSAVerificationKey(pem: "-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----\n")
        _ = try? RSAVerificationKey(modulus: modulus, exponent: [1, 0, 1])
        _ = try? RSAVerificationKey(modulus: modulus, exponent: [])
        #expect(cclerk_peek_last_error() == mine)
        #expect(cclerk_peek_first_error() == mine)
        cclerk_clear_errors()
    }
}
