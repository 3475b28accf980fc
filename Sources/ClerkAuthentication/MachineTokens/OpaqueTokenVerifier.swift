import ClerkSession
import Metrics

/// Verifies opaque machine tokens through Clerk's Backend API within ``MachineTokenLimits``: a cache of
/// answers keyed by SHA-256, single flight per token, a format check and a rate limit before any call.
///
/// A cache hit costs one SHA-256 of the token (no allocation) and one lock of one of 16 shards.
final class OpaqueTokenVerifier: Sendable {
    typealias Answer = Result<MachineIdentity, ClerkVerificationError>

    private struct CacheEntry: Sendable {
        let answer: Answer
        /// Seconds since 1970 after which the entry is not used.
        let until: Double
    }

    private struct Flights: Sendable {
        var running: [TokenDigest: Task<Answer, Never>] = [:]
        /// The token bucket: calls that may start now, and when it was last filled.
        var allowance: Double
        var filledAt: Double
        var calls = 0
        /// Requests waiting for a call's answer (for tests).
        var waiters = 0
    }

    static let shardCount = 16
    let limits: MachineTokenLimits
    private let backend: any ClerkMachineTokenBackend
    private let clock: ClerkClock
    private let shards: [Locked<[TokenDigest: CacheEntry]>]
    private let perShard: Int
    private let flights: Locked<Flights>
    private let metrics: MachineTokenMetrics

    init(
        backend: any ClerkMachineTokenBackend, limits: MachineTokenLimits, clock: ClerkClock,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.backend = backend
        self.limits = limits
        self.clock = clock
        self.metrics = MachineTokenMetrics(factory: metricsFactory)
        self.perShard = max(1, limits.cacheCapacity / Self.shardCount)
        self.shards = (0..<Self.shardCount).map { _ in Locked([:]) }
        self.flights = Locked(Flights(allowance: limits.callsPerSecond, filledAt: clock.now()))
    }

    /// How many calls to Clerk were started (for tests and diagnostics).
    var callCount: Int { flights.withLock { $0.calls } }

    /// How many requests wait for a call's answer right now (for tests).
    var waiterCount: Int { flights.withLock { $0.waiters } }

    /// How many answers are cached (for tests).
    var cachedCount: Int { shards.reduce(0) { $0 + $1.withLock { $0.count } } }

    /// Verifies `token`, whose prefix says it is of `kind`.
    func verify(_ token: String, kind: ClerkTokenKind) async -> Answer {
        if let refusal = Self.formatRefusal(token, kind: kind, maximumBytes: limits.maximumTokenBytes) {
            metrics.record(kind, .malformed)
            return .failure(refusal)
        }
        let digest = TokenDigest(token)
        let now = clock.now()
        if let cached = cachedAnswer(digest, now: now) {
            metrics.recordCache(hit: true)
            metrics.record(kind, Self.result(of: cached))
            return cached
        }
        metrics.recordCache(hit: false)
        let (answer, result) = await call(token, kind: kind, digest: digest, now: now)
        metrics.record(kind, result)
        return answer
    }

    /// The metrics' `result` of an answer Clerk gave (or the cache kept).
    private static func result(of answer: Answer) -> MachineTokenMetrics.Result {
        switch answer {
        case .success: .verified
        case .failure(let error): error.code == .machineTokenRejected ? .rejected : .unavailable
        }
    }

    /// The cached answer for `digest`, when one is still good at `now`.
    @inline(__always)
    func cachedAnswer(_ digest: TokenDigest, now: Double) -> Answer? {
        let shard = shards[Int(truncatingIfNeeded: digest.word0 & UInt64(Self.shardCount - 1))]
        guard let entry = shard.withLock({ $0[digest] }) else { return nil }
        // Written so that a NaN clock does not keep a "yes" alive.
        guard now < entry.until else { return nil }
        return entry.answer
    }

    /// The answer for `token`, from a call of its own or one in flight, or a refusal within the limits; with
    /// what it came to, for the metrics.
    private func call(_ token: String, kind: ClerkTokenKind, digest: TokenDigest, now: Double) async
        -> (Answer, MachineTokenMetrics.Result)
    {
        enum Admission {
            case join(Task<Answer, Never>)
            case refuse(ClerkVerificationError, MachineTokenMetrics.Result)
        }
        let admission = flights.withLock { f -> Admission in
            if let running = f.running[digest] {
                f.waiters += 1
                return .join(running)
            }
            guard f.running.count < limits.maximumCallsInFlight else {
                return .refuse(
                    ClerkVerificationError(
                        .machineTokenVerifyUnavailable,
                        "\(limits.maximumCallsInFlight) calls to Clerk are in flight already; try again shortly"),
                    .overloaded)
            }
            // Refill the bucket (a clock that went back refills nothing).
            let elapsed = now - f.filledAt
            if elapsed > 0 {
                f.allowance = min(limits.callsPerSecond, f.allowance + elapsed * limits.callsPerSecond)
                f.filledAt = now
            }
            guard f.allowance >= 1 else {
                return .refuse(
                    ClerkVerificationError(
                        .machineTokenVerifyUnavailable,
                        "the rate limit on calls to Clerk (\(limits.callsPerSecond)/s) is reached; try again shortly"),
                    .rateLimited)
            }
            f.allowance -= 1
            f.calls += 1
            let task = Task { [self] in
                let answer = await self.ask(token, kind: kind)
                self.finish(digest, answer)
                return answer
            }
            f.running[digest] = task
            f.waiters += 1
            return .join(task)
        }
        switch admission {
        case .refuse(let error, let result): return (.failure(error), result)
        case .join(let task):
            let answer = await task.value
            flights.withLock { $0.waiters -= 1 }
            return (answer, Self.result(of: answer))
        }
    }

    /// One Backend API call, its failure mapped to 401 (the token is bad) or 503 (not judged).
    private func ask(_ token: String, kind: ClerkTokenKind) async -> Answer {
        do throws(ClerkAPIError) {
            let identity = try await backend.verifyMachineToken(token, kind: kind)
            guard identity.kind == kind else {
                return .failure(
                    ClerkVerificationError(
                        .machineTokenRejected, "Clerk answered for a \(identity.kind.rawValue), not a \(kind.rawValue)")
                )
            }
            if let expires = identity.expiresAtSeconds, !(expires > clock.now()) {
                return .failure(ClerkVerificationError(.machineTokenRejected, "the \(kind.rawValue) has expired"))
            }
            return .success(identity)
        } catch {
            if error.isMachineTokenRejection {
                return .failure(
                    ClerkVerificationError(.machineTokenRejected, "Clerk refused the \(kind.rawValue): \(error.detail)")
                )
            }
            return .failure(
                ClerkVerificationError(
                    .machineTokenVerifyUnavailable,
                    "Clerk could not verify the \(kind.rawValue) (\(error.code)); try again shortly"))
        }
    }

    private func finish(_ digest: TokenDigest, _ answer: Answer) {
        let now = clock.now()
        let until: Double?
        switch answer {
        case .success(let identity):
            let lifetime = now + limits.maximumCacheLifetime.inSeconds
            until = min(identity.expiresAtSeconds ?? lifetime, lifetime)
        case .failure(let error) where error.code == .machineTokenRejected:
            until = now + limits.rejectionMemory.inSeconds
        case .failure:
            until = nil  // not judged: the next request asks again (within the rate limit)
        }
        if let until, until > now {
            let shard = shards[Int(truncatingIfNeeded: digest.word0 & UInt64(Self.shardCount - 1))]
            let perShard = perShard
            shard.withLock { entries in
                if entries.count >= perShard, entries[digest] == nil {
                    entries = entries.filter { now < $0.value.until }
                    while entries.count >= perShard { entries.remove(at: entries.startIndex) }
                }
                entries[digest] = CacheEntry(answer: answer, until: until)
            }
        }
        flights.withLock { _ = $0.running.removeValue(forKey: digest) }
    }

    /// Why `token` cannot be an opaque token of `kind`, before any call: its prefix, its length (at most
    /// `maximumBytes`, at least 8 characters after the prefix), its alphabet (`A–Z a–z 0–9 _ -`).
    static func formatRefusal(_ token: String, kind: ClerkTokenKind, maximumBytes: Int) -> ClerkVerificationError? {
        let prefix: String
        switch kind {
        case .m2mToken: prefix = "mt_"
        case .apiKey: prefix = "ak_"
        case .oauthToken: prefix = "oat_"
        case .sessionToken: return ClerkVerificationError(.tokenTypeMismatch, "a session token is not opaque")
        }
        let bytes = token.utf8
        guard bytes.starts(with: prefix.utf8) else {
            return ClerkVerificationError(.machineTokenRejected, "the token does not start with \(prefix)")
        }
        guard bytes.count <= maximumBytes, bytes.count - prefix.utf8.count >= 8 else {
            return ClerkVerificationError(
                .machineTokenRejected,
                "the \(kind.rawValue) is \(bytes.count) bytes; an opaque token has 8 to \(maximumBytes - prefix.utf8.count) characters after \(prefix)"
            )
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return ClerkVerificationError(
                    .machineTokenRejected, "the \(kind.rawValue) has a byte outside A-Z a-z 0-9 _ -")
            }
        }
        return nil
    }
}
