#if !Postgres
    // Built without the "Postgres" trait: the store exists only as an unavailable marker, so that using it says
    // "enable the trait" rather than "cannot find".
    // Enable the trait: .package(url: "…/swift-clerk-session.git", from: "…", traits: ["Postgres"])
    import ClerkSession

    /// Unavailable: ClerkRevocationPostgres was built without the "Postgres" trait.
    @available(*, unavailable, message: "enable the Postgres trait: .package(url: ..., traits: [\"Postgres\"])")
    public final class PostgresRevocationStore {
        /// Unavailable: ClerkRevocationPostgres was built without the "Postgres" trait.
        public init() {}
    }
#endif
