import ClerkAuthentication
import ClerkBackend
import ClerkSession
import ClerkTesting
import Testing

/// The adapters' fast path for API requests (`authenticate(bearerToken:)` over the one `Authorization`
/// value) must decide exactly as the full request path does.
@Suite("Bearer fast path")
struct BearerFastPathTests {
    @Test(
        "the header value is read by the same rules as ClerkRequest.bearerToken",
        arguments: [
            "Bearer abc.def.ghi", "bearer abc", "BEARER    abc  ", "abc.def", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
            "", "   ", "Bearer a b", "Token abc", "\tBearer abc", "Bearer\tabc",
        ])
    func sameParsing(_ value: String) {
        let request = ClerkRequest(method: "GET", headers: [(name: "authorization", value: value)])
        #expect(ClerkRequest.bearerToken(authorization: value) == request.bearerToken)
    }

    /// The byte-wise parser (integer offsets over the value's UTF-8) against the plain one (by `String.Index`),
    /// on every header value built from three pieces: schemes in every case and near-misses, spaces and tabs,
    /// tokens, and non-ASCII text (combining marks, the Kelvin sign, Cyrillic) next to every boundary.
    @Test("the byte-wise parser decides every value as the plain one does")
    func bytewiseMatchesPlain() throws {
        guard #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) else { return }
        let pieces = [
            "Bearer", "bearer", "BEARER", "bEaReR", "Bearerx", "Bea", "Basic", "\u{212A}earer", "Bearer\u{301}", " ",
            "  ", "\t", "abc.def.ghi", "e\u{301}", "токен", "", "x",
        ]
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let value = a + b + c
                    let fast = ClerkRequest.bearerTokenBytewise(authorization: value).map { Array($0.utf8) }
                    let plain = ClerkRequest.bearerTokenByIndex(authorization: value).map { Array($0.utf8) }
                    #expect(fast == plain, "value \(Array(value.utf8))")
                }
            }
        }
        // Spot checks that the comparison sees both outcomes.
        #expect(ClerkRequest.bearerTokenBytewise(authorization: "bEaReR  x\t") == "x")
        #expect(ClerkRequest.bearerTokenBytewise(authorization: "\u{212A}earer x") == nil)
        #expect(ClerkRequest.bearerTokenBytewise(authorization: "Bearer\u{301} x") == nil)
        #expect(ClerkRequest.bearerTokenBytewise(authorization: "Bearer токен ") == "токен")
    }

    @Test("expected tokens from header values")
    func parsedValues() {
        #expect(ClerkRequest.bearerToken(authorization: "Bearer abc.def") == "abc.def")
        #expect(ClerkRequest.bearerToken(authorization: "bearer   abc  ") == "abc")
        #expect(ClerkRequest.bearerToken(authorization: "abc.def") == "abc.def")
        #expect(ClerkRequest.bearerToken(authorization: "Basic dXNlcjpwYXNz") == nil)
        #expect(ClerkRequest.bearerToken(authorization: "Bearer ") == nil)
        #expect(ClerkRequest.bearerToken(authorization: "") == nil)
    }

    @Test("same outcome as the full request path for valid, tampered, expired and foreign tokens")
    func sameOutcome() async throws {
        // A backend is configured, so a cookie token would be refreshed: a bearer token never is.
        let (issuer, authenticator, backend) = Self.authenticator()
        let valid = issuer.sessionToken()
        let tokens = [
            valid,
            Self.tampered(valid),
            issuer.sessionToken(issuedAt: issuer.clock.now() - 3600),
            TestIssuer(frontendAPIHost: "other.example.test").sessionToken(),
            "not-a-token",
        ]
        var outcomes: [String] = []
        for token in tokens {
            let fast = await authenticator.authenticate(bearerToken: token)
            let full = await authenticator.authenticate(
                ClerkRequest(
                    method: "GET",
                    headers: [
                        (name: "Authorization", value: "Bearer \(token)"),
                        (name: "Cookie", value: "__session=\(valid); __refresh=r1"),
                    ]))
            #expect(describe(fast) == describe(full))
            outcomes.append(describe(fast))
        }
        #expect(outcomes[0] == "signed-in user_2test")
        #expect(outcomes[1] == "signed-out token-invalid-signature header")
        #expect(outcomes[2] == "signed-out token-expired header")
        #expect(outcomes[3].hasPrefix("signed-out "))
        #expect(outcomes[4].hasPrefix("signed-out "))
        #expect(backend.calls.isEmpty, "a bearer token never goes to Clerk")
    }

    @Test("the adapters' synchronous step decides bearer session tokens as the full path does, and defers the rest")
    func synchronousStep() async throws {
        let (issuer, authenticator, backend) = Self.authenticator()
        let valid = issuer.sessionToken()
        let unknownKey = TestIssuer(keyID: "ins_test_other").sessionToken()
        // (Authorization value, whether the step decides it without an await)
        let cases: [(String?, Bool)] = [
            ("Bearer \(valid)", true),
            ("Bearer \(Self.tampered(valid))", false),  // a refetch may change it
            ("Bearer \(issuer.sessionToken(issuedAt: issuer.clock.now() - 3600))", true),
            ("bearer not-a-token", true),
            ("Bearer \(unknownKey)", false),  // unknown kid: the keys may have rotated
            ("Bearer ak_0123456789abcdef", false),  // an opaque machine token: not accepted, decided by the await
            ("Basic dXNlcjpwYXNz", false),  // no bearer token: the cookie path
            (nil, false),
        ]
        for (authorization, decides) in cases {
            let request = ClerkRequest(
                method: "GET",
                headers: (authorization.map { [(name: "Authorization", value: $0)] } ?? [])
                    + [(name: "Cookie", value: "__session=\(valid)")])
            let full = await authenticator.authenticate(request)
            let stepped: AuthenticationResult
            switch authenticator.authenticateWithoutWaiting(authorization: authorization) {
            case .decided(let result):
                #expect(decides, "decided without an await: \(authorization ?? "none")")
                stepped = result
            case .awaits(let pending):
                #expect(!decides, "deferred: \(authorization ?? "none")")
                stepped = await authenticator.authenticate(pending) { request }
            }
            #expect(describe(stepped) == describe(full), "\(authorization ?? "none")")
            let combined = await authenticator.authenticate(authorization: authorization) { request }
            #expect(describe(combined) == describe(full))
        }
        #expect(backend.calls.isEmpty, "a bearer token never goes to Clerk, a valid cookie token needs no refresh")
    }

    @Test("a token decided again and again on one thread is served from its cache slots, and refused once revoked")
    func repeatedTokenThenRevoked() throws {
        // Synchronous: one thread throughout, whose cache slots the repeated token fills.
        let (issuer, authenticator, backend) = Self.authenticator()
        let token = issuer.sessionToken(userID: "user_repeat", sessionID: "sess_repeat")
        let value = "Bearer \(token)"
        for _ in 0..<6 {
            guard case .decided(let result) = authenticator.authenticateWithoutWaiting(authorization: value) else {
                Issue.record("a verified bearer token was deferred")
                return
            }
            #expect(describe(result) == "signed-in user_repeat")
        }
        // What served the last ones: the slots, on the token where it lies in the header value.
        let slice = try #require(ClerkRequest.bearerTokenSlice(authorization: value))
        #expect(authenticator.verifier.sessionFromCacheSlots(slice)?.sessionID == "sess_repeat")

        let list = try #require(authenticator.verifier.revocations as? InMemoryRevocationList)
        _ = list.recordNow([SessionRevocation(.session("sess_repeat"), at: issuer.clock.now())])
        guard case .decided(let result) = authenticator.authenticateWithoutWaiting(authorization: value) else {
            Issue.record("a revoked session's token was deferred")
            return
        }
        #expect(describe(result) == "signed-out session-revoked header")
        #expect(backend.calls.isEmpty)
    }

    /// An authenticator over a fresh issuer's keys, with a backend that records (and fails) every call.
    private static func authenticator() -> (TestIssuer, ClerkRequestAuthenticator, RecordingBackend) {
        let issuer = TestIssuer()
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
            keySet: issuer.keySet)
        let backend = RecordingBackend()
        return (issuer, ClerkRequestAuthenticator(verifier: verifier, backend: backend), backend)
    }

    /// `token` with one signature character changed.
    private static func tampered(_ token: String) -> String {
        var bytes = Array(token.utf8)
        let flip = bytes.lastIndex(of: UInt8(ascii: "."))! + 20
        bytes[flip] = bytes[flip] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }

    private func describe(_ result: AuthenticationResult) -> String {
        switch result {
        case .signedIn(let session, let cookies): "signed-in \(session.userID)\(cookies.isEmpty ? "" : " +cookies")"
        case .signedInMachine(let machine): "machine \(machine.kind)"
        case .signedOut(let reason): "signed-out \(reason.code) \(reason.tokenCarrier.map { "\($0)" } ?? "-")"
        case .keysUnavailable(let error): "unavailable \(error.code.rawValue)"
        case .handshake(let handshake): "handshake \(handshake.reason)"
        }
    }
}

/// Records every call; refreshes and verifies always fail.
private final class RecordingBackend: ClerkSessionBackend {
    private let log = Locked<[String]>([])
    var calls: [String] { log.withLock { $0 } }

    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    {
        log.withLock { $0.append("refresh \(id)") }
        throw ClerkAPIError(kind: .endpointGone, status: 500, message: "no refresh here")
    }

    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        log.withLock { $0.append("verify \(id)") }
        throw ClerkAPIError(kind: .endpointGone, status: 410, message: "the verify endpoint is retired")
    }
}
