@testable import ClerkSession
import ClerkTesting
import Testing

@Suite("Verified-token cache")
struct VerifiedTokenCacheTests {
    let clock = TestClock()
    let issuer: TestIssuer

    init() { issuer = TestIssuer(clock: clock.clock) }

    func verifier(capacity: Int = 10_000, keySet: SessionKeySet? = nil) -> SessionTokenVerifier {
        SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer], clock: clock.clock, verifiedTokenCacheCapacity: capacity),
                             keySet: keySet ?? issuer.keySet)
    }

    @Test("A hit returns the same session without verifying again")
    func hitReturnsSameSession() throws {
        let v = verifier()
        let token = issuer.sessionToken(userID: "user_cached")
        let first = try v.verify(token)
        let second = try v.verify(token)
        #expect(first.storage === second.storage)
        #expect(second.userID == "user_cached")
        #expect(v.cache?.count == 1)
    }

    @Test("An expired entry is not served")
    func expiredEntryIsNotServed() throws {
        let v = verifier()
        let token = issuer.sessionToken(lifetime: 60)
        _ = try v.verify(token)
        clock.advance(by: 66)
        do {
            _ = try v.verify(token)
            Issue.record("served an expired cached token")
        } catch {
            #expect(error.code == .tokenExpired)
        }
    }

    @Test("A tampered copy of a cached token is not a hit")
    func tamperedCopyIsNotAHit() throws {
        let v = verifier()
        let token = issuer.sessionToken()
        _ = try v.verify(token)
        var tampered = token
        let last = tampered.removeLast()
        tampered.append(last == "A" ? "B" : "A")
        #expect(throws: ClerkVerificationError.self) { try v.verify(tampered) }
        // A changed payload with the cached signature is not a hit either.
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let otherPayload = issuer.sessionToken(userID: "user_evil").split(separator: ".")[1]
        #expect(throws: ClerkVerificationError.self) { try v.verify("\(parts[0]).\(otherPayload).\(parts[2])") }
    }

    @Test("The bound holds under a flood of distinct tokens")
    func boundHolds() throws {
        let v = verifier(capacity: 64)
        for i in 0..<600 {
            _ = try v.verify(issuer.sessionToken(sessionID: "sess_\(i)"))
        }
        let count = try #require(v.cache?.count)
        #expect(count <= 64)
        #expect(count > 0)
    }

    @Test("An entry is dropped when its key leaves the key set")
    func entryDroppedWhenKeyLeaves() async throws {
        let source = ScriptedKeySource(issuer: issuer)
        let store = SessionKeyStore(source: source, clock: clock.clock)
        let v = SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer], clock: clock.clock), keyStore: store)
        await store.prewarm()
        let token = issuer.sessionToken()
        _ = try v.verify(token)
        issuer.rotateKey(keyID: "ins_other")
        clock.advance(by: 31)
        await store.refresh()
        do {
            _ = try v.verify(token)
            Issue.record("a cached token outlived its key")
        } catch {
            #expect(error.code == .keyIDMismatch)
        }
    }

    @Test("Capacity 0 turns the cache off")
    func cacheOff() throws {
        let v = verifier(capacity: 0)
        let token = issuer.sessionToken()
        let a = try v.verify(token)
        let b = try v.verify(token)
        #expect(v.cache == nil)
        #expect(a.storage !== b.storage)
    }
}
