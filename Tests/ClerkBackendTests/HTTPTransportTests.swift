import AsyncHTTPClient
import ClerkBackend
import ClerkTesting
import Testing

/// The one transport under the Backend API client and the JWKS sources refuses redirects the same way on
/// both paths.
@Suite("HTTP transport")
struct HTTPTransportTests {
    @Test("a Backend API 3xx is refused: invalid-response with the status, no retry, no request to the target")
    func backendRedirectIsRefused() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession(userID: "user_redirect")
            h.server.injectFault(
                path: "/v1/sessions/\(session.id)", status: 302,
                headers: [("Location", h.server.baseURL + "/v1/sessions")], count: 5)
            let error = try #require(await apiError { _ = try await h.client.sessions.get(session.id) })
            #expect(error.kind == .invalidResponse)
            #expect(error.code == "http-302")
            #expect(error.message.contains("redirect"))
            #expect(h.sleeps.recorded.isEmpty, "a refused redirect is not retried")
            #expect(h.server.requests.map(\.path) == ["/v1/sessions/\(session.id)"])
        }
    }

    @Test("a Backend API answer reached through a followed redirect is refused as well")
    func backendFollowedRedirectIsRefused() async throws {
        try await Harness.run { h in
            let (session, _) = h.server.createSession(userID: "user_followed")
            h.server.injectFault(
                path: "/v1/sessions/moved", status: 302,
                headers: [("Location", h.server.baseURL + "/v1/sessions/\(session.id)")], count: 5)
            // The process-wide shared HTTPClient follows redirects; the answer is still refused.
            let following = ClerkBackendClient(configuration: h.client.configuration, httpClient: .shared)
            let error = try #require(await apiError { _ = try await following.sessions.get("moved") })
            #expect(error.kind == .invalidResponse)
            #expect(error.message.contains("redirect"))
        }
    }
}
