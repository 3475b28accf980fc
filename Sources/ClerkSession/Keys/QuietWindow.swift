import Synchronization

/// The lock-free summary of a key store that cache hits read: the current key generation (0: none) and
/// the time before which that generation may be served without consulting the store (−∞: not now).
///
/// Both values are published by one writer at a time (under the store's lock) and read without a lock
/// by any number of cache hits. A reader must never pair one generation with another's deadline, so it
/// reads the generation, then the deadline, then the generation again, and trusts the pair only when the
/// two generation reads agree; the writer hides the deadline (−∞) before it changes the generation. A
/// deadline read between the two is therefore either −∞ or one published for that same generation.
final class QuietWindow: Sendable {
    private let generation = Atomic<Int>(0)
    private let deadline = Atomic<UInt64>((-Double.infinity).bitPattern)

    init() {}

    /// Publishes `generation` with its deadline (the caller holds the store's lock).
    func publish(generation newGeneration: Int, until: Double) {
        deadline.store((-Double.infinity).bitPattern, ordering: .releasing)
        generation.store(newGeneration, ordering: .releasing)
        deadline.store(until.bitPattern, ordering: .releasing)
    }

    /// Whether an entry of `expected` generation may be served at `now`. Three atomic loads, no lock.
    @inline(__always)
    func isQuiet(generation expected: Int, now: Double) -> Bool {
        isQuiet(generation: expected, now: now, betweenReads: nil)
    }

    /// ``isQuiet(generation:now:)`` with a hook run between the first generation read and the deadline
    /// read, so that tests can publish a new generation exactly there.
    @inline(__always)
    func isQuiet(generation expected: Int, now: Double, betweenReads: (() -> Void)?) -> Bool {
        guard generation.load(ordering: .acquiring) == expected else { return false }
        betweenReads?()
        let until = Double(bitPattern: deadline.load(ordering: .acquiring))
        // `now < until` is false for NaN: a broken clock never serves from the cache.
        return now < until && generation.load(ordering: .acquiring) == expected
    }

    /// The generation last published (0: none).
    var currentGeneration: Int { generation.load(ordering: .acquiring) }
}
