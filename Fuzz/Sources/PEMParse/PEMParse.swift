import ClerkSession
import FuzzFixtures

/// Bytes as `CLERK_JWT_KEY` text (any accepted form) and as a strict PEM. Properties: no crash or hang,
/// no leak (ASan), an accepted key obeys the key policy, and a strict PEM that loads also loads leniently
/// to the same key.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lenient = try? RSAVerificationKey(clerkJWTKey: text)
    if let lenient {
        let bits = lenient.modulusBitCount
        guard bits >= RSAVerificationKey.minimumModulusBits, bits <= RSAVerificationKey.maximumModulusBits,
            lenient.modulusByteCount == (bits + 7) / 8, lenient.modulus.last.map({ $0 & 1 == 1 }) == true
        else {
            fuzzFailure("an accepted key breaks the key policy (\(bits) bits)")
        }
        // A pinned set built from it must be usable.
        let set = SessionKeySet(pinned: lenient, issuer: Fixtures.issuer)
        guard set.keys.count == 1 else { fuzzFailure("a pinned key set without its key") }
    }
    if let strict = try? RSAVerificationKey(pem: text) {
        guard let lenient, lenient == strict else {
            fuzzFailure("a strict PEM loads but the lenient form does not agree")
        }
    }
    return 0
}
