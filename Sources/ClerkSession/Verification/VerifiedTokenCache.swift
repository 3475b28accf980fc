
/// A bounded cache of tokens that already passed verification, keyed by the whole token text.
///
/// Browsers send the same session token with every request for up to a minute; a hit skips base64,
/// JSON and RSA entirely. Entries hold until the token's `exp` (time claims are re-checked on every hit
/// with the current clock), are dropped when the key that verified them leaves the key set, and the
/// cache never holds more than its capacity: 8 shards, each behind its own lock, each evicting expired
/// entries first and then arbitrary ones. An entry costs about the token's size plus its claims (roughly
/// 2.5 KiB for a typical 1 KiB token), so the default 10 000 entries stay under about 25 MiB.
final class VerifiedTokenCache: Sendable {
    struct Entry: Sendable {
        let session: VerifiedSession
        let generation: Int
    }

    private struct Shard: Sendable {
        var entries: [String: Entry] = [:]
        var lastSweep = -Double.infinity
    }

    private typealias LockedShard = Locked<Shard>

    static let shardCount = 8
    let capacity: Int
    private let perShard: Int
    private let shards: [LockedShard]

    init(capacity: Int) {
        self.capacity = capacity
        self.perShard = max(1, capacity / Self.shardCount)
        self.shards = (0..<Self.shardCount).map { _ in LockedShard(Shard()) }
    }

    @inline(__always)
    private func shardIndex(_ token: String) -> Int {
        // The last character belongs to the signature: cheap and well spread.
        Int(token.utf8.last ?? 0) & (Self.shardCount - 1)
    }

    func lookup(_ token: String) -> Entry? {
        shards[shardIndex(token)].withLock { $0.entries[token] }
    }

    func insert(_ token: String, _ entry: Entry, now: Double) {
        shards[shardIndex(token)].withLock { shard in
            if shard.entries.count >= perShard, shard.entries[token] == nil {
                if now - shard.lastSweep >= 1 {
                    shard.lastSweep = now
                    shard.entries = shard.entries.filter { $0.value.session.storage.expiresAt > now }
                }
                while shard.entries.count >= perShard {
                    shard.entries.remove(at: shard.entries.startIndex)
                }
            }
            shard.entries[token] = entry
        }
    }

    func remove(_ token: String) {
        _ = shards[shardIndex(token)].withLock { $0.entries.removeValue(forKey: token) }
    }

    var count: Int { shards.reduce(0) { total, shard in total + shard.withLock { $0.entries.count } } }
}
