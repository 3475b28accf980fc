
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
        let session: VerifiedSession
        let generation: Int
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
                    shard.entries = shard.entries.filter { $0.value.session.storage.expiresAt > now }
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

/// A cache key: the whole token's UTF-8 bytes for equality, only its tail for the hash.
///
/// Equality is byte equality, never `String ==`: Swift compares strings by Unicode canonical
/// equivalence, so a copy of a cached token with `K` swapped for U+212A KELVIN SIGN would otherwise be a
/// hit although the strict parser refuses it. (The verifier also refuses any byte outside base64url and
/// `.` before it consults the cache; this is the second wall.)
///
/// Hashing all of a 1 KB token was nearly all of a cache hit (about 6 000 of 6 900 instructions). The last
/// 64 characters are signature (384 bits of it for RS256), so distinct verified tokens differ there, and
/// equality still compares every byte: a token that shares a cached token's tail but not its header or
/// payload lands in the same bucket and is not a hit. Only verified tokens are ever inserted, and a
/// signature cannot be chosen without the key, so no one can crowd one bucket. Swift's `Hasher` stays
/// seeded per process.
struct TokenKey: Hashable, Sendable {
    static let hashedSuffix = 64
    let token: String

    init(_ token: String) { self.token = token }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool { RawBytes.sameUTF8(lhs.token, rhs.token) }

    func hash(into hasher: inout Hasher) {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            // A bounds-checked view of the string's own UTF-8 storage: no copy, no index arithmetic.
            let bytes = token.utf8.span
            hasher.combine(bytes.count)
            var index = max(0, bytes.count - Self.hashedSuffix)
            while index + 8 <= bytes.count {
                var word: UInt64 = 0
                for k in index..<(index + 8) { word = word << 8 | UInt64(bytes[k]) }
                hasher.combine(word)
                index += 8
            }
            var rest: UInt64 = 0
            while index < bytes.count { rest = rest << 8 | UInt64(bytes[index]); index += 1 }
            hasher.combine(rest)
        } else {
            let utf8 = token.utf8
            hasher.combine(utf8.count)
            var word: UInt64 = 0
            var filled = 0
            for byte in utf8.suffix(Self.hashedSuffix) {
                word = word << 8 | UInt64(byte)
                filled += 1
                if filled == 8 {
                    hasher.combine(word)
                    word = 0
                    filled = 0
                }
            }
            hasher.combine(word)
        }
    }
}
