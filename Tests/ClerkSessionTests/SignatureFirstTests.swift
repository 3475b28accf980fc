import ClerkTesting
import Testing

@testable import ClerkSession

/// README, verification policy: the signature is "checked before any claim". Tokens whose claims break
/// several rules at once (expired, wrong issuer, wrong azp, not yet valid, pending, no sub, or no JSON at
/// all) fail with `token-invalid-signature` when their signature is bad; the same claims under a good
/// signature fail with the claim's own code, which shows the claims are bad enough to be caught.
@Suite("Signature before claims")
struct SignatureFirstTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(keyID: "ins_main", clock: .fixed(now))
    /// Another key published nowhere, signing under the issuer's kid (what a forger would do).
    static let forger = TestSigningKey()

    static var verifier: SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty],
                clock: .fixed(now), verifiedTokenCacheCapacity: 0),
            keySet: issuer.keySet)
    }

    /// Bad claim sets, with the code each gets under a genuine signature.
    static let badClaims: [(label: String, claims: String, codes: Set<ClerkVerificationError.Code>)] = {
        let wrongIssuer = TestIssuer(
            frontendAPIHost: "evil.example.test", clock: .fixed(now), signingKey: issuer.currentKey.signingKey)
        func json(_ claims: [(name: String, value: ClaimValue)]) -> String { ClaimValue.object(claims).jsonText }
        return [
            (
                "expired and wrong issuer", json(wrongIssuer.sessionClaims(issuedAt: now - 7200)),
                [.tokenExpired, .tokenInvalidIssuer]
            ),
            ("wrong issuer", json(wrongIssuer.sessionClaims()), [.tokenInvalidIssuer]),
            (
                "unlisted azp", json(issuer.sessionClaims(authorizedParty: "https://evil.example.test")),
                [.tokenInvalidAuthorizedParties]
            ),
            (
                "not yet valid", json(issuer.sessionClaims(issuedAt: now + 3600)),
                [.tokenNotActiveYet, .tokenIssuedInTheFuture]
            ),
            (
                "pending",
                json(
                    issuer.sessionClaims().map {
                        $0.name == "sts" ? (name: "sts", value: ClaimValue.string("pending")) : $0
                    }), [.sessionPending]
            ),
            ("no sub", json(issuer.sessionClaims().filter { $0.name != "sub" }), [.tokenMissingClaim]),
            ("not JSON", "not json at all", [.tokenMalformed]),
        ]
    }()

    @Test("Bad signature and bad claims: token-invalid-signature, whatever the claims")
    func signatureFirst() {
        let header = ClaimValue.object(Self.issuer.sessionHeader()).jsonText
        for bad in Self.badClaims {
            let genuine = Self.issuer.token(headerJSON: header, claimsJSON: bad.claims)
            let forged = Self.issuer.token(headerJSON: header, claimsJSON: bad.claims, signingKey: Self.forger)
            // One character inside the signature (not the last, whose low bits must stay zero).
            var characters = Array(genuine)
            let position = characters.count - 20
            characters[position] = characters[position] == "A" ? "B" : "A"
            let tampered = String(characters)
            let code = Self.code(genuine)
            #expect(
                code.map(bad.codes.contains) == true,
                "\(bad.label), genuine signature: \(code.map(\.rawValue) ?? "verified")")
            #expect(Self.code(forged) == .tokenInvalidSignature, "\(bad.label), signed by another key")
            #expect(Self.code(tampered) == .tokenInvalidSignature, "\(bad.label), tampered signature")
        }
    }

    static func code(_ token: String) -> ClerkVerificationError.Code? {
        do {
            _ = try verifier.verify(token)
            return nil
        } catch {
            return error.code
        }
    }
}
