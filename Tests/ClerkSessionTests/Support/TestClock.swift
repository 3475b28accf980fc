import ClerkSession

/// A clock the test moves by hand (no sleeps).
final class TestClock: Sendable {
    private let seconds: Locked<Double>
    init(_ start: Double = 1_800_000_000) { seconds = Locked(start) }
    var now: Double { seconds.withLock { $0 } }
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
    var clock: ClerkClock { ClerkClock { [self] in self.now } }
}
