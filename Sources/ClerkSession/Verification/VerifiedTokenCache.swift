/// A bounded cache of tokens that already passed verification, keyed by the whole token text.
///
/// Browsers send the same session token with every request for up to a minute; a hit skips base64,
/// JSON and RSA entirely. Entries hold until the token's `exp` (time claims are re-checked on every hit
/// with the current clock), are dropped when the key that verified them leaves the key set, and the
/// cache never holds more than its capacity: up to 32 shards, each behind its own lock, each evicting expired
/// entries first and then arbitrary ones. An entry costs about the token's size plus its claims (2.06 KiB
/// for a 1.16 KB token, measured by `ProfileVerify cache-memory`), so the default 10 000 entries take
/// about 20 MiB.
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

    init(capacity: Int) {
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

    func lookup(_ token: String) -> Entry? {
        shards[shardIndex(token)].withLock { $0.entries[TokenKey(token)] }
    }

    func insert(_ token: String, _ entry: Entry, now: Double) {
        let key = TokenKey(token)
        shards[shardIndex(token)].withLock { shard in
            if shard.entries.count >= perShard, shard.entries[key] == nil {
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
        _ = shards[shardIndex(token)].withLock { $0.entries.removeValue(forKey: TokenKey(token)) }
    }

    var count: Int { shards.reduce(0) { total, shard in total + shard.withLock { $0.entries.count } } }
}
