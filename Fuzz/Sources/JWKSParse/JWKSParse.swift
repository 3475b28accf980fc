import ClerkSession
import FuzzFixtures

/// Bytes as a JWKS document. Properties: no crash or hang; an accepted set has 1 to 64 usable keys with
/// distinct, non-empty kids, each an RSA key of 2048 to 8192 bits; its skipped keys carry a reason.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for issuer in [nil, Fixtures.issuer] {
        let set: SessionKeySet
        do {
            set = try SessionKeySet(jwks: bytes, issuer: issuer, isRemote: issuer != nil)
        } catch {
            guard String(describing: error).utf8.count < 4096 else { fuzzFailure("an unbounded error description") }
            continue
        }
        guard (1...SessionKeySet.maximumKeyCount).contains(set.keys.count) else {
            fuzzFailure("an accepted key set has \(set.keys.count) usable keys")
        }
        guard Set(set.keyIDs).count == set.keyIDs.count, !set.keyIDs.contains("") else {
            fuzzFailure("an accepted key set has duplicate or empty kids")
        }
        for key in set.keys {
            let bits = key.key.modulusBitCount
            guard bits >= RSAVerificationKey.minimumModulusBits, bits <= RSAVerificationKey.maximumModulusBits else {
                fuzzFailure("an accepted key has \(bits) bits")
            }
            guard set.key(forKeyID: key.keyID) === key.key else { fuzzFailure("a usable kid does not find its key") }
        }
        for skipped in set.skipped where skipped.reason.isEmpty { fuzzFailure("a skipped key without a reason") }
    }
    return 0
}
