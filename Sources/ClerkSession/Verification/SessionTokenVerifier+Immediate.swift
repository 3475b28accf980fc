import Metrics

extension SessionTokenVerifier {
    /// What ``SessionTokenVerifier/verifyWithoutWaiting(_:)`` found.
    package enum ImmediateVerdict: Sendable {
        /// The session verified (counted as ``SessionTokenVerifier/verifyAwaitingKeys(_:)`` counts it).
        case verified(VerifiedSession)
        /// The token failed for a reason no refetch of the keys could change (counted).
        case refused(ClerkVerificationError)
        /// Keys may change the verdict: the store has none yet, the `kid` is unknown or the signature failed
        /// (then the first attempt's error, for ``SessionTokenVerifier/verifyAwaitingKeys(_:afterFailedAttempt:)``),
        /// or verifications are traced (nothing was attempted; their span belongs to the awaiting call).
        case awaitsKeys(firstFailure: ClerkVerificationError?)
    }

    /// ``verifyAwaitingKeys(_:)`` without suspending, for the adapters' bearer path: a cache hit or a
    /// verification with the keys already loaded needs no wait, and an `async` call chain costs a request
    /// more than the verification itself. `.awaitsKeys` hands on what is left to
    /// ``verifyAwaitingKeys(_:afterFailedAttempt:)``, so no token is verified twice.
    package func verifyWithoutWaiting(_ token: String) -> ImmediateVerdict {
        guard !observability.tracesVerifications, keyStore.hasLoadedKeys else { return .awaitsKeys(firstFailure: nil) }
        do {
            let session = try verifyOnce(token)
            metrics.verified.increment()
            return .verified(session)
        } catch {
            guard !Self.mayNeedKeyRefresh(error) else { return .awaitsKeys(firstFailure: error) }
            metrics.record(error)
            return .refused(error)
        }
    }

    /// The session of `token` when the calling thread's cache slots hold it and it passes now everything a
    /// cache hit is judged by (its key generation current and the keys quiet, a session token, its times,
    /// the revocation list); nil for anything else, without an error: the caller then copies the token and
    /// takes ``verifyWithoutWaiting(_:)``, which looks again and says why.
    ///
    /// For the adapters' bearer path: the token is compared where it lies in the `Authorization` value,
    /// so a request whose token this thread has seen recently costs no copy of it (a 1 KB allocation and
    /// copy were the largest part of a middleware's own work on a hit). Counted as a verification and a
    /// cache hit, as ``verifyWithoutWaiting(_:)`` counts one. Never with traced verifications (their span
    /// belongs to the full path).
    package func sessionFromCacheSlots(_ token: Substring) -> VerifiedSession? {
        guard !observability.tracesVerifications, let entry = cache?.slotEntry(token),
            case .session(let session) = entry.identity
        else { return nil }
        do {
            let now = try currentTime()
            guard keyStore.isQuiet(generation: entry.generation, now: now) else { return nil }
            try checkCached(entry.identity, .sessionToken, now: now)
        } catch {
            return nil
        }
        metrics.cacheHits.increment()
        metrics.verified.increment()
        return session
    }

    /// ``verifyAwaitingKeys(_:)`` after ``verifyWithoutWaiting(_:)`` answered `.awaitsKeys(firstFailure:)`:
    /// with no first failure, the whole awaiting verification; with one, only what follows it there (the
    /// refetch and the second attempt), so the token's signature is not checked twice for nothing.
    package func verifyAwaitingKeys(_ token: String, afterFailedAttempt firstFailure: ClerkVerificationError?)
        async throws(ClerkVerificationError) -> VerifiedSession
    {
        guard let firstFailure else { return try await verifyAwaitingKeys(token) }
        do {
            let session = try await retryAfterKeyRefresh(firstFailure) { () throws(ClerkVerificationError) in
                try verifyOnce(token)
            }
            metrics.verified.increment()
            return session
        } catch {
            metrics.record(error)
            throw error
        }
    }
}
