#if Postgres
    import ClerkSession
    import Metrics

    /// The store's metrics (names in docs/revocation-postgres.md).
    struct StoreMetrics: Sendable {
        enum Operation: String, CaseIterable {
            /// Opening a connection.
            case connect
            /// Creating the table, listening, or the connection lost while listening.
            case listen
            /// Reading the table after a (re)connect.
            case catchUp = "catch_up"
            /// Writing the outbox after a reconnect.
            case publish
            /// A `record` whose revocations could not be written now (kept locally, queued).
            case record
            /// Deleting expired rows.
            case prune
            /// A notification payload that is not a revocation.
            case decode
        }

        private let errorCounters: [Operation: Counter]
        /// 1 while connected, listening and caught up; 0 otherwise.
        let connected: Gauge
        /// Notifications received.
        let received: Counter
        /// Revocations written and notified.
        let published: Counter

        init(factory: any MetricsFactory) {
            var errorCounters: [Operation: Counter] = [:]
            for operation in Operation.allCases {
                errorCounters[operation] = Counter(
                    label: "clerk_revocation_store_errors_total", dimensions: [("operation", operation.rawValue)],
                    factory: factory)
            }
            self.errorCounters = errorCounters
            connected = Gauge(label: "clerk_revocation_store_connected", factory: factory)
            received = Counter(label: "clerk_revocation_store_notifications_total", factory: factory)
            published = Counter(label: "clerk_revocation_store_published_total", factory: factory)
            connected.record(0)
        }

        func errors(_ operation: Operation) -> Counter {
            // Every operation has its counter (built in init for all cases).
            errorCounters[operation] ?? Counter(label: "clerk_revocation_store_errors_total")
        }
    }

    /// The SQL, built once from the validated table name (the only text not passed as a bound parameter).
    struct Statements: Sendable {
        let createTable: String
        let selectLive: String
        let deleteExpired: String
        let upsertAndNotify: String

        init(table: String) {
            let t = "\"\(table)\""
            // An advisory lock serialises concurrent `CREATE TABLE IF NOT EXISTS` (two instances starting together
            // could otherwise both try to create it).
            createTable = """
                DO $clerk$ BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('clerk_session_revocations_ddl'));
                CREATE TABLE IF NOT EXISTS \(t) (
                    kind text NOT NULL,
                    subject text NOT NULL,
                    revoked_at double precision NOT NULL,
                    expires_at double precision NOT NULL,
                    PRIMARY KEY (kind, subject)
                );
                END $clerk$
                """
            selectLive = "SELECT kind, subject, revoked_at FROM \(t) WHERE expires_at >= $1"
            deleteExpired = "DELETE FROM \(t) WHERE expires_at < $1"
            // A user's cutoff only moves forward; a session's first revocation stays (unless its row has expired).
            // The notification is sent in the same statement, so it is delivered only once the row is committed.
            upsertAndNotify = """
                WITH upsert AS (
                    INSERT INTO \(t) AS r (kind, subject, revoked_at, expires_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (kind, subject) DO UPDATE
                    SET revoked_at = EXCLUDED.revoked_at, expires_at = EXCLUDED.expires_at
                    WHERE r.revoked_at < EXCLUDED.revoked_at AND (r.kind = 'user' OR r.expires_at < $5)
                    RETURNING 1
                )
                SELECT pg_notify($6, $7)
                """
        }
    }

    /// The notification payload: `1 <s|u> <at> <id>` (version, kind, seconds since 1970 as Swift prints a Double,
    /// then the id: the rest of the payload, whatever it holds).
    enum NotificationPayload {
        /// Sent instead when the payload would exceed PostgreSQL's 8000-byte limit: listeners read the table.
        static let resync = "1 resync"
        static let maximumBytes = 7900

        static func encode(_ revocation: SessionRevocation) -> String {
            switch revocation.subject {
            case .session(let id): "1 s \(revocation.at) \(id)"
            case .user(let id): "1 u \(revocation.at) \(id)"
            }
        }

        /// The revocation, or nil for anything else (never traps).
        static func decode(_ payload: String) -> SessionRevocation? {
            let parts = payload.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0] == "1", let at = Double(parts[2]), at.isFinite else { return nil }
            let id = String(parts[3])
            guard !id.isEmpty else { return nil }
            switch parts[1] {
            case "s": return SessionRevocation(.session(id), at: at)
            case "u": return SessionRevocation(.user(id), at: at)
            default: return nil
            }
        }
    }
#endif
