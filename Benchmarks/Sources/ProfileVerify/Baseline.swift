import CBenchOpenSSL
import ClerkSession

/// The bare OpenSSL baseline of `ProfileVerify baseline`: the prepared RS256 verify of
/// `Benchmarks/Sources/CBenchOpenSSL/shim.h` (SHA-256 of the signing input, then `EVP_PKEY_verify` with a
/// verify-initialised context), on the same token and key as the `cold` stage. Benchmarks/callgrind-gate
/// counts the instructions inside ``baselineVerify(_:_:_:)`` and compares them with a cold verify.
final class OpenSSLBaseline {
    private let context: UnsafeMutablePointer<cbench_rs256>

    init(modulus: [UInt8], exponent: [UInt8]) {
        guard
            let context = modulus.withUnsafeBufferPointer({ n in
                exponent.withUnsafeBufferPointer { e in
                    cbench_rs256_new(n.baseAddress, n.count, e.baseAddress, e.count)
                }
            })
        else { fatalError("OpenSSL could not prepare the baseline key") }
        self.context = context
    }

    deinit { cbench_rs256_free(context) }

    @inline(__always)
    func verify(_ message: UnsafeBufferPointer<UInt8>, _ signature: UnsafeBufferPointer<UInt8>) -> Bool {
        cbench_rs256_verify(context, message.baseAddress, message.count, signature.baseAddress, signature.count) == 1
    }

    /// The baseline for ``FixedToken``: its key (`n`, `e` from the JWKS), signing input and decoded signature.
    static func forFixedToken() -> (OpenSSLBaseline, message: [UInt8], signature: [UInt8]) {
        // The JWKS has one key; its "n" and "e" strings follow the member names "n" and "e".
        let pieces = FixedToken.jwks.split(separator: "\"", omittingEmptySubsequences: false).map(String.init)
        func member(_ name: String) -> [UInt8] {
            guard let at = pieces.firstIndex(of: name), at + 2 < pieces.count,
                let value = Base64URL.decode(pieces[at + 2])
            else { fatalError("the fixture JWKS has no \(name)") }
            return value
        }
        let bytes = Array(FixedToken.token.utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")),
            let signature = Base64URL.decode(String(decoding: bytes[(dot + 1)...], as: UTF8.self))
        else { fatalError("the fixture token has no signature") }
        let baseline = OpenSSLBaseline(modulus: member("n"), exponent: member("e"))
        return (baseline, Array(bytes[..<dot]), signature)
    }
}

/// One bare verify: the function whose instructions Benchmarks/callgrind-gate counts for `baseline`.
@inline(never)
func baselineVerify(_ baseline: OpenSSLBaseline, _ message: [UInt8], _ signature: [UInt8]) -> Bool {
    message.withUnsafeBufferPointer { m in signature.withUnsafeBufferPointer { s in baseline.verify(m, s) } }
}
