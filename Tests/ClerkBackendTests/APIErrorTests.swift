import ClerkBackend
import ClerkTesting
import Testing

/// Non-2xx answers, transport failures and timeouts become typed `ClerkAPIError`s.
@Suite("API errors")
struct APIErrorTests {
    static func envelope(_ code: String, _ message: String, trace: String? = "trace_abc") -> String {
        let traceMember = trace.map { ",\"clerk_trace_id\":\"\($0)\"" } ?? ""
        return
            "{\"errors\":[{\"message\":\"\(message)\",\"long_message\":\"long \(message)\",\"code\":\"\(code)\",\"meta\":{\"param_name\":\"x\"}}]\(traceMember)}"
    }

    @Test(arguments: [(400, "form_param_format_invalid"), (422, "form_param_missing"), (403, "authorization_invalid")])
    func envelopeStatuses(status: Int, code: String) async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions/sess_x", status: status, body: Self.envelope(code, "bad request"))
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_x") })
            #expect(error.kind == .http)
            #expect(error.status == status)
            #expect(error.errors.first?.code == code)
            #expect(error.errors.first?.longMessage == "long bad request")
            #expect(error.errors.first?.meta == "{\"param_name\":\"x\"}")
            #expect(error.traceID == "trace_abc")
            #expect(error.bodyExcerpt == nil)
            #expect(error.code == "http-\(status)")
            #expect(error.description == "http-\(status): \(code): bad request")
        }
    }

    @Test func notFoundFromTheFake() async throws {
        try await Harness.run { h in
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_missing") })
            #expect(error.kind == .http)
            #expect(error.status == 404)
            #expect(error.description == "http-404: resource_not_found: Session not found")
            #expect(error.traceID?.hasPrefix("trace_") == true)
        }
    }

    @Test func unauthorizedWithWrongSecretKey() async throws {
        try await Harness.run(configure: { $0.secretKey = "sk_test_wrong_key_123456" }) { h in
            let error = try #require(await apiError { _ = try await h.client.sessions.list() })
            #expect(error.status == 401)
            #expect(error.errors.first?.code == "clerk_key_invalid")
            #expect(h.server.requests.count == 1)
        }
    }

    @Test func traceIDFromHeaderWhenBodyHasNone() async throws {
        try await Harness.run { h in
            h.server.injectFault(
                path: "/v1/sessions/sess_x", status: 400, body: Self.envelope("x", "y", trace: nil),
                headers: [("Clerk-Trace-Id", "trace_from_header")])
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_x") })
            #expect(error.traceID == "trace_from_header")
        }
    }

    @Test func goneBecomesEndpointGone() async throws {
        try await Harness.run(configure: { $0.allowsLegacyVerify = true }) { h in
            let (session, _) = h.server.createSession()
            let token = try #require(h.server.sessionToken(forSession: session.id))
            let error = try #require(await apiError { _ = try await h.client.legacy.verify(session.id, token: token) })
            #expect(error.kind == .endpointGone)
            #expect(error.status == 410)
            #expect(error.errors.first?.code == "operation_deprecated")
            #expect(error.message.contains("deprecated"))
            #expect(error.code == "http-410")
        }
    }

    @Test func tooManyRequestsKeepsRetryAfter() async throws {
        try await Harness.run(configure: { $0.retryPolicy.maximumRetries = 0 }) { h in
            h.server.injectFault(
                path: "/v1/sessions", status: 429, body: Self.envelope("too_many_requests", "Too many requests"),
                headers: [("Retry-After", "7")])
            let error = try #require(await apiError { _ = try await h.client.sessions.list() })
            #expect(error.kind == .http)
            #expect(error.status == 429)
            #expect(error.retryAfter == .seconds(7))
        }
    }

    @Test func retryAfterAsHTTPDate() async throws {
        try await Harness.run(configure: { $0.retryPolicy.maximumRetries = 0 }) { h in
            h.server.injectFault(
                path: "/v1/sessions", status: 503, headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")])
            let error = try #require(await apiError { _ = try await h.client.sessions.list() })
            #expect(error.status == 503)
            #expect(error.retryAfter == .zero)  // a date in the past means "now"
        }
    }

    @Test func serverErrorWithHTMLKeepsExcerpt() async throws {
        try await Harness.run(configure: { $0.retryPolicy.maximumRetries = 0 }) { h in
            let html = "<html><body>" + String(repeating: "Internal Server Error ", count: 100) + "</body></html>"
            h.server.injectFault(
                path: "/v1/sessions/sess_x", status: 500, body: html, headers: [("Content-Type", "text/html")])
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_x") })
            #expect(error.kind == .http)
            #expect(error.status == 500)
            #expect(error.errors.isEmpty)
            let excerpt = try #require(error.bodyExcerpt)
            #expect(excerpt.hasPrefix("<html><body>Internal Server Error"))
            #expect(excerpt.utf8.count <= 512 + 3)
            #expect(error.description == "http-500: Clerk answered HTTP 500")
        }
    }

    @Test func undecodableSuccessIsInvalidResponse() async throws {
        try await Harness.run { h in
            h.server.injectFault(path: "/v1/sessions/sess_x", status: 200, body: "{\"object\":\"session\",\"id\":")
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_x") })
            #expect(error.kind == .invalidResponse)
            #expect(error.status == 200)
            #expect(error.bodyExcerpt == "{\"object\":\"session\",\"id\":")
        }
    }

    @Test func oversizedSuccessIsRefused() async throws {
        try await Harness.run(configure: { $0.maximumResponseBytes = 4096 }) { h in
            h.server.injectFault(
                path: "/v1/sessions/sess_x", status: 200, body: String(repeating: " ", count: 10_000) + "{}")
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_x") })
            #expect(error.kind == .invalidResponse)
            #expect(error.message.contains("larger than 4096"))
        }
    }

    @Test func delayBeyondTheTimeoutIsATimeout() async throws {
        try await Harness.run(configure: { $0.timeout = .milliseconds(300) }) { h in
            // Far beyond any stall of the test run: AsyncHTTPClient's deadline reaches the request through an actor on
            // the cooperative pool, which a full two-core run can hold for tens of seconds (a 30 s delay once lost the race).
            h.server.injectFault(path: "/v1/sessions/sess_slow", status: 200, body: "{}", delay: .seconds(600))
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_slow") })
            #expect(error.kind == .timeout)
            #expect(error.status == nil)
            #expect(h.server.requests.count == 1)  // timeouts are not retried
        }
    }

    @Test("an answer whose body stalls after the head is a timeout, not a hang")
    func stalledBodyIsATimeout() async throws {
        try await Harness.run(configure: { $0.timeout = .milliseconds(300) }) { h in
            let body = "{\"object\":\"session\",\"id\":\"sess_stall\"," + String(repeating: " ", count: 2048) + "}"
            h.server.injectFault(path: "/v1/sessions/sess_stall", status: 200, body: body, bodyDelay: .seconds(60))
            let error = try #require(await apiError { _ = try await h.client.sessions.get("sess_stall") })
            #expect(error.kind == .timeout)
            #expect(error.status == nil)
            #expect(h.server.requests.count == 1)  // timeouts are not retried
        }
    }

    @Test func connectionRefusedIsTransport() async throws {
        let url = FakeClerkServer.refusedBaseURL
        let sleeps = SleepRecorder()
        let configuration = ClerkBackendClient.Configuration(
            secretKey: FakeClerkServer.defaultSecretKey, baseURL: url, timeout: .seconds(1),
            retryPolicy: .init(maximumRetries: 2, sleep: { sleeps.record($0) }))
        let client = ClerkBackendClient(configuration: configuration)  // HTTPClient.shared: nothing to shut down
        let error = try #require(await apiError { _ = try await client.sessions.get("sess_x") })
        #expect(error.kind == .transport)
        #expect(sleeps.recorded.count == 2)  // a GET is retried twice on transport errors
        let postError = try #require(await apiError { _ = try await client.sessions.revoke("sess_x") })
        #expect(postError.kind == .transport)
        #expect(sleeps.recorded.count == 2)  // a POST is never retried
    }
}
