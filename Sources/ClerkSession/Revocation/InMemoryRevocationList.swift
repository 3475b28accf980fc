import Atomics
import Synchronization

/// The embedded revocation list: this process's memory, read without a lock.
///
/// Reads (``revocation(sessionID:userID:issuedAt:)``, on every verification) hash the token's `sid` and
/// `sub` and read one atomic word each of a 65 536-bit filter: a clear bit proves the id is not listed, so a
/// token nobody revoked costs two hashes and two atomic loads however long the list is (a verifier's cache
/// hits skip the hashes: the verified session keeps them once computed). Only a set bit (a listed id, or
/// about one chance in 60 per 1 000 entries) loads the immutable table the last write published. No lock, no
/// allocation.
/// Writes (``record(_:)``, rare: webhooks and `revokeSession` calls) are serialised and publish a new table.
///
/// Memory is bounded twice: an entry leaves at the first write after ``Policy/retention`` has passed since
/// its revocation (by then every token it could refuse has expired: Clerk's session tokens live 60 s), and
/// the list never holds more than ``Policy/capacity`` entries (the ones closest to leaving go first).
public final class InMemoryRevocationList: SessionRevocationList {
    /// How long entries stay and how many there may be.
    public struct Policy: Sendable {
        /// How long an entry stays after its revocation (default 10 minutes: ten times a session token's
        /// lifetime, so tokens with a custom lifetime up to that are covered too).
        public var retention: Duration
        /// The most entries kept (default 100 000; an estimate of 10–15 MiB at that size, not measured).
        public var capacity: Int

        /// The defaults.
        public init(retention: Duration = .seconds(600), capacity: Int = 100_000) {
            self.retention = retention
            self.capacity = capacity
        }
    }

    /// The limits.
    public let policy: Policy
    private let clock: ClerkClock
    private let table: ManagedAtomic<RevocationTable>
    /// The table's entry count, republished with it: the common case (nothing revoked lately) reads only this.
    private let published: Atomic<Int>
    private let writer: Locked<Void>
    /// The filter: bit `h mod 65 536` is set for the hash `h` of every listed session id and (salted) user id.
    /// Held inline (no array of atomic objects): a read is a plain load, with no reference to retain.
    private let filter: InlineArray<1024, Atomic<UInt64>>
    private static let filterWords = 1024
    /// Keeps a user id's bit apart from a session id with the same bytes.
    private static let userSalt: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// An empty list.
    public init(policy: Policy = Policy(), clock: ClerkClock = .system) {
        self.policy = Policy(retention: max(policy.retention, .zero), capacity: max(1, policy.capacity))
        self.clock = clock
        self.table = ManagedAtomic(.empty)
        self.published = Atomic(0)
        self.writer = Locked(())
        self.filter = InlineArray { _ in Atomic<UInt64>(0) }
    }

    @inline(__always)
    private func mayHold(_ hash: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: hash & 0xFFFF)
        return filter[bit >> 6].load(ordering: .acquiring) & (1 << UInt64(bit & 63)) != 0
    }

    /// The filter's answer for a session id's and a user id's ``RevocationTable/hash(_:)``: false proves
    /// neither is listed. The user's hash is computed only when the session's bit is clear.
    @inline(__always)
    private func mayList(sessionHash: UInt64?, userHash: @autoclosure () -> UInt64?) -> Bool {
        if let sessionHash, mayHold(sessionHash) { return true }
        guard let userHash = userHash() else { return false }
        return mayHold(userHash ^ Self.userSalt)
    }

    /// Whether nothing is held now (one relaxed atomic load).
    @inline(__always)
    public var isEmpty: Bool { published.load(ordering: .relaxed) == 0 }

    /// The hot-path read (see ``SessionRevocationList``).
    @inline(__always)
    public func revocation(sessionID: ArraySlice<UInt8>?, userID: ArraySlice<UInt8>?, issuedAt: Double?)
        -> SessionRevocation?
    {
        guard !isEmpty,
            mayList(sessionHash: sessionID.map(RevocationTable.hash), userHash: userID.map(RevocationTable.hash))
        else { return nil }
        return table.load(ordering: .acquiring).lookup(sessionID: sessionID, userID: userID, issuedAt: issuedAt)
    }

    /// What ``verdict(of:)`` finds.
    enum Verdict {
        case notRevoked
        case revoked(SessionRevocation)
    }

    /// The verifier's read of a verified session: the same answer as
    /// ``revocation(sessionID:userID:issuedAt:)`` for its `sid` and `sub`, from the hashes the session
    /// keeps once computed, so a cache hit of a token nobody revoked costs two atomic loads and no hashing.
    @inline(__always)
    func verdict(of session: VerifiedSession.Storage) -> Verdict {
        guard !isEmpty else { return .notRevoked }
        let hashes = session.revocationHashes
        guard mayList(sessionHash: hashes.session, userHash: hashes.user),
            let revocation = table.load(ordering: .acquiring).lookup(
                sessionID: session.sessionIDBytes, userID: session.userIDBytes, issuedAt: session.issuedAt)
        else { return .notRevoked }
        return .revoked(revocation)
    }

    public func record(_ revocations: [SessionRevocation]) async { _ = recordNow(revocations) }

    /// Adds `revocations` and returns the ones that changed the list (new sessions, users, or a later cutoff
    /// for a user already listed); a shared store publishes those. Entries past their retention leave now.
    @discardableResult
    public func recordNow(_ revocations: [SessionRevocation]) -> [SessionRevocation] {
        let now = clock.now()
        let retention = Double(policy.retention.components.seconds)
        return writer.withLock { _ in
            let current = table.load(ordering: .acquiring)
            var sessions = current.sessions
            var users = current.users
            var changed: [SessionRevocation] = []
            for revocation in revocations {
                switch revocation.subject {
                case .session(let id):
                    let bytes = Array(id.utf8)
                    let hash = RevocationTable.hash(bytes)
                    if sessions[hash]?.contains(where: { $0.id == bytes }) == true { continue }
                    sessions[hash, default: []].append(
                        .init(id: bytes, revocation: revocation, expiresAt: revocation.at + retention))
                    changed.append(revocation)
                case .user(let id):
                    let bytes = Array(id.utf8)
                    let hash = RevocationTable.hash(bytes)
                    var bucket = users[hash] ?? []
                    if let i = bucket.firstIndex(where: { $0.id == bytes }) {
                        // A later cutoff covers more tokens; an earlier one adds nothing.
                        guard revocation.at > bucket[i].revocation.at else { continue }
                        bucket[i] = .init(id: bytes, revocation: revocation, expiresAt: revocation.at + retention)
                    } else {
                        bucket.append(.init(id: bytes, revocation: revocation, expiresAt: revocation.at + retention))
                    }
                    users[hash] = bucket
                    changed.append(revocation)
                }
            }
            Self.prune(&sessions, before: now)
            Self.prune(&users, before: now)
            Self.bound(&sessions, &users, to: policy.capacity)
            let next = RevocationTable(sessions: sessions, users: users)
            // The table first, then the filter's bits: a reader that sees a new bit finds its entry. An entry
            // in both the old and the new table keeps its bit set across the word-by-word update.
            var words = [UInt64](repeating: 0, count: Self.filterWords)
            for (hash, _) in sessions { words[Int(hash & 0xFFFF) >> 6] |= 1 << (hash & 63) }
            for (hash, _) in users {
                let salted = hash ^ Self.userSalt
                words[Int(salted & 0xFFFF) >> 6] |= 1 << (salted & 63)
            }
            table.store(next, ordering: .releasing)
            published.store(next.count, ordering: .releasing)
            for (i, word) in words.enumerated() { filter[i].store(word, ordering: .releasing) }
            return changed
        }
    }

    /// Every revocation held now.
    public var entries: [SessionRevocation] {
        let current = table.load(ordering: .acquiring)
        return (current.sessions.values.joined().map(\.revocation) + current.users.values.joined().map(\.revocation))
            .sorted { $0.at < $1.at }
    }

    /// How many revocations are held now (at most ``Policy/capacity``).
    public var count: Int { published.load(ordering: .acquiring) }

    private static func prune(_ buckets: inout [UInt64: [RevocationTable.Entry]], before now: Double) {
        for (hash, bucket) in buckets {
            let kept = bucket.filter { $0.expiresAt >= now }
            buckets[hash] = kept.isEmpty ? nil : kept
        }
    }

    private static func bound(
        _ sessions: inout [UInt64: [RevocationTable.Entry]], _ users: inout [UInt64: [RevocationTable.Entry]],
        to capacity: Int
    ) {
        let total = sessions.values.reduce(0) { $0 + $1.count } + users.values.reduce(0) { $0 + $1.count }
        guard total > capacity else { return }
        // Drop the `excess` entries closest to leaving anyway.
        var excess = total - capacity
        let expiries = (sessions.values.joined().map(\.expiresAt) + users.values.joined().map(\.expiresAt)).sorted()
        let cutoff = expiries[excess - 1]
        func trim(_ buckets: inout [UInt64: [RevocationTable.Entry]]) {
            for (hash, bucket) in buckets where excess > 0 {
                let kept = bucket.filter { entry in
                    guard excess > 0, entry.expiresAt <= cutoff else { return true }
                    excess -= 1
                    return false
                }
                buckets[hash] = kept.isEmpty ? nil : kept
            }
        }
        trim(&sessions)
        trim(&users)
    }
}

extension RevocationTable: AtomicReference {}
