#if Postgres
    import ClerkRevocationPostgres
    import ClerkSession
    import ClerkTesting
    import ClerkWebhooks
    import Testing

    /// Issue 14 (7): two verifier instances on one PostgreSQL; a webhook delivered to instance A makes
    /// instance B's verifier refuse the session, cached token included, with no call from B to anyone. In the
    /// store suite itself, whose tests run one at a time (another one stops and restarts the server).
    extension PostgresRevocationStoreTests {
        @Test("a session.revoked delivered to A: B refuses the session's token (it had verified and cached it)")
        func webhookOnAReachesB() async throws {
            let names = Names()
            let a = try TestStore(fixture, names)
            let b = try TestStore(fixture, names)
            let issuer = TestIssuer()
            let verifierA = SessionTokenVerifier(
                configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet, revocations: a.store)
            let verifierB = SessionTokenVerifier(
                configuration: .init(issuers: [issuer.issuer]), keySet: issuer.keySet, revocations: b.store)
            let signer = TestWebhookSigner()
            let endpointA = ClerkWebhookEndpoint(
                verifier: ClerkWebhookVerifier(secret: try ClerkWebhookSecret(signer.secretText)),
                revocations: verifierA.revocations)
            let sessionID = uniqueID("sess")
            let token = issuer.sessionToken(userID: "user_fleet", sessionID: sessionID)
            try await running([a, b]) {
                _ = try verifierB.verify(token)  // accepted, and now in B's verified-token cache
                let events = b.store.events()
                let body = Array(
                    #"{"object":"event","type":"session.revoked","data":{"id":"\#(sessionID)","user_id":"user_fleet"}}"#
                        .utf8)
                let answer = await endpointA.handle(
                    body: body, headers: signer.headers(id: uniqueID("msg"), timestamp: Int64(now()), body: body))
                #expect(answer.status == 200)
                try await first(events, "B to receive the webhook's revocation") { event in
                    guard case .session(let id)? = event.received?.subject else { return false }
                    return id.utf8.elementsEqual(sessionID.utf8)
                }
                var code = "verified"
                do { _ = try verifierB.verify(token) } catch let error as ClerkVerificationError {
                    code = error.code.rawValue
                }
                #expect(code == "session-revoked")
            }
        }
    }
#endif
