/// One thread's copies of the verified-token cache entries it hits again and again (see
/// ``VerifiedTokenCache``): hits of one token from several cores then share no lock and no reference count.
///
/// Not `Sendable`, and never shared: only the thread that owns it touches it (``withCurrent(_:)``, in
/// `TokenReplica+Unsafe.swift`). A slot is served only while the cache's generation is the one recorded
/// when the entry was last seen in the cache under its shard's lock; every change that can take an entry out
/// of the cache (removal, eviction, sweep, replacement) moves the generation first, so a slot never outlives
/// its entry. What a slot serves is a copy of that entry (``VerifiedTokenCache/Entry/unsharedCopy()``):
/// the same claims, times, key and key generation, in objects of this thread's own.
final class TokenReplica {
    struct Slot {
        /// The cache the entry belongs to (``VerifiedTokenCache/id``; 0: an empty slot).
        var cacheID = 0
        /// The cache's generation when the entry was last seen in it.
        var cacheGeneration = 0
        /// This thread's copy of the token text.
        var token = ""
        /// This thread's copy of the entry.
        var entry: VerifiedTokenCache.Entry?
        /// The object behind the cache's own entry, kept alive so that comparing it by identity is sound.
        var origin: AnyObject?
    }

    /// Slots per thread: a thread serves a few hot tokens at a time (a page's parallel requests, a
    /// service's own M2M token); more would only lengthen the search of a miss.
    static let slotCount = 4

    @exclusivity(unchecked) private var slots = [Slot](repeating: Slot(), count: slotCount)
    /// Fingerprints of tokens recently hit through the lock on this thread: a token gets a slot on its
    /// second locked hit among the last few, so a stream of distinct tokens (many users, each seen once
    /// here) costs no copies.
    @exclusivity(unchecked) private var candidates = [UInt64](repeating: 0, count: slotCount)
    @exclusivity(unchecked) private var nextSlot = 0
    @exclusivity(unchecked) private var nextCandidate = 0
    /// Hits served from this thread's slots (for tests on the same thread).
    @exclusivity(unchecked) private(set) var hits = 0

    init() {}

    /// The copy of `token`'s entry in `cache`, when this thread holds one and `generation` is still the
    /// cache's generation at the time the copy was last checked against the cache. `token` may be a
    /// `Substring`: slots compare bytes where they lie.
    @inline(__always)
    func entry(cache: Int, generation: Int, token: some StringProtocol) -> VerifiedTokenCache.Entry? {
        for i in 0..<Self.slotCount
        where slots[i].cacheID == cache && slots[i].cacheGeneration == generation
            && RawBytes.sameUTF8(slots[i].token, token)
        {
            hits &+= 1
            return slots[i].entry
        }
        return nil
    }

    /// After a hit through `cache`'s lock, where `entry` was in the cache at `generation`: revalidates this
    /// thread's slot for `token`, or copies the entry into a slot when the token was hit here recently.
    func noteLockedHit(cache: Int, generation: Int, token: String, entry: VerifiedTokenCache.Entry) {
        let origin = entry.storageObject
        for i in 0..<Self.slotCount where slots[i].cacheID == cache && RawBytes.sameUTF8(slots[i].token, token) {
            if slots[i].origin === origin, let copy = slots[i].entry {
                // The same entry object (perhaps re-inserted with a newer key generation): no new copy.
                slots[i].entry = .init(identity: copy.identity, generation: entry.generation)
                slots[i].cacheGeneration = generation
            } else {
                slots[i].entry = entry.unsharedCopy()
                slots[i].origin = origin
                slots[i].cacheGeneration = generation
            }
            return
        }
        let print = Self.fingerprint(token, cache: cache)
        guard candidates.contains(print) else {
            candidates[nextCandidate] = print
            nextCandidate = (nextCandidate + 1) % Self.slotCount
            return
        }
        slots[nextSlot] = Slot(
            cacheID: cache, cacheGeneration: generation, token: String(decoding: Array(token.utf8), as: UTF8.self),
            entry: entry.unsharedCopy(), origin: origin)
        nextSlot = (nextSlot + 1) % Self.slotCount
    }

    /// Empties every slot (tests).
    func removeAll() {
        slots = [Slot](repeating: Slot(), count: Self.slotCount)
        candidates = [UInt64](repeating: 0, count: Self.slotCount)
    }

    /// The token's length and last eight bytes (signature), with the cache's id: which token a candidate
    /// was. A collision only gives a token a slot a little early; the slot itself compares every byte.
    private static func fingerprint(_ token: String, cache: Int) -> UInt64 {
        var value = UInt64(truncatingIfNeeded: token.utf8.count) &* 0x9E37_79B9_7F4A_7C15
        value ^= UInt64(truncatingIfNeeded: cache) &* 0xC2B2_AE3D_27D4_EB4F
        var taken = 0
        for byte in token.utf8.reversed() {
            value = (value &<< 8 | value &>> 56) ^ UInt64(byte)
            taken += 1
            if taken == 8 { break }
        }
        return value | 1
    }
}
