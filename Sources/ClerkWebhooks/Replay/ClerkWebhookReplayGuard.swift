import ClerkSession

/// A bounded memory of recent delivery ids (`svix-id`), so that a retry of a message already applied is
/// acknowledged without being applied again.
///
/// Svix retries a message with the same id for up to about a day and a half; the memory holds the last
/// ``capacity`` ids (default 10 000, about 1 MiB at most), the oldest forgotten first. A retry older than
/// that is applied again: every effect this package draws from an event is idempotent (a revocation stays a
/// revocation), so forgetting costs work, never correctness. Ids are compared as bytes.
public final class ClerkWebhookReplayGuard: Sendable {
    /// How many ids are remembered.
    public let capacity: Int
    private let state: Locked<State>

    private struct State {
        var seen: Set<[UInt8]> = []
        var order: [[UInt8]] = []
        var next = 0
    }

    /// A memory of the last `capacity` ids (at least 1).
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.state = Locked(State())
    }

    /// Records `id`; true when it was not seen among the remembered ids (apply the event), false for a
    /// replay (acknowledge it, apply nothing).
    public func recordFirstDelivery(of id: String) -> Bool {
        let key = Array(id.utf8)
        return state.withLock { s in
            guard !s.seen.contains(key) else { return false }
            if s.order.count < capacity {
                s.order.append(key)
            } else {
                s.seen.remove(s.order[s.next])
                s.order[s.next] = key
                s.next = (s.next + 1) % capacity
            }
            s.seen.insert(key)
            return true
        }
    }

    /// Forgets `id`, so that its next delivery is applied (after a handler failed on it).
    public func forget(_ id: String) {
        let key = Array(id.utf8)
        state.withLock { s in
            guard s.seen.remove(key) != nil else { return }
            // Its slot in the eviction order stays until reused; removing an absent key then is harmless.
        }
    }

    /// How many ids are remembered now (at most ``capacity``).
    public var count: Int { state.withLock { $0.seen.count } }
}
