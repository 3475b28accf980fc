import ClerkBackend
import ClerkSession
import Foundation
import Testing

/// Issue 12 (9) and issue 19: every code the package can emit is pinned to its text and listed in the
/// README; configuration mistakes have codes of their own and are never a key outage.
@Suite("Documented codes")
struct DocumentedCodesTests {
    static let pinned: [(ClerkVerificationError.Code, String)] = [
        (.tokenTooLarge, "token-too-large"), (.tokenMalformed, "token-invalid"),
        (.tokenInvalidAlgorithm, "token-invalid-algorithm"),
        (.tokenUnsupportedCriticalHeader, "token-unsupported-critical-header"),
        (.tokenInvalidType, "token-invalid-type"), (.tokenUnsupportedContentType, "token-unsupported-content-type"),
        (.tokenTypeMismatch, "token-type-mismatch"), (.tokenMissingKeyID, "token-missing-kid"),
        (.tokenInvalidKeyID, "token-invalid-kid"), (.keyIDMismatch, "jwk-kid-mismatch"),
        (.tokenInvalidSignature, "token-invalid-signature"), (.tokenMissingClaim, "token-missing-claim"),
        (.tokenInvalidClaim, "token-invalid-claim"), (.tokenExpired, "token-expired"),
        (.tokenNotActiveYet, "token-not-active-yet"), (.tokenIssuedInTheFuture, "token-iat-in-the-future"),
        (.tokenInvalidIssuer, "token-invalid-issuer"),
        (.tokenInvalidAuthorizedParties, "token-invalid-authorized-parties"),
        (.tokenInvalidAudience, "token-invalid-audience"), (.sessionPending, "session-token-pending"),
        (.sessionRevoked, "session-revoked"), (.machineTokenRejected, "machine-token-rejected"),
        (.machineTokenVerifyUnavailable, "machine-token-verify-unavailable"),
        (.keyInvalid, "jwk-invalid"), (.localKeyInvalid, "jwk-local-invalid"),
        (.remoteKeysFailedToLoad, "jwk-remote-failed-to-load"), (.remoteKeysInvalid, "jwk-remote-invalid"),
        (.keysFailedToResolve, "jwk-failed-to-resolve"), (.secretKeyInvalid, "secret-key-invalid"),
        (.configurationInvalid, "configuration-invalid"), (.publishableKeyInvalid, "publishable-key-invalid"),
    ]

    static let keyOutageCodes: Set<String> = [
        "jwk-remote-failed-to-load", "jwk-remote-invalid", "jwk-failed-to-resolve", "secret-key-invalid",
    ]

    static var readme: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }

    @Test("each verification code has its pinned text, and the list of codes is exactly the pinned one")
    func verificationCodesPinned() {
        for (code, text) in Self.pinned { #expect(code.rawValue == text) }
        #expect(ClerkVerificationError.Code.allDocumented.map(\.rawValue) == Self.pinned.map(\.1))
    }

    @Test("only the key-outage codes count as key unavailability")
    func outageFamily() {
        for code in ClerkVerificationError.Code.allDocumented {
            #expect(
                ClerkVerificationError(code, "").isKeyUnavailable == Self.keyOutageCodes.contains(code.rawValue),
                "\(code)")
        }
    }

    @Test("the README lists every code the package can emit")
    func readmeListsEveryCode() {
        let readme = Self.readme
        #expect(!readme.isEmpty)
        for code in ClerkVerificationError.Code.allDocumented.map(\.rawValue)
            + SignedOutReason.Code.allDocumented.map(\.rawValue)
        {
            #expect(readme.contains("`\(code)`"), "README does not list \(code)")
        }
    }

    @Test("signed-out reason codes are pinned and distinct")
    func signedOutCodes() {
        let codes = SignedOutReason.Code.allDocumented.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(
            codes.contains("refresh-rate-limited") && codes.contains("refresh-overloaded")
                && codes.contains("refresh-rejected-recently") && codes.contains("legacy-verify-rejected-recently"))
        #expect(
            codes.allSatisfy {
                $0.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            })
    }

    @Test("a missing or malformed publishable key is a configuration error, not a key outage")
    func configurationErrors() {
        for (environment, expected) in [
            ([String: String](), "configuration-invalid"),
            (["CLERK_PUBLISHABLE_KEY": "pk_test_!!!"], "publishable-key-invalid"),
            (["CLERK_PUBLISHABLE_KEY": "sk_test_abc"], "publishable-key-invalid"),
            (["CLERK_PUBLISHABLE_KEY": "pk_test_"], "publishable-key-invalid"),
        ] {
            let error = #expect(throws: ClerkVerificationError.self, "accepted \(environment)") {
                try ClerkRequestAuthenticator(environment: environment)
            }
            #expect(error?.code.rawValue == expected)
            #expect(error?.isKeyUnavailable == false)
        }
        let error = #expect(throws: ClerkVerificationError.self, "accepted pk_live_") { try PublishableKey("pk_live_") }
        #expect(error?.code == .publishableKeyInvalid)
    }
}
