import ClerkSession
import ClerkTesting
import Testing

@Suite("Verifier basics")
struct VerifierSmokeTests {
    static let issuer = TestIssuer(clock: .fixed(1_800_000_000))

    func verifier(now: Double = 1_800_000_000) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(
                issuers: [Self.issuer.issuer], authorizedParties: ["https://app.example.test"],
                clock: .fixed(now)),
            keySet: Self.issuer.keySet)
    }

    @Test func validTokenVerifies() throws {
        let token = Self.issuer.sessionToken(userID: "user_abc", sessionID: "sess_xyz")
        let session = try verifier().verify(token)
        #expect(session.userID == "user_abc")
        #expect(session.sessionID == "sess_xyz")
        #expect(session.claimsVersion == 2)
        #expect(session.authorizedParty == "https://app.example.test")
    }

    @Test func tamperedSignatureIsRejected() throws {
        var token = Self.issuer.sessionToken()
        let last = token.removeLast()
        token.append(last == "A" ? "Q" : "A")
        #expect(throws: ClerkVerificationError.self) { try verifier().verify(token) }
    }

    @Test func expiredTokenSaysBySeconds() throws {
        let token = Self.issuer.sessionToken(lifetime: 60)
        let error = #expect(throws: ClerkVerificationError.self, "expired token verified") {
            try verifier(now: 1_800_000_100).verify(token)
        }
        #expect(error?.code == .tokenExpired)
        #expect(error?.message.contains("40 s ago") == true)
    }
}
