// A process that uses OpenSSL through the library the way a thread still at work while the process exits
// would: after every exit handler that OpenSSL could have registered. `OpenSSLExitTests` runs it.
//
// Prints one line: `ok` when a verification with an existing key, a new key and an HMAC all still work in
// the last exit handler; else it names what failed and ends with status 3. Without the library's
// `OPENSSL_INIT_NO_ATEXIT`, OpenSSL's cleanup runs first and the process fails or crashes here.
import ClerkSession
import ClerkTesting

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#endif

/// What the exit handler checks, made before any OpenSSL call of the process.
enum ExitProbe {
    static let signingKey = TestSigningKey()
    static let message = Array("header.payload".utf8)
    static let signature = signingKey.sign(message)
    static let key: RSAVerificationKey? = try? signingKey.verificationKey()

    /// The names of the checks that fail now.
    static func failures() -> [String] {
        var failed: [String] = []
        if key?.isValidSignature(signature, for: message) != true { failed.append("existing key") }
        let fresh = try? RSAVerificationKey(modulus: signingKey.modulus, exponent: signingKey.exponent)
        if fresh?.isValidSignature(signature, for: message) != true { failed.append("new key") }
        // RFC 4231 test case 2.
        let code = HMACSHA256.authenticationCode(
            key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        if code.prefix(4) != [0x5b, 0xdc, 0xc1, 0x46] { failed.append("HMAC") }
        return failed
    }
}

// Registered before the first OpenSSL call: exit handlers run in the reverse order of registration, so this
// one runs after OpenSSL's cleanup whenever OpenSSL registers one.
atexit {
    let failed = ExitProbe.failures()
    print(failed.isEmpty ? "ok" : "failed after the exit handlers: \(failed.joined(separator: ", "))")
    fflush(stdout)
    if !failed.isEmpty { _exit(3) }
}

// The first OpenSSL use: OpenSSL initialises here.
guard ExitProbe.failures().isEmpty else {
    print("failed before exit: \(ExitProbe.failures().joined(separator: ", "))")
    exit(4)
}
exit(0)
