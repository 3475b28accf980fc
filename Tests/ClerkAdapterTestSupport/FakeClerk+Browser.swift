import AsyncHTTPClient
import ClerkAuthentication
import ClerkBackend
import ClerkSession
import ClerkTesting
import NIOCore
import NIOHTTP1

/// Browser flows against the fake: an app whose Frontend API is the fake (through `proxyURL`), and the
/// browser's hop to the fake's handshake endpoint over real HTTP.
extension FakeClerk {
    /// The app's public origin in the browser-flow tests.
    package static let appOrigin = "https://app.example.test"
    /// A dev-browser cookie (development instances need one before anything else).
    package static let devBrowserCookie = "__clerk_db_jwt=dvb_adapter"

    /// The engine with browser flows on: a development instance (by default) whose Frontend API is the fake.
    package func browserAuthenticator(live: Bool = false) throws -> ClerkRequestAuthenticator {
        let key = try PublishableKey(PublishableKey.encode(host: Fixture.issuer.frontendAPIHost, live: live))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [Fixture.issuer.issuer]),
            keyStore: SessionKeyStore(keySet: Fixture.issuer.keySet))
        return ClerkRequestAuthenticator(
            verifier: verifier, backend: client(),
            configuration: .init(
                browserFlows: ClerkBrowserFlows(
                    publishableKey: key, publicOrigin: .fixed(Self.appOrigin), proxyURL: server.baseURL)))
    }

    /// The browser follows `location` (the app's 307) to the fake's handshake endpoint, signed in there as
    /// this fake's session; returns where the fake sends it back and the cookies it sets.
    package func followHandshake(_ location: String) async throws -> (location: String, setCookies: [String]) {
        let http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        do {
            var request = HTTPClientRequest(url: location)
            request.headers.add(name: "Cookie", value: "__client=\(sessionID)")
            let response = try await http.execute(request, timeout: .seconds(10))
            let result = (response.headers.first(name: "Location") ?? "", response.headers["Set-Cookie"])
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// The path and query of a URL on the app's origin.
    package static func target(of url: String) -> String {
        url.hasPrefix(appOrigin) ? String(url.dropFirst(appOrigin.count)) : url
    }

    /// `name=value` of each `Set-Cookie` value that sets something (cleared cookies left out).
    package static func cookiePairs(_ setCookies: [String]) -> [String] {
        setCookies.compactMap { directive in
            let pair = String(directive.split(separator: ";", maxSplits: 1).first ?? "")
            return pair.hasSuffix("=") ? nil : pair
        }
    }
}
