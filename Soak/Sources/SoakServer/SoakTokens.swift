import ClerkBackend
import ClerkSession
import ClerkTesting

/// The token kinds the load mixes, and the status each must get from the protected route.
enum TokenKind: String, CaseIterable, Sendable {
    case valid, repeated, expired, tampered, wrongIssuer = "wrong-issuer"

    var expectedStatus: Int {
        switch self {
        case .valid, .repeated: 200
        case .expired, .tampered, .wrongIssuer: 401
        }
    }
}

/// Mints the tokens once, at start-up: long-lived valid ones (so they stay valid for the whole run as
/// long as their key is published), and the invalid kinds.
enum SoakTokens {
    static func mint(server: FakeClerkServer, validCount: Int = 32) -> [(kind: TokenKind, token: String)] {
        let issuer = server.issuer
        let now = issuer.clock.now()
        var tokens: [(kind: TokenKind, token: String)] = []
        for index in 0..<validCount {
            let (session, _) = server.createSession(userID: "user_soak_\(index)")
            tokens.append((.valid, issuer.sessionToken(userID: session.userID, sessionID: session.id, lifetime: 86_400)))
        }
        let (session, _) = server.createSession(userID: "user_soak_repeated")
        tokens.append((.repeated, issuer.sessionToken(userID: session.userID, sessionID: session.id, lifetime: 86_400)))
        for index in 0..<8 {
            tokens.append((.expired, issuer.sessionToken(userID: "user_soak_\(index)", sessionID: "sess_expired_\(index)",
                                                         issuedAt: now - 3600 - Double(index))))
            let good = issuer.sessionToken(userID: "user_soak_\(index)", sessionID: "sess_tampered_\(index)", lifetime: 86_400)
            let last = good.last == "A" ? "B" : "A"
            tokens.append((.tampered, String(good.dropLast()) + last))
        }
        // Signed by the real key, but for another instance: the issuer check must refuse it.
        let evil = TestIssuer(frontendAPIHost: "evil.example.test", keyID: issuer.currentKey.keyID,
                              signingKey: issuer.currentKey.signingKey)
        for index in 0..<8 {
            tokens.append((.wrongIssuer, evil.sessionToken(userID: "user_evil_\(index)", sessionID: "sess_evil_\(index)", lifetime: 86_400)))
        }
        return tokens
    }
}
