import ClerkTesting
import Testing

@testable import ClerkSession

/// Issue 12 (3): no configuration and no clock can make a token immortal. A bad policy is refused
/// where it is built and by every verification; each time rule rejects NaN.
@Suite("Time checks fail closed")
struct FailClosedTimeTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static let expired = issuer.sessionToken(issuedAt: now - 3600)
    static let valid = issuer.sessionToken()

    static func verifier(skew: Duration = .seconds(5), clock: ClerkClock = .fixed(now)) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], clockSkew: skew, clock: clock),
            keySet: issuer.keySet)
    }

    /// The skew is a `Duration`, so a non-finite skew cannot be written; the negative and the huge still can.
    @Test(
        "a negative or huge clock skew is a configuration error, at validation and on every token",
        arguments: [
            Duration.seconds(Int64.min), .seconds(-1), .milliseconds(-1), .milliseconds(3_600_500),
            .seconds(Int64.max),
        ])
    func badSkew(_ skew: Duration) {
        let configuration = SessionTokenVerifier.Configuration(issuers: [Self.issuer.issuer], clockSkew: skew)
        let invalid = #expect(throws: ClerkVerificationError.self) { try configuration.validate() }
        #expect(invalid?.code == .configurationInvalid)
        #expect(invalid?.isKeyUnavailable == false)
        let verifier = Self.verifier(skew: skew)
        for token in [Self.expired, Self.valid] {
            let error = #expect(throws: ClerkVerificationError.self, "skew \(skew) accepted a token") {
                try verifier.verify(token)
            }
            #expect(error?.code == .configurationInvalid)
        }
    }

    @Test("good skews validate", arguments: [Duration.zero, .seconds(5), .seconds(60), .seconds(3600)])
    func goodSkew(_ skew: Duration) throws {
        try SessionTokenVerifier.Configuration(issuers: [Self.issuer.issuer], clockSkew: skew).validate()
        #expect((try? Self.verifier(skew: skew).verify(Self.valid)) != nil)
    }

    @Test("other policy fields are validated too")
    func otherFields() {
        var configuration = SessionTokenVerifier.Configuration(issuers: [Self.issuer.issuer])
        configuration.maximumTokenBytes = 0
        #expect(throws: ClerkVerificationError.self) { try configuration.validate() }
        configuration = .init(issuers: [Self.issuer.issuer])
        configuration.verifiedTokenCacheCapacity = -1
        #expect(throws: ClerkVerificationError.self) { try configuration.validate() }
    }

    @Test(
        "a clock that returns NaN or infinity signs nobody in, cache hit or not",
        arguments: [Double.nan, .infinity, -.infinity])
    func brokenClock(_ reading: Double) throws {
        let flip = Locked(false)
        let clock = ClerkClock { flip.withLock { $0 } ? reading : Self.now }
        let verifier = Self.verifier(clock: clock)
        _ = try verifier.verify(Self.valid)  // cached under a sane clock
        flip.withLock { $0 = true }
        for token in [Self.valid, Self.expired] {
            let error = #expect(throws: ClerkVerificationError.self, "a clock reading \(reading) accepted a token") {
                try verifier.verify(token)
            }
            #expect(error?.code == .configurationInvalid)
        }
    }

    @Test("every time rule rejects NaN in any position")
    func checkTimesRejectsNaN() {
        let verifier = Self.verifier()
        let cases: [(Double, Double?, Double?, Double)] = [
            (.nan, nil, nil, Self.now), (Self.now + 60, .nan, nil, Self.now), (Self.now + 60, nil, .nan, Self.now),
            (Self.now + 60, nil, nil, .nan),
        ]
        for (exp, nbf, iat, now) in cases {
            #expect(
                throws: ClerkVerificationError.self,
                "exp \(exp) nbf \(String(describing: nbf)) iat \(String(describing: iat)) now \(now)"
            ) {
                try verifier.checkTimes(expiresAt: exp, notBefore: nbf, issuedAt: iat, now: now)
            }
        }
    }
}
