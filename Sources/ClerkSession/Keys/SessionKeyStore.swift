import Logging
import Metrics
import Tracing

/// Keeps the keys of one Clerk instance fresh, and hands the verifier an immutable snapshot.
///
/// - The hot path reads the current snapshot synchronously (no actor hop, no `await`). A verification
///   that hits the verified-token cache reads three atomics instead (``isQuiet(generation:now:)``), so
///   concurrent cache hits never meet on this store's lock.
/// - Keys live ``Policy/timeToLive`` (300 seconds, as Clerk) and are refreshed in the background
///   ``Policy/refreshAhead`` before that, by whichever request notices first, or by
///   ``SessionKeyRefreshService``.
/// - When a refresh fails, the last good keys keep serving for up to ``Policy/maximumStaleness``; retries
///   back off exponentially with jitter and honour `Retry-After`. After that the store reports the
///   outage with a `jwk-remote-*` code, never as a bad token.
/// - An unknown `kid` (or a failed signature under a known one: Clerk keeps the `kid` across a
///   rotation) causes at most one refetch per ``Policy/unknownKeyIDCooldown``, and every concurrent
///   caller shares the one fetch in flight.
public final class SessionKeyStore: Sendable {
    /// ``Policy`` in seconds, converted once: the store does its arithmetic on the clock's Doubles.
    private struct Timing: Sendable {
        let timeToLive: Double
        let refreshAhead: Double
        let maximumStaleness: Double
        let unknownKeyIDCooldown: Double
        let initialBackoff: Double
        let maximumBackoff: Double

        init(_ policy: Policy) {
            timeToLive = policy.timeToLive.inSeconds
            refreshAhead = policy.refreshAhead.inSeconds
            maximumStaleness = policy.maximumStaleness.inSeconds
            unknownKeyIDCooldown = policy.unknownKeyIDCooldown.inSeconds
            initialBackoff = policy.initialBackoff.inSeconds
            maximumBackoff = policy.maximumBackoff.inSeconds
        }
    }

    /// One generation of keys.
    struct Snapshot: Sendable {
        let keySet: SessionKeySet
        let fetchedAt: Double
        let generation: Int
        /// The checked header of this generation's first verified token (see ``HeaderMemo``): read with
        /// the snapshot, under the lock `lookup()` takes anyway.
        var header: HeaderMemo?
    }

    enum Lookup {
        case ready(Snapshot)
        case unavailable(ClerkVerificationError)
    }

    private struct State: Sendable {
        var snapshot: Snapshot?
        var lastError: ClerkVerificationError?
        var failures = 0
        var nextAttemptAt = -Double.infinity
        var lastFetchStartedAt = -Double.infinity
        var inFlight: Task<Void, Never>?
        var generation = 0
        var fetchCount = 0
    }

    /// Where keys come from.
    public let source: any SessionKeySource
    /// Timing rules.
    public let policy: Policy
    private let timing: Timing
    let clock: ClerkClock
    let logger: Logger
    private let state: Locked<State>
    /// Lock-free summary of `state` for cache hits, republished under the lock on every change: the
    /// current snapshot's generation (0: none), and the time before which a `lookup()` would return that
    /// snapshot without wanting a refresh (−∞ when it would not).
    let quiet = QuietWindow()
    private let fetchSuccesses: Counter
    private let fetchFailures: Counter
    private let fetchTimer: Metrics.Timer
    /// Where the key-fetch metrics and `clerk.jwks.fetch` spans go.
    public let observability: ClerkObservability

    /// A store fed by `source`.
    ///
    /// - Parameter observability: where the key-fetch metrics and spans go (the process-wide backends by
    ///   default; see <doc:Observability>).
    public init(
        source: any SessionKeySource, policy: Policy = Policy(), clock: ClerkClock = .system,
        logger: Logger = Logger(label: "clerk.session.keys"), observability: ClerkObservability = .global
    ) {
        self.source = source
        self.policy = policy
        self.timing = Timing(policy)
        self.clock = clock
        self.logger = logger
        self.state = Locked(State())
        self.observability = observability
        let factory = observability.factory
        self.fetchSuccesses = Counter(
            label: "clerk_session_jwks_fetches_total", dimensions: [("result", "success")], factory: factory)
        self.fetchFailures = Counter(
            label: "clerk_session_jwks_fetches_total", dimensions: [("result", "failure")], factory: factory)
        self.fetchTimer = Metrics.Timer(
            label: "clerk_session_jwks_fetch_duration_seconds", dimensions: [], factory: factory)
    }

    /// A store that serves `keySet` forever, ready at once (no loading, no network).
    public convenience init(
        keySet: SessionKeySet, clock: ClerkClock = .system, observability: ClerkObservability = .global
    ) {
        self.init(source: StaticKeySource(keySet), clock: clock, observability: observability)
        let now = clock.now()
        state.withLock { s in
            s.generation = 1
            s.snapshot = Snapshot(keySet: keySet, fetchedAt: now, generation: 1)
            publish(s)
        }
    }

    /// The keys now in use, if any.
    public var currentKeySet: SessionKeySet? { state.withLock { $0.snapshot?.keySet } }

    /// How many fetches the store has started. A diagnostic for tests and the soak harness (a separate
    /// package), not API: it may change without notice.
    @_spi(Diagnostics)
    public var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// The hot-path read: the current snapshot, or why there is none. May start a background refresh.
    func lookup() -> Lookup {
        let now = clock.now()
        let refreshable = source.isRefreshable
        let (snapshot, lastError, wantsRefresh) = state.withLock { s -> (Snapshot?, ClerkVerificationError?, Bool) in
            var wants = false
            if let snap = s.snapshot {
                wants =
                    refreshable && s.inFlight == nil && now >= s.nextAttemptAt
                    && now - snap.fetchedAt >= timing.timeToLive - timing.refreshAhead
            }
            return (s.snapshot, s.lastError, wants)
        }
        if wantsRefresh { _ = startFetch() }
        if let snapshot, !refreshable || now - snapshot.fetchedAt <= timing.timeToLive + timing.maximumStaleness {
            return .ready(snapshot)
        }
        if let lastError { return .unavailable(lastError) }
        if snapshot != nil {
            return .unavailable(
                ClerkVerificationError(
                    .remoteKeysFailedToLoad,
                    "the cached keys are older than the \(policy.maximumStaleness.components.seconds) s staleness bound and no refresh has succeeded"
                ))
        }
        return .unavailable(
            ClerkVerificationError(
                .keysFailedToResolve,
                "no keys loaded yet from \(source); call prewarm() at start-up or use the async verification"))
    }

    /// Keeps `memo` with the snapshot of `generation`, if that is still the current one and keeps none yet.
    func remember(_ memo: HeaderMemo, generation: Int) {
        state.withLock { s in
            guard var snapshot = s.snapshot, snapshot.generation == generation, snapshot.header == nil else { return }
            snapshot.header = memo
            s.snapshot = snapshot
        }
    }

    /// Whether an entry verified under key generation `generation` may be served at `now` without a
    /// `lookup()`: that generation is still the current one, its keys are within their staleness bound and
    /// no refresh is due. Two atomic loads, no lock: the verified-token cache's hit path.
    @inline(__always)
    func isQuiet(generation: Int, now: Double) -> Bool {
        quiet.isQuiet(generation: generation, now: now)
    }

    /// Whether any key set has been loaded (one atomic load; a loaded store never goes back to none).
    var hasLoadedKeys: Bool { quiet.currentGeneration != 0 }

    /// Republishes the lock-free summary of `s`; called under the lock after every change that
    /// `lookup()` depends on.
    private func publish(_ s: State) {
        guard let snap = s.snapshot else {
            quiet.publish(generation: 0, until: -Double.infinity)
            return
        }
        var until = Double.infinity
        if source.isRefreshable {
            until = snap.fetchedAt + timing.timeToLive + timing.maximumStaleness
            if s.inFlight == nil {
                until = min(until, max(s.nextAttemptAt, snap.fetchedAt + timing.timeToLive - timing.refreshAhead))
            }
        }
        quiet.publish(generation: snap.generation, until: until)
    }

    /// Loads keys if none are loaded yet (waiting for a fetch in flight), then returns.
    /// Failures are remembered and reported by the next verification.
    public func prewarm() async {
        if state.withLock({ $0.snapshot != nil }) { return }
        if let fetch = startFetch() { await fetch.value }
    }

    /// Fetches now (sharing a fetch in flight), unless a backoff or `Retry-After` is in force.
    public func refresh() async {
        if let fetch = startFetch() { await fetch.value }
    }

    /// A refetch for an unknown `kid` or a failed signature: rate-limited by the cooldown, shared with any
    /// fetch in flight. Returns true when a fetch ran (or was joined) and finished.
    func refreshForUnknownKeyID() async -> Bool {
        guard source.isRefreshable else { return false }
        let now = clock.now()
        let task: Task<Void, Never>? = state.withLock { s in
            if let running = s.inFlight { return running }
            guard now - s.lastFetchStartedAt >= timing.unknownKeyIDCooldown, now >= s.nextAttemptAt else { return nil }
            return makeFetchTask(&s, now: now)
        }
        guard let task else { return false }
        await task.value
        return true
    }

    /// Starts (or joins) a fetch, unless a backoff or `Retry-After` is in force.
    private func startFetch() -> Task<Void, Never>? {
        let now = clock.now()
        return state.withLock { s in
            if let running = s.inFlight { return running }
            if s.snapshot != nil, !source.isRefreshable { return nil }
            guard now >= s.nextAttemptAt else { return nil }
            return makeFetchTask(&s, now: now)
        }
    }

    private func makeFetchTask(_ s: inout State, now: Double) -> Task<Void, Never> {
        s.lastFetchStartedAt = now
        s.fetchCount += 1
        let task = Task { await self.performFetch() }
        s.inFlight = task
        publish(s)
        return task
    }

    private func performFetch() async {
        // Parented by the trace of whichever request started the fetch (task-local context), if any.
        let span = observability.activeTracer.startSpan("clerk.jwks.fetch", ofKind: .internal)
        span.attributes[ClerkSpanAttribute.keySource] = "\(source)"
        defer { span.end() }
        let started = ContinuousClock.now
        let outcome: Result<SessionKeySet, KeyFetchError>
        outcome = await ServiceContext.$current.withValue(span.context) {
            do throws(KeyFetchError) { return .success(try await source.fetchKeySet()) } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let keySet):
            span.attributes[ClerkSpanAttribute.outcome] = "success"
            span.attributes[ClerkSpanAttribute.keyCount] = keySet.keys.count
        case .failure(let failure):
            span.attributes[ClerkSpanAttribute.outcome] = failure.error.code.rawValue
            span.attributes[ClerkSpanAttribute.errorType] = failure.error.code.rawValue
            span.setStatus(SpanStatus(code: .error))
        }
        let elapsed = ContinuousClock.now - started
        fetchTimer.recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        let now = clock.now()
        switch outcome {
        case .success(let keySet):
            fetchSuccesses.increment()
            state.withLock { s in
                s.generation += 1
                s.snapshot = Snapshot(keySet: keySet, fetchedAt: now, generation: s.generation)
                s.failures = 0
                s.lastError = nil
                s.nextAttemptAt = -Double.infinity
                s.inFlight = nil
                publish(s)
            }
            logger.debug(
                "loaded keys",
                metadata: ["source": "\(source)", "kids": "\(keySet.keys.count)", "skipped": "\(keySet.skipped.count)"])
        case .failure(let failure):
            fetchFailures.increment()
            let delay = state.withLock { s -> Double in
                s.failures += 1
                s.lastError = failure.error
                let exponential = min(timing.maximumBackoff, timing.initialBackoff * pow2(s.failures - 1))
                var delay = exponential * Double.random(in: 0.5...1.0)
                if let retryAfter = failure.retryAfter { delay = max(delay, retryAfter.inSeconds) }
                s.nextAttemptAt = now + delay
                s.inFlight = nil
                publish(s)
                return delay
            }
            let hasCachedKeys = state.withLock { $0.snapshot != nil }
            logger.warning(
                hasCachedKeys
                    ? "key fetch failed; serving cached keys while they last" : "key fetch failed; no keys are cached",
                metadata: [
                    "source": "\(source)", "code": "\(failure.error.code)", "reason": "\(failure.error.message)",
                    "retry_in_seconds": "\(Int(delay.rounded(.up)))",
                ])
        }
    }

    /// Seconds until the store wants its next fetch (for the refresh service), from `now`.
    func secondsUntilNextRefresh() -> Double {
        let now = clock.now()
        return state.withLock { s in
            guard let snap = s.snapshot else { return max(0, s.nextAttemptAt - now) }
            let due = snap.fetchedAt + timing.timeToLive - timing.refreshAhead
            return max(0, max(due, s.nextAttemptAt) - now)
        }
    }
}

private func pow2(_ n: Int) -> Double {
    n <= 0 ? 1 : n >= 60 ? Double(1 << 60) : Double(1 << n)
}
