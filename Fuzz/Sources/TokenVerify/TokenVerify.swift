import ClerkSession
import FuzzFixtures

/// Bytes as a token string, verified with the fixture keys and policy, with and without the
/// verified-token cache. Properties: no crash, no hang; both verifiers agree; only the fixture tokens
/// (byte-identical) ever verify, and they verify to their own claims.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let token = String(decoding: bytes, as: UTF8.self)

    let cached: Result<VerifiedSession, ClerkVerificationError> = Result { () throws(ClerkVerificationError) in
        try Fixtures.cachedVerifier.verify(token)
    }
    let uncached: Result<VerifiedSession, ClerkVerificationError> = Result { () throws(ClerkVerificationError) in
        try Fixtures.uncachedVerifier.verify(token)
    }
    switch (cached, uncached) {
    case (.success(let a), .success(let b)):
        guard Fixtures.isValidToken(token.utf8) else {
            fuzzFailure("a token that is not one of the fixture tokens verified")
        }
        guard a.userID == b.userID, a.sessionID == b.sessionID, a.userID.hasPrefix("user_") else {
            fuzzFailure("cached and uncached verification disagree on the claims")
        }
    case (.failure(let a), .failure(let b)):
        guard a.code == b.code else {
            fuzzFailure("cached and uncached verification fail differently: \(a.code) vs \(b.code)")
        }
        // Error texts are built for logs: they must stay bounded even for hostile input.
        guard String(describing: a).utf8.count < 4096 else {
            fuzzFailure("an error description is unbounded (\(String(describing: a).utf8.count) bytes)")
        }
    default:
        fuzzFailure("the verified-token cache changed the outcome")
    }
    if case .failure(let error) = uncached, Fixtures.isValidToken(token.utf8) {
        fuzzFailure("a fixture token failed to verify: \(error.code)")
    }
    return 0
}
