import ClerkSession

/// Bounds the calls to Clerk that incoming requests can cause (session refresh, legacy verify).
///
/// A request can make this server call Clerk only with a genuinely signed expired token (refresh) or
/// during a key outage (legacy verify); both are still cheap for a client to repeat. The limiter puts
/// four walls between a flood of such requests and Clerk:
///
/// 1. **Single flight** per session and credential: concurrent requests that carry the same session
///    and the same refresh token (or the same token, for legacy verify) share one call and its answer.
///    Requests with another credential never share it: a stranger's junk cookie must not ride on the
///    owner's refresh, nor the owner's request wait on the stranger's refusal.
/// 2. **Refusal memory**: a credential that Clerk refused (a 4xx other than 429) is refused again
///    without a call for ``ClerkRequestAuthenticator/CallLimits/refusalMemory``; the memory is
///    keyed by session *and* credential, so it never blocks the owner's real one.
/// 3. **Per-session budget**: at most ``ClerkRequestAuthenticator/CallLimits/callsPerSessionPerMinute``
///    calls per session in any fixed minute window.
/// 4. **Global bound**: at most ``ClerkRequestAuthenticator/CallLimits/maximumCallsInFlight`` calls in
///    flight at once, for every session together.
/// 5. **Refusal budget** (optional, the handshake nonce exchange's): once Clerk has refused this many calls
///    in a minute window, for any credentials together, no new call starts until the window ends. A credential
///    that cannot be checked before the call (a nonce) has no session to budget: without this wall, distinct
///    junk credentials would spend the instance's Backend API rate limit at the pace the in-flight bound allows.
///
/// Keys are byte strings (never `String` equality). Every table is bounded; expired entries are swept
/// when a table reaches its bound, and arbitrary ones dropped if it is still full.
final class ClerkCallLimiter<Success: Sendable>: Sendable {
    typealias Answer = Result<Success, ClerkAPIError>

    /// What became of one request's call.
    enum Outcome: Sendable {
        /// Clerk answered (this request's own call, or the one it joined).
        case answered(Answer)
        /// Clerk refused this session and credential a moment ago; no call was made.
        case refusedRecently
        /// The session spent its calls for this minute; no call was made.
        case sessionBudgetSpent
        /// Too many calls are in flight; no call was made.
        case overloaded
        /// Clerk refused the refusal budget's worth of calls this minute; no call was made.
        case refusalBudgetSpent
    }

    private struct Key: Hashable, Sendable {
        let session: [UInt8]
        let credential: [UInt8]
    }

    private struct Budget: Sendable {
        var windowStart: Double
        var calls: Int
    }

    private enum Admission {
        case join(Task<Answer, Never>)
        case refuse(Outcome)
    }

    private struct State: Sendable {
        var flights: [Key: Task<Answer, Never>] = [:]
        var refusedUntil: [Key: Double] = [:]
        var budgets: [[UInt8]: Budget] = [:]
        /// Clerk's refusals in the current minute window (counted only with a refusal budget).
        var refusals = Budget(windowStart: -.infinity, calls: 0)
        var calls = 0
        var waiters = 0

        /// The refusals counted in the minute window that holds `now`, a new window begun when the last one
        /// is over (a NaN clock begins a new one each time, as the session budgets do).
        mutating func refusalsThisMinute(at now: Double) -> Int {
            if !(now - refusals.windowStart < 60) { refusals = Budget(windowStart: now, calls: 0) }
            return refusals.calls
        }
    }

    let limits: ClerkRequestAuthenticator.CallLimits
    /// At most this many of Clerk's refusals a minute, for all credentials together; nil: no such bound.
    let refusalsPerMinute: Int?
    private let clock: ClerkClock
    private let state = Locked(State())

    init(limits: ClerkRequestAuthenticator.CallLimits, refusalsPerMinute: Int? = nil, clock: ClerkClock) {
        self.limits = limits
        self.refusalsPerMinute = refusalsPerMinute
        self.clock = clock
    }

    /// How many calls this limiter has started (for tests and diagnostics).
    var callCount: Int { state.withLock { $0.calls } }

    /// How many sessions have a budget entry, and how many refusals are remembered (for tests).
    var tableSizes: (budgets: Int, refusals: Int) { state.withLock { ($0.budgets.count, $0.refusedUntil.count) } }

    /// How many requests are waiting for a call's answer right now (for tests).
    var waiterCount: Int { state.withLock { $0.waiters } }

    /// Runs `call` for `session` and `credential` within the limits, or joins the same call in flight.
    func run(
        session: String, credential: String,
        _ call: @escaping @Sendable () async -> Answer
    ) async -> Outcome {
        let key = Key(session: Array(session.utf8), credential: Array(credential.utf8))
        let now = clock.now()
        let admission = state.withLock { s -> Admission in
            if let until = s.refusedUntil[key] {
                // Written so that a NaN clock keeps the refusal (fail closed).
                if !(now >= until) { return .refuse(.refusedRecently) }
                s.refusedUntil[key] = nil
            }
            if let task = s.flights[key] {
                s.waiters += 1
                return .join(task)
            }
            if let refusalsPerMinute {
                guard s.refusalsThisMinute(at: now) < refusalsPerMinute else { return .refuse(.refusalBudgetSpent) }
            }
            var budget = s.budgets[key.session] ?? Budget(windowStart: now, calls: 0)
            if !(now - budget.windowStart < 60) { budget = Budget(windowStart: now, calls: 0) }
            guard budget.calls < limits.callsPerSessionPerMinute else { return .refuse(.sessionBudgetSpent) }
            guard s.flights.count < limits.maximumCallsInFlight else { return .refuse(.overloaded) }
            budget.calls += 1
            if s.budgets[key.session] == nil {
                Self.makeRoom(in: &s.budgets, bound: limits.maximumTrackedSessions) { !(now - $0.windowStart < 60) }
            }
            s.budgets[key.session] = budget
            s.calls += 1
            let task = Task { [self] in
                let answer = await call()
                self.finish(key, answer)
                return answer
            }
            s.flights[key] = task
            s.waiters += 1
            return .join(task)
        }
        switch admission {
        case .refuse(let outcome): return outcome
        case .join(let task):
            let answer = await task.value
            state.withLock { $0.waiters -= 1 }
            return .answered(answer)
        }
    }

    private func finish(_ key: Key, _ answer: Answer) {
        let now = clock.now()
        state.withLock { s in
            s.flights[key] = nil
            guard case .failure(let error) = answer, Self.isRefusal(error) else { return }
            if refusalsPerMinute != nil {
                _ = s.refusalsThisMinute(at: now)  // the window that holds `now`
                s.refusals.calls += 1
            }
            if s.refusedUntil[key] == nil {
                Self.makeRoom(in: &s.refusedUntil, bound: limits.maximumTrackedSessions) { !(now < $0) }
            }
            s.refusedUntil[key] = now + limits.refusalMemory.inSeconds
        }
    }

    /// Clerk's "no": a 4xx other than 429 (which says "later", not "never").
    static func isRefusal(_ error: ClerkAPIError) -> Bool {
        guard let status = error.status else { return false }
        return (400..<500).contains(status) && status != 429
    }

    /// Keeps `table` below `bound` before one insertion: expired entries first, then arbitrary ones down
    /// to three quarters of the bound, so that a full table costs one sweep per quarter of its size, not
    /// one per insertion.
    private static func makeRoom<K: Hashable, V>(in table: inout [K: V], bound: Int, isExpired: (V) -> Bool) {
        guard table.count >= bound else { return }
        table = table.filter { !isExpired($0.value) }
        let target = max(bound - bound / 4 - 1, 0)
        while table.count > target { table.remove(at: table.startIndex) }
    }
}
