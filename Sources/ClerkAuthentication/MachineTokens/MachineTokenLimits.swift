import ClerkSession

/// Bounds on what opaque machine tokens (`mt_…`, `ak_…`, `oat_…`) can make this server ask of Clerk.
///
/// Each opaque token costs one Backend API call to verify (Clerk bills M2M verifications per call), and
/// anyone can send a random `ak_…`. So:
/// - a Clerk "yes" is cached, keyed by the token's SHA-256 (never the token), for at most
///   ``maximumCacheLifetime`` and never past the token's own expiry: a revocation at Clerk takes effect
///   within that time;
/// - a Clerk "no" is remembered for ``rejectionMemory``, so a repeated bad token costs one call;
/// - concurrent requests with the same token share one call (single flight);
/// - text that cannot be a token (length, alphabet) is refused before any call;
/// - at most ``callsPerSecond`` calls start per second (a token bucket with a burst of the same size) and at
///   most ``maximumCallsInFlight`` run at once. Past either bound a token that is not cached answers 503
///   (`machine-token-verify-unavailable`) without a call, while cached tokens keep being served.
public struct MachineTokenLimits: Sendable, Hashable {
    /// Verified tokens kept (all kinds together). Default 10 000.
    public var cacheCapacity: Int
    /// How long a Clerk "yes" is reused without asking again (the revocation delay). Default 60 s.
    public var maximumCacheLifetime: Duration
    /// How long a Clerk "no" is remembered. Default 30 s.
    public var rejectionMemory: Duration
    /// Calls to Clerk started per second, at most (also the burst). Default 20.
    public var callsPerSecond: Double
    /// Calls to Clerk in flight at once, at most. Default 16.
    public var maximumCallsInFlight: Int
    /// The longest opaque token accepted, in bytes (prefix included). Default 512.
    public var maximumTokenBytes: Int

    public init(
        cacheCapacity: Int = 10_000, maximumCacheLifetime: Duration = .seconds(60),
        rejectionMemory: Duration = .seconds(30), callsPerSecond: Double = 20, maximumCallsInFlight: Int = 16,
        maximumTokenBytes: Int = 512
    ) {
        self.cacheCapacity = cacheCapacity
        self.maximumCacheLifetime = maximumCacheLifetime
        self.rejectionMemory = rejectionMemory
        self.callsPerSecond = callsPerSecond
        self.maximumCallsInFlight = maximumCallsInFlight
        self.maximumTokenBytes = maximumTokenBytes
    }

    /// Checks the bounds: capacities and rates positive and finite, durations not negative.
    ///
    /// - Throws: ``ClerkSession/ClerkVerificationError`` with code `configuration-invalid`.
    public func validate() throws(ClerkVerificationError) {
        guard cacheCapacity >= 1, maximumCallsInFlight >= 1, maximumTokenBytes >= 16 else {
            throw ClerkVerificationError(
                .configurationInvalid,
                "machine-token limits: cacheCapacity and maximumCallsInFlight must be at least 1, maximumTokenBytes at least 16"
            )
        }
        guard callsPerSecond.isFinite, callsPerSecond > 0 else {
            throw ClerkVerificationError(
                .configurationInvalid, "machine-token limits: callsPerSecond must be a positive finite number")
        }
        guard maximumCacheLifetime >= .zero, rejectionMemory >= .zero else {
            throw ClerkVerificationError(
                .configurationInvalid, "machine-token limits: durations must not be negative")
        }
    }
}
