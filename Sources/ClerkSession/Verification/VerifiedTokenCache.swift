import Synchronization

/// A bounded cache of tokens that already passed verification, keyed by the whole token text.
///
/// Browsers send the same session token with every request for up to a minute; a hit skips base64,
/// JSON and RSA entirely. Entries hold until the token's `exp` (time claims are re-checked on every hit
/// with the current clock), are dropped when the key that verified them leaves the key set, and the
/// cache never holds more than its capacity: up to 32 shards, each behind its own lock, each evicting expired
/// entries first and then arbitrary ones. An entry costs about the token's size plus its claims (2.06 KiB
/// for a 1.16 KB token, measured by `ProfileVerify cache-memory`), so the default 10 000 entries take
/// about 20 MiB.
///
/// **Hits of one token from many cores.** Each thread keeps a few slots (``TokenReplica``): a token hit
/// twice through the lock on a thread gets a copy of its entry there, in objects of that thread's own, and
/// later hits of it on that thread take no lock and touch no reference count another thread touches (two
/// tasks hitting one token through the shard lock ran at 0.55–0.84× one task). A slot is served only while
/// ``generation`` is what it was when the entry was last seen under its shard's lock; every removal,
/// eviction, sweep and replacement moves the generation first (under that lock), so a slot never serves an
/// entry the cache no longer holds. Inserting a new token moves nothing. The verifier judges a slot's entry
/// exactly as one from the shards: key generation, kinds, times and revocations on every hit. A slot keeps
/// its copy (about 2 KiB) until the thread reuses the slot or exits, even after the cache is gone.
final class VerifiedTokenCache: Sendable {
    struct Entry: Sendable {
        /// What verified: a session, or a machine JWT (M2M, OAuth).
        let identity: ClerkIdentity
        let generation: Int

        init(identity: ClerkIdentity, generation: Int) {
            self.identity = identity
            self.generation = generation
        }

        init(session: VerifiedSession, generation: Int) {
            self.init(identity: .session(session), generation: generation)
        }

        /// The token's `exp` (machine JWTs always carry one).
        var expiresAt: Double {
            switch identity {
            case .session(let session): session.storage.expiresAt
            case .machine(let machine): machine.expiresAtSeconds ?? .infinity
            }
        }

        /// The key that verified the token.
        var key: RSAVerificationKey? {
            switch identity {
            case .session(let session): session.storage.key
            case .machine(let machine): machine.key
            }
        }

        /// The object behind the identity (the session's or the machine's storage).
        var storageObject: AnyObject {
            switch identity {
            case .session(let session): session.storage
            case .machine(let machine): machine.storage
            }
        }

        /// The same entry in objects of its own: only the key (and a machine's opaque claims, which a cached
        /// JWT never has) are shared.
        func unsharedCopy() -> Entry {
            switch identity {
            case .session(let session):
                Entry(session: VerifiedSession(storage: .init(unsharedCopyOf: session.storage)), generation: generation)
            case .machine(let machine):
                Entry(
                    identity: .machine(MachineIdentity(storage: .init(unsharedCopyOf: machine.storage))),
                    generation: generation)
            }
        }
    }

    private struct Shard: Sendable {
        var entries: [TokenKey: Entry] = [:]
        var lastSweep = -Double.infinity
    }

    private typealias LockedShard = Locked<Shard>

    /// At most this many shards (fewer for a capacity below it, so the bound holds exactly).
    static let maximumShardCount = 32
    let capacity: Int
    private let perShard: Int
    private let shardMask: Int
    private let shards: [LockedShard]
    /// This cache, for the per-thread slots (from a counter: an address can be reused by a later cache).
    let id: Int
    /// Moves before every change that can take an entry out of the cache (see the type's documentation).
    private let generation = Atomic<Int>(0)
    private static let lastID = Atomic<Int>(0)

    init(capacity: Int) {
        self.id = Self.lastID.wrappingAdd(1, ordering: .relaxed).newValue
        self.capacity = capacity
        var count = 1
        while count * 2 <= min(Self.maximumShardCount, capacity) { count *= 2 }
        self.shardMask = count - 1
        self.perShard = max(1, capacity / count)
        self.shards = (0..<count).map { _ in LockedShard(Shard()) }
    }

    /// How many shards this cache has (a power of two, at most `maximumShardCount`).
    var shardCount: Int { shards.count }

    @inline(__always)
    func shardIndex(_ token: String) -> Int {
        // The last four characters belong to the signature. The very last one carries only 4 bits (a
        // 256-byte signature is 342 characters), so mix in three more (6 bits each), then spread.
        var mixed: UInt32 = 0
        var taken = 0
        for byte in token.utf8.reversed() {
            mixed = mixed &* 64 &+ UInt32(byte)
            taken += 1
            if taken == 4 { break }
        }
        return Int(truncatingIfNeeded: (mixed &* 2_654_435_761) >> 16) & shardMask
    }

    /// The entry for `token`: from this thread's slots when they hold it and nothing left the cache since
    /// they checked, else from its shard under the lock (then this thread's slots learn of it).
    @inline(__always)
    func lookup(_ token: String) -> Entry? {
        TokenReplica.withCurrent { replica in
            if let entry = replica.entry(cache: id, generation: generation.load(ordering: .acquiring), token: token) {
                return entry
            }
            let found: (entry: Entry, generation: Int)? = shards[shardIndex(token)].withLock { shard in
                guard let entry = shard.entries[TokenKey(token)] else { return nil }
                return (entry, generation.load(ordering: .acquiring))
            }
            guard let found else { return nil }
            replica.noteLockedHit(cache: id, generation: found.generation, token: token, entry: found.entry)
            return found.entry
        }
    }

    /// The entry for `token` when this thread's slots hold it and nothing left the cache since they checked;
    /// nil otherwise, without looking in the shards (the caller then copies the token and calls
    /// ``lookup(_:)``). For a token still inside the text it came in (an `Authorization` value): no copy.
    @inline(__always)
    func slotEntry(_ token: Substring) -> Entry? {
        TokenReplica.withCurrent { replica in
            replica.entry(cache: id, generation: generation.load(ordering: .acquiring), token: token)
        }
    }

    /// The entry for `token` from its shard under the lock, never from the slots: the plain version that
    /// ``lookup(_:)`` is tested against.
    func lookupLocked(_ token: String) -> Entry? {
        shards[shardIndex(token)].withLock { $0.entries[TokenKey(token)] }
    }

    /// The cache's generation now (tests).
    var currentGeneration: Int { generation.load(ordering: .acquiring) }

    /// Moves the generation: called under a shard's lock before that shard loses or replaces an entry.
    @inline(__always)
    private func invalidateSlots() {
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
    }

    /// Inserts or replaces `token`'s entry. With `keepingIdentity`, a replaced entry keeps the identity
    /// object the cache already holds and takes only `entry`'s key generation (the verifier's move of an
    /// entry to a refetched key set that still holds its key): the cache's entries stay the objects the
    /// threads' slots were copied from, so their slots revalidate without a new copy.
    func insert(_ token: String, _ entry: Entry, now: Double, keepingIdentity: Bool = false) {
        let key = TokenKey(token)
        shards[shardIndex(token)].withLock { shard in
            if let index = shard.entries.index(forKey: key) {
                invalidateSlots()  // replaced
                if keepingIdentity {
                    shard.entries.values[index] = Entry(
                        identity: shard.entries.values[index].identity, generation: entry.generation)
                    return
                }
            } else if shard.entries.count >= perShard {
                invalidateSlots()  // an eviction, or a sweep, follows
                if now - shard.lastSweep >= 1 {
                    shard.lastSweep = now
                    shard.entries = shard.entries.filter { $0.value.expiresAt > now }
                }
                while shard.entries.count >= perShard {
                    shard.entries.remove(at: shard.entries.startIndex)
                }
            }
            shard.entries[key] = entry
        }
    }

    func remove(_ token: String) {
        let key = TokenKey(token)
        shards[shardIndex(token)].withLock { shard in
            guard let index = shard.entries.index(forKey: key) else { return }
            invalidateSlots()
            shard.entries.remove(at: index)
        }
    }

    /// Empties the cache.
    func removeAll() {
        for shard in shards {
            shard.withLock { shard in
                invalidateSlots()
                shard.entries.removeAll()
            }
        }
    }

    var count: Int { shards.reduce(0) { total, shard in total + shard.withLock { $0.entries.count } } }
}
