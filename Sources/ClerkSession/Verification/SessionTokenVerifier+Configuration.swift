extension SessionTokenVerifier {
    /// The verification policy. Defaults follow Clerk where Clerk is safe and are stricter where it is not
    /// (see the README's "Verification policy").
    public struct Configuration: Sendable {
        /// Accepted `iss` values, compared by exact string equality (no normalisation, no prefix match).
        public var issuers: [String]
        /// When not empty, `azp` must be present and exactly one of these origins.
        public var authorizedParties: Set<String>
        /// With authorized parties configured, also accept tokens that carry no `azp` at all (for example
        /// tokens minted by the Backend API). A present but unlisted `azp` is still refused.
        public var allowsMissingAuthorizedParty: Bool
        /// When not empty, `aud` (a string or an array) must contain one of these.
        public var audiences: Set<String>
        /// Leeway applied to `exp`, `nbf` and `iat`. Default 5 seconds, as Clerk.
        public var clockSkew: Duration
        /// The clock, in seconds since 1970. Inject a fixed one in tests.
        public var clock: ClerkClock
        /// Require the `sid` claim (session tokens always carry it). Default true.
        public var requiresSessionID: Bool
        /// Accept sessions whose `sts` is `pending`. Default false: pending counts as signed out, as in Clerk.
        public var acceptsPendingSessions: Bool
        /// Largest accepted token, in bytes. Default 8192.
        public var maximumTokenBytes: Int
        /// Capacity of the verified-token cache; 0 turns it off. Default 10 000 entries.
        public var verifiedTokenCacheCapacity: Int

        /// A policy for tokens of the given issuers (for example `https://clerk.example.com`).
        public init(
            issuers: [String], authorizedParties: Set<String> = [], allowsMissingAuthorizedParty: Bool = false,
            audiences: Set<String> = [], clockSkew: Duration = .seconds(5), clock: ClerkClock = .system,
            requiresSessionID: Bool = true, acceptsPendingSessions: Bool = false,
            maximumTokenBytes: Int = 8192, verifiedTokenCacheCapacity: Int = 10_000
        ) {
            self.issuers = issuers
            self.authorizedParties = authorizedParties
            self.allowsMissingAuthorizedParty = allowsMissingAuthorizedParty
            self.audiences = audiences
            self.clockSkew = clockSkew
            self.clock = clock
            self.requiresSessionID = requiresSessionID
            self.acceptsPendingSessions = acceptsPendingSessions
            self.maximumTokenBytes = maximumTokenBytes
            self.verifiedTokenCacheCapacity = verifiedTokenCacheCapacity
        }

        /// Largest accepted ``clockSkew``: an hour. A larger leeway hides a broken clock.
        public static let maximumClockSkew: Duration = .seconds(3600)

        /// Checks that the policy cannot make a token outlive its claims: the clock skew between 0
        /// and ``maximumClockSkew``; a positive token size cap; a non-negative cache capacity.
        ///
        /// ``SessionTokenVerifier`` runs it too, and a verifier over an invalid policy refuses every
        /// token with the same error (fail closed); call it where you build the policy to fail at start-up.
        ///
        /// - Throws: ``ClerkVerificationError`` with code `configuration-invalid`, naming the field.
        public func validate() throws(ClerkVerificationError) {
            guard clockSkew >= .zero, clockSkew <= Self.maximumClockSkew else {
                throw ClerkVerificationError(
                    .configurationInvalid,
                    "clockSkew is \(clockSkew); it must be from 0 to \(Self.maximumClockSkew.components.seconds) seconds"
                )
            }
            guard maximumTokenBytes > 0 else {
                throw ClerkVerificationError(
                    .configurationInvalid, "maximumTokenBytes is \(maximumTokenBytes); it must be positive")
            }
            guard verifiedTokenCacheCapacity >= 0 else {
                throw ClerkVerificationError(
                    .configurationInvalid,
                    "verifiedTokenCacheCapacity is \(verifiedTokenCacheCapacity); it must be 0 (off) or more")
            }
        }

        /// A policy for one issuer.
        public init(issuer: String, authorizedParties: Set<String> = []) {
            self.init(issuers: [issuer], authorizedParties: authorizedParties)
        }

        /// A policy whose issuer is derived from a publishable key (`pk_test_…` / `pk_live_…`).
        ///
        /// - Throws: ``ClerkVerificationError`` (`publishable-key-invalid`) when the key is not a Clerk publishable key.
        public init(publishableKey: String, authorizedParties: Set<String> = []) throws(ClerkVerificationError) {
            let key = try PublishableKey(publishableKey)
            self.init(issuers: [key.issuer], authorizedParties: authorizedParties)
        }
    }
}
