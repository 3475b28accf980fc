import ClerkTesting
import Testing

@testable import ClerkSession

/// Entries and tokens for the cache-level replica suites: plain values, no RSA.
enum ReplicaFixture {
    typealias Entry = VerifiedTokenCache.Entry

    /// A token-shaped text, distinct per `i` (in its tail, as real signatures are).
    static func token(_ i: Int, salt: String = "") -> String {
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.\(salt)sig\(String(repeating: "x", count: 300))\(i)"
    }

    /// A session entry tagged `tag` (its claims, times and key generation all say which one it is).
    static func session(_ tag: Int, expiresAt: Double = 4_000_000_000, key: RSAVerificationKey? = nil) -> Entry {
        let json = try! StrictJSON(parsing: Array(#"{"sub":"user_\#(tag)","sid":"sess_\#(tag)","iat":\#(tag)}"#.utf8))
        let storage = VerifiedSession.Storage(
            json: json, expiresAt: expiresAt, notBefore: Double(tag) - 1, issuedAt: Double(tag), key: key)
        return Entry(session: VerifiedSession(storage: storage), generation: tag)
    }

    /// A machine (M2M JWT) entry tagged `tag`.
    static func machine(_ tag: Int, key: RSAVerificationKey? = nil) -> Entry {
        let json = try! StrictJSON(
            parsing: Array(#"{"sub":"mch_\#(tag)","jti":"jti_\#(tag)","scopes":"mch_a mch_b","exp":4000000000}"#.utf8))
        let identity = MachineIdentity(
            jwtKind: .m2mToken, json: json, expiresAt: 4_000_000_000, notBefore: nil, issuedAt: Double(tag), key: key)
        return Entry(identity: .machine(identity), generation: tag)
    }

    /// Everything a verifier reads from an entry, as text (the key by identity).
    static func describe(_ entry: Entry?) -> String {
        guard let entry else { return "none" }
        let key = entry.key.map { "\(ObjectIdentifier($0))" } ?? "nil"
        switch entry.identity {
        case .session(let s):
            let st = s.storage
            return
                "session g\(entry.generation) \(s.claimsJSON) exp\(st.expiresAt) nbf\(String(describing: st.notBefore)) iat\(String(describing: st.issuedAt)) sid\(String(describing: st.sessionIDIndex)) sub\(String(describing: st.userIDIndex)) \(s.sessionID) \(s.userID) key \(key)"
        case .machine(let m):
            return
                "machine g\(entry.generation) \(m.kind) \(m.id) \(m.subject) \(m.scopes) \(String(describing: m.clientID)) \(String(describing: m.name)) exp\(String(describing: m.expiresAtSeconds)) iat\(String(describing: m.issuedAtSeconds)) nbf\(String(describing: m.notBefore)) \(m.isVerifiedLocally) \(String(describing: m.jwtClaimsJSON)) key \(key)"
        }
    }

    /// Hits served so far from the calling thread's slots.
    static var replicaHits: Int { TokenReplica.withCurrent { $0.hits } }

    /// Looks `token` up until this thread's slots serve it (a slot is taken on the second locked hit).
    static func warm(_ cache: VerifiedTokenCache, _ token: String) -> Entry? {
        for _ in 0..<3 { _ = cache.lookup(token) }
        return cache.lookup(token)
    }
}

/// Every test here is synchronous, so it runs on one thread from start to end: the thread whose slots it
/// fills and then checks.
@Suite("Verified-token cache: per-thread slots never outlive their entries")
struct TokenReplicaInvalidationTests {
    typealias F = ReplicaFixture

    @Test("Repeated hits are served from the thread's slots: equal to the cache's entry, in objects of its own")
    func repeatedHitsUseTheSlots() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let token = F.token(1)
        cache.insert(token, F.session(7), now: 0)
        let before = F.replicaHits
        let served = try #require(F.warm(cache, token))
        #expect(F.replicaHits > before, "the slots never served the token")
        let locked = try #require(cache.lookupLocked(token))
        #expect(F.describe(served) == F.describe(locked))
        let sharesObject = served.storageObject === locked.storageObject
        #expect(!sharesObject, "a slot shares the cache's object")
        // Hits of other tokens, or of this token in another cache, are not served from this slot.
        #expect(cache.lookup(F.token(2)) == nil)
        #expect(VerifiedTokenCache(capacity: 64).lookup(token) == nil)
    }

    @Test("An entry evicted for capacity is not served from a slot")
    func evictionByCapacity() throws {
        let cache = VerifiedTokenCache(capacity: 1)  // one shard of one entry
        let a = F.token(1)
        cache.insert(a, F.session(1), now: 0)
        let before = F.replicaHits
        #expect(F.warm(cache, a) != nil)
        #expect(F.replicaHits > before)
        cache.insert(F.token(2), F.session(2), now: 0)  // evicts a
        #expect(cache.lookupLocked(a) == nil)
        let hits = F.replicaHits
        #expect(cache.lookup(a) == nil, "an evicted entry was served from a slot")
        #expect(F.replicaHits == hits)
    }

    @Test("An expired entry swept for room is not served from a slot (the verifier refuses it by time anyway)")
    func sweep() throws {
        let cache = VerifiedTokenCache(capacity: 1)
        let a = F.token(1)
        cache.insert(a, F.session(1, expiresAt: 10), now: 0)
        #expect(F.warm(cache, a) != nil)
        cache.insert(F.token(2), F.session(2), now: 20)
        #expect(cache.lookup(a) == nil)
    }

    @Test("A removed entry is not served from a slot")
    func removal() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let a = F.token(1)
        let b = F.token(2)
        cache.insert(a, F.session(1), now: 0)
        cache.insert(b, F.session(2), now: 0)
        #expect(F.warm(cache, a) != nil)
        #expect(F.warm(cache, b) != nil)
        cache.remove(a)
        #expect(cache.lookup(a) == nil, "a removed entry was served from a slot")
        // The other token's slot is refreshed through the lock, not lost.
        #expect(F.describe(cache.lookup(b)) == F.describe(F.session(2)))
        #expect(F.describe(F.warm(cache, b)) == F.describe(F.session(2)))
    }

    @Test("A replaced entry is served as the replacement, never as the old one")
    func replacement() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let a = F.token(1)
        let first = F.session(1)
        cache.insert(a, first, now: 0)
        #expect(F.warm(cache, a)?.generation == 1)
        // The verifier's re-insert after a key refetch: the same identity, a newer key generation.
        cache.insert(a, .init(identity: first.identity, generation: 2), now: 0)
        #expect(cache.lookup(a)?.generation == 2)
        #expect(F.warm(cache, a)?.generation == 2)
        // Another identity for the same text.
        cache.insert(a, F.session(3), now: 0)
        #expect(F.describe(cache.lookup(a)) == F.describe(F.session(3)))
        #expect(F.describe(F.warm(cache, a)) == F.describe(F.session(3)))
    }

    @Test("An emptied cache serves nothing from the slots")
    func removeAll() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let a = F.token(1)
        cache.insert(a, F.machine(1), now: 0)
        #expect(F.warm(cache, a) != nil)
        cache.removeAll()
        #expect(cache.lookup(a) == nil)
        #expect(cache.count == 0)
    }

    @Test("Machine entries are copied whole")
    func machineCopies() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let a = F.token(5)
        cache.insert(a, F.machine(5), now: 0)
        let before = F.replicaHits
        let served = try #require(F.warm(cache, a))
        #expect(F.replicaHits > before)
        #expect(F.describe(served) == F.describe(cache.lookupLocked(a)))
        let sharesObject = served.storageObject === cache.lookupLocked(a)?.storageObject
        #expect(!sharesObject)
    }
}

@Suite("Verified-token cache: slot hits equal locked hits (differential)")
struct TokenReplicaDifferentialTests {
    typealias F = ReplicaFixture

    @Test("Random inserts, replacements, removals, evictions and lookups", arguments: [1, 2, 3, 8, 40])
    func randomOperations(capacity: Int) throws {
        var random = SplitMix64(seed: UInt64(capacity) &* 7919)
        let cache = VerifiedTokenCache(capacity: capacity)
        let tokens = (0..<120).map { F.token($0, salt: "d\(capacity)") }
        let hot = Array(tokens.prefix(6))
        var now = 0.0
        var tag = 0
        var replicaServed = 0
        for _ in 0..<6_000 {
            let roll = Int.random(in: 0..<100, using: &random)
            let token = roll < 60 ? hot.randomElement(using: &random)! : tokens.randomElement(using: &random)!
            switch roll % 10 {
            case 0, 1:
                tag += 1
                let expiresAt = now + Double.random(in: 0.5...5, using: &random)
                cache.insert(token, tag % 3 == 0 ? F.machine(tag) : F.session(tag, expiresAt: expiresAt), now: now)
            case 2:
                cache.remove(token)
            case 3:
                now += 0.3
            default:
                let hits = F.replicaHits
                let served = cache.lookup(token)
                let locked = cache.lookupLocked(token)
                #expect(F.describe(served) == F.describe(locked), "token \(token.suffix(4))")
                if F.replicaHits > hits { replicaServed += 1 }
            }
            if Int.random(in: 0..<2_000, using: &random) == 0 { cache.removeAll() }
        }
        #expect(replicaServed > 20, "the slots served \(replicaServed) lookups: the test did not exercise them")
    }
}
