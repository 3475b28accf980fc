import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// Issue 12 (6): every public type that carries a secret, a refresh token or a whole session token
/// redacts it in `description`, `debugDescription` and its mirror (`dump`).
@Suite("Secret carriers redact")
struct SecretCarrierRedactionTests {
    static let token = sharedIssuer.sessionToken()
    static let refreshToken = "refresh_CANARY_0123456789abcdef"
    static let secret = "sk_test_CANARY_secret_0123456789"

    /// Every rendering a user might print.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    static func expectClean(_ value: Any, _ label: String) {
        let signature = String(token.split(separator: ".").last ?? "")
        let payload = String(token.split(separator: ".").dropFirst().first ?? "")
        for text in renderings(value) {
            #expect(!text.contains(token), "\(label) shows the token")
            #expect(!text.contains(signature), "\(label) shows the token's signature")
            #expect(!text.contains(payload), "\(label) shows the token's payload")
            #expect(!text.contains(refreshToken), "\(label) shows the refresh token")
            #expect(!text.contains("CANARY"), "\(label) shows a canary")
            #expect(!text.isEmpty)
        }
    }

    @Test("every carrier, every rendering")
    func carriers() throws {
        let request = RefreshSessionRequest(
            expiredToken: Self.token, refreshToken: Self.refreshToken,
            requestOrigin: "https://app.example.test", requestOriginatingIP: "203.0.113.9",
            requestHeaders: [
                "cookie": ["__session=\(Self.token); __refresh=\(Self.refreshToken)"],
                "authorization": ["Bearer \(Self.token)"],
            ],
            format: .cookie)
        Self.expectClean(request, "RefreshSessionRequest")
        #expect(String(describing: request).contains("https://app.example.test"))

        Self.expectClean(SessionRefreshResult.token(Self.token), "SessionRefreshResult.token")
        Self.expectClean(
            SessionRefreshResult.cookies(["__session=\(Self.token); Path=/", "__refresh=\(Self.refreshToken)"]),
            "SessionRefreshResult.cookies")

        let session = try SessionTokenVerifier(
            configuration: .init(issuers: [sharedIssuer.issuer]), keySet: sharedIssuer.keySet
        )
        .verify(Self.token)
        let signedIn = AuthenticationResult.signedIn(session, responseCookies: ["__session=\(Self.token); Path=/"])
        Self.expectClean(signedIn, "AuthenticationResult")
        #expect(String(describing: signedIn).contains(session.userID))

        let httpRequest = ClerkRequest(
            method: "GET",
            headers: [
                (name: "Authorization", value: "Bearer \(Self.token)"),
                (name: "Cookie", value: "__session=\(Self.token); __refresh=\(Self.refreshToken)"),
                (name: "Host", value: "app.example.test"),
            ])
        Self.expectClean(httpRequest, "ClerkRequest")
        #expect(String(describing: httpRequest).contains("app.example.test"))
        Self.expectClean(httpRequest.cookieJar, "ClerkCookieJar")
        #expect(String(describing: httpRequest.cookieJar).contains("__refresh"))

        let configuration = ClerkBackendClient.Configuration(secretKey: Self.secret)
        Self.expectClean(configuration, "ClerkBackendClient.Configuration")
        Self.expectClean(ClerkBackendClient(configuration: configuration), "ClerkBackendClient")
    }
}
