import ClerkBackend
import ClerkSession

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signature checks and template tokens for the fake server.
enum FakeTokenCheck {
    /// The claims of `token` when its RS256 signature verifies with one of the issuer's published keys
    /// (time claims are not checked); nil otherwise.
    static func verifiedClaims(_ token: String, issuer: TestIssuer) -> ClerkJSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64URL.decode(parts[2]), let payload = Base64URL.decode(parts[1])
        else {
            return nil
        }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let verified = issuer.publishedKeys.contains { published in
            guard let key = try? published.signingKey.verificationKey() else { return false }
            return key.isValidSignature(signature, for: signingInput)
        }
        guard verified else { return nil }
        guard let claims = try? JSONDecoder().decode(ClerkJSONValue.self, from: Data(payload)),
            case .object = claims
        else { return nil }
        return claims
    }

    /// A JWT-template token: header `cat` = `cl_B7d4PD222AAA`, no `sid`.
    static func templateToken(issuer: TestIssuer, userID: String, template: String, lifetime: Double) -> String {
        let iat = issuer.clock.now().rounded(.down)
        let header: [(name: String, value: ClaimValue)] = [
            ("alg", "RS256"), ("cat", "cl_B7d4PD222AAA"), ("kid", .string(issuer.currentKey.keyID)), ("typ", "JWT"),
        ]
        let claims: [(name: String, value: ClaimValue)] = [
            ("azp", .string(issuer.defaultAuthorizedParty)),
            ("exp", .double(iat + lifetime)),
            ("iat", .double(iat)),
            ("iss", .string(issuer.issuer)),
            ("jti", .string("jti_\(UInt64.random(in: 1...UInt64.max))")),
            ("nbf", .double(iat - 5)),
            ("sub", .string(userID)),
            ("tpl", .string(template)),
        ]
        return issuer.token(header: header, claims: claims)
    }
}
