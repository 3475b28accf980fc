import CBenchOpenSSL

/// The physical floor of a cold verify: OpenSSL 3 RS256 over the same signing input with the same key,
/// with everything prepared once (fetched SHA-256, verify-initialised PKEY context, digest context).
/// Not thread-safe: one instance per benchmark.
final class OpenSSLBaseline {
    private let context: UnsafeMutablePointer<cbench_rs256>

    init(modulus: [UInt8], exponent: [UInt8]) {
        guard
            let context = modulus.withUnsafeBufferPointer({ n in
                exponent.withUnsafeBufferPointer { e in cbench_rs256_new(n.baseAddress, n.count, e.baseAddress, e.count)
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
}
