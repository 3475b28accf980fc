import ClerkSession
import ClerkTesting

/// A key source the test scripts: serves the issuer's current JWKS, or fails as told, and counts fetches.
final class ScriptedKeySource: SessionKeySource, @unchecked Sendable {
    enum Mode: Sendable {
        case serve
        case fail(ClerkVerificationError, retryAfter: Double?)
    }

    private struct State {
        var mode: Mode = .serve
        var fetches = 0
        var gate: [CheckedContinuation<Void, Never>] = []
        var holding = false
    }

    let issuer: TestIssuer
    private let state = Locked(State())

    init(issuer: TestIssuer) { self.issuer = issuer }

    var fetches: Int { state.withLock { $0.fetches } }
    func set(_ mode: Mode) { state.withLock { $0.mode = mode } }

    /// Makes fetches wait until `release()` (to hold a fetch in flight without sleeping).
    func hold() { state.withLock { $0.holding = true } }
    func release() {
        let waiting = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.holding = false
            defer { s.gate = [] }
            return s.gate
        }
        for continuation in waiting { continuation.resume() }
    }

    func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet {
        let mode = state.withLock { s -> Mode in
            s.fetches += 1
            return s.mode
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let wait = state.withLock { s -> Bool in
                if s.holding {
                    s.gate.append(continuation)
                    return true
                }
                return false
            }
            if !wait { continuation.resume() }
        }
        switch mode {
        case .serve:
            do { return try SessionKeySet(jwksText: issuer.jwksJSON, issuer: issuer.issuer, isRemote: true) } catch {
                throw KeyFetchError(error)
            }
        case .fail(let error, let retryAfter):
            throw KeyFetchError(error, retryAfter: retryAfter.map { .seconds($0) })
        }
    }

    var isRefreshable: Bool { true }
    var description: String { "scripted test source" }
}
