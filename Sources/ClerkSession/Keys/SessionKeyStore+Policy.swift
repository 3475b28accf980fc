extension SessionKeyStore {
    /// Timing rules of a store.
    public struct Policy: Sendable {
        /// How long a fetched key set is fresh. Default 300 seconds.
        public var timeToLive: Duration
        /// How long before expiry a background refresh starts. Default 30 seconds.
        public var refreshAhead: Duration
        /// How long past expiry the last good keys keep serving while refreshes fail. Default a day.
        public var maximumStaleness: Duration
        /// Least time between two refetches caused by an unknown `kid` or a failed signature. Default 30 seconds.
        public var unknownKeyIDCooldown: Duration
        /// First retry delay after a failed fetch. Default 1 second.
        public var initialBackoff: Duration
        /// Largest retry delay. Default 300 seconds.
        public var maximumBackoff: Duration

        /// A policy; every argument defaults to the value given on its property.
        public init(
            timeToLive: Duration = .seconds(300), refreshAhead: Duration = .seconds(30),
            maximumStaleness: Duration = .seconds(86_400), unknownKeyIDCooldown: Duration = .seconds(30),
            initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(300)
        ) {
            self.timeToLive = timeToLive
            self.refreshAhead = refreshAhead
            self.maximumStaleness = maximumStaleness
            self.unknownKeyIDCooldown = unknownKeyIDCooldown
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }
    }
}
