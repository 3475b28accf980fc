#if Postgres
    import ClerkSession
    import Logging
    import Metrics
    import NIOCore
    import PostgresNIO
    import ServiceLifecycle
    import Synchronization

    /// A revocation list shared by every instance through PostgreSQL: LISTEN/NOTIFY for the push, a table for
    /// durability and for catching up after a reconnect or a cold start.
    ///
    /// Verification reads only local memory: ``revocation(sessionID:userID:issuedAt:)`` forwards to an
    /// ``InMemoryRevocationList`` and never touches the database. ``record(_:)`` applies locally first, then
    /// writes the revocations that changed the list into the table and notifies the channel in the same
    /// statement; every other instance applies the notification as it arrives.
    ///
    /// Run it as a swift-service-lifecycle `Service` (add it to your `ServiceGroup`): ``run()`` connects, creates
    /// the table if it is missing, listens on the channel, reads every live row (catch-up), then applies each
    /// notification; on a lost connection it reconnects with exponential backoff and reads the table again.
    /// While the database is unavailable, revocations keep working locally: ``record(_:)`` never throws and
    /// never waits for a reconnect; it logs a warning, counts `clerk_revocation_store_errors_total`, and keeps
    /// the revocations in a bounded outbox that is written once the connection is back.
    ///
    /// ```swift
    /// let store = try PostgresRevocationStore(configuration: .init(
    ///     host: "db.internal", username: "app", password: secret, database: "app"))
    /// let verifier = SessionTokenVerifier(
    ///     configuration: configuration, keyStore: keys, observability: .global, revocations: store)
    /// let group = ServiceGroup(services: [store, ...], logger: logger)
    /// ```
    public final class PostgresRevocationStore: SessionRevocationList, Service {
        /// What happened, for observers (``events()``): tests and diagnostics wait on these instead of timers.
        public enum Event: Sendable, Equatable {
            /// Connected, listening, outbox written and table read; `caughtUp` are the rows that changed the local
            /// list.
            case synchronized(caughtUp: [SessionRevocation])
            /// A notification from the channel was applied (`changed`: whether it changed the local list).
            case received(SessionRevocation, changed: Bool)
            /// These revocations were written to the table and notified.
            case published([SessionRevocation])
            /// These revocations could not be written now: they are applied locally and queued in the outbox.
            case queued([SessionRevocation])
            /// The connection was lost or could not be established (`reason` is the error's description).
            case disconnected(reason: String)
        }

        /// An identifier (table or channel name) outside `[A-Za-z_][A-Za-z0-9_]*`, or longer than 48 bytes.
        public struct InvalidIdentifier: Error, CustomStringConvertible {
            /// The rejected name.
            public let name: String
            public var description: String {
                "invalid PostgreSQL identifier \"\(name)\": use 1-48 characters from [A-Za-z0-9_], not starting with a digit"
            }
        }

        /// The connection, the names, and the local list's policy.
        public struct Configuration: Sendable {
            /// The server.
            public var host: String
            /// The server's port.
            public var port: Int
            /// The role to connect as.
            public var username: String
            /// The role's password (nil: trust or peer authentication).
            public var password: String?
            /// The database (nil: the role's name).
            public var database: String?
            /// TLS (default: disabled; pass `.require(try NIOSSLContext(configuration: .makeClientConfiguration()))`
            /// for a server across a network).
            public var tls: PostgresConnection.Configuration.TLS
            /// The table (created if missing): `[A-Za-z_][A-Za-z0-9_]*`, at most 48 characters.
            public var table: String
            /// The notification channel: same rule as ``table``.
            public var channel: String
            /// `application_name` of the store's connection (shows in `pg_stat_activity`).
            public var applicationName: String
            /// The local list's retention and capacity (as ``InMemoryRevocationList/Policy``); rows leave the
            /// table once past the recording instance's retention.
            public var policy: InMemoryRevocationList.Policy
            /// The first reconnect delay, doubled after each failure up to ``maximumBackoff`` (with jitter:
            /// each wait is between half and all of the current delay).
            public var initialBackoff: Duration
            /// The longest reconnect delay.
            public var maximumBackoff: Duration
            /// How often expired rows are deleted from the table (also at each connect).
            public var pruneInterval: Duration
            /// The most revocations kept for writing while the database is unavailable (the oldest go first;
            /// they are still applied locally).
            public var outboxCapacity: Int
            /// The wall clock (revocation times and expiry).
            public var clock: ClerkClock
            /// Where warnings (outage, reconnect) and debug lines go.
            public var logger: Logger
            /// Where the metrics go.
            public var observability: ClerkObservability

            /// A configuration with the default names (`clerk_session_revocations` for both the table and the
            /// channel), a 100 ms to 5 s backoff and a pruning every minute.
            public init(
                host: String,
                port: Int = 5432,
                username: String,
                password: String? = nil,
                database: String? = nil,
                tls: PostgresConnection.Configuration.TLS = .disable,
                table: String = "clerk_session_revocations",
                channel: String = "clerk_session_revocations",
                applicationName: String = "clerk-revocation-store",
                policy: InMemoryRevocationList.Policy = .init(),
                initialBackoff: Duration = .milliseconds(100),
                maximumBackoff: Duration = .seconds(5),
                pruneInterval: Duration = .seconds(60),
                outboxCapacity: Int = 10_000,
                clock: ClerkClock = .system,
                logger: Logger = Logger(label: "clerk.revocation.postgres"),
                observability: ClerkObservability = .global
            ) {
                self.host = host
                self.port = port
                self.username = username
                self.password = password
                self.database = database
                self.tls = tls
                self.table = table
                self.channel = channel
                self.applicationName = applicationName
                self.policy = policy
                self.initialBackoff = initialBackoff
                self.maximumBackoff = maximumBackoff
                self.pruneInterval = pruneInterval
                self.outboxCapacity = outboxCapacity
                self.clock = clock
                self.logger = logger
                self.observability = observability
            }
        }

        /// The configuration (names validated).
        public let configuration: Configuration
        /// The local list every verification reads.
        public let local: InMemoryRevocationList

        private let logger: Logger
        private let metrics: StoreMetrics
        private let statements: Statements
        private let state = Mutex(State())

        private struct State {
            /// The connection writes go to: set once listening, cleared when it is lost.
            var connection: PostgresConnection?
            var synchronized = false
            var outbox: [SessionRevocation] = []
            var observers: [Int: AsyncStream<Event>.Continuation] = [:]
            var nextObserver = 0
            var nextConnectionID = 0
        }

        /// A store; nothing connects before ``run()``.
        /// - Throws: ``InvalidIdentifier`` when the table or channel name is not a plain identifier.
        public init(configuration: Configuration) throws {
            for name in [configuration.table, configuration.channel] where !Self.isIdentifier(name) {
                throw InvalidIdentifier(name: name)
            }
            var configuration = configuration
            configuration.outboxCapacity = max(0, configuration.outboxCapacity)
            configuration.initialBackoff = max(configuration.initialBackoff, .milliseconds(1))
            configuration.maximumBackoff = max(configuration.maximumBackoff, configuration.initialBackoff)
            configuration.pruneInterval = max(configuration.pruneInterval, .seconds(1))
            self.configuration = configuration
            self.local = InMemoryRevocationList(policy: configuration.policy, clock: configuration.clock)
            self.logger = configuration.logger
            self.metrics = StoreMetrics(factory: configuration.observability.factory)
            self.statements = Statements(table: configuration.table)
        }

        // MARK: - SessionRevocationList

        /// Whether the local list holds nothing (see ``ClerkSession/SessionRevocationList/isEmpty``).
        public var isEmpty: Bool { local.isEmpty }

        /// The hot-path read: local memory only (see ``SessionRevocationList``).
        public func revocation(sessionID: ArraySlice<UInt8>?, userID: ArraySlice<UInt8>?, issuedAt: Double?)
            -> SessionRevocation?
        {
            local.revocation(sessionID: sessionID, userID: userID, issuedAt: issuedAt)
        }

        /// Applies `revocations` locally, then writes the ones that changed the list to the table and notifies
        /// the other instances. Never throws: when the database is unavailable the revocations stay applied
        /// locally and wait in the outbox (a warning, `clerk_revocation_store_errors_total{operation="record"}`).
        public func record(_ revocations: [SessionRevocation]) async {
            let changed = local.recordNow(revocations)
            guard !changed.isEmpty else { return }
            await publish(changed)
        }

        /// Every revocation held locally now.
        public var entries: [SessionRevocation] { local.entries }

        /// Whether the store is connected, listening and caught up.
        public var isSynchronized: Bool { state.withLock { $0.synchronized } }

        /// How many revocations wait in the outbox for the database.
        public var pendingCount: Int { state.withLock { $0.outbox.count } }

        /// A new stream of the store's events from now on (each call gets its own; it ends when the caller stops
        /// iterating or ``run()`` returns). Buffers the newest 1 000 events.
        public func events() -> AsyncStream<Event> {
            let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(1000))
            let id = state.withLock { state in
                let id = state.nextObserver
                state.nextObserver += 1
                state.observers[id] = continuation
                return id
            }
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.observers.removeValue(forKey: id) }
            }
            return stream
        }

        /// Returns once the store is connected, listening and caught up (at once if it is now), or throws
        /// `CancellationError` when the calling task is cancelled first.
        public func waitUntilSynchronized() async throws {
            let events = events()
            if isSynchronized { return }
            for await event in events {
                if case .synchronized = event { return }
            }
            try Task.checkCancellation()
            throw CancellationError()
        }

        // MARK: - Service

        /// Connects, listens and applies notifications until graceful shutdown or cancellation, reconnecting
        /// with backoff after every failure.
        public func run() async throws {
            await cancelWhenGracefulShutdown { await self.connectionLoop() }
            markDisconnected(reason: "shut down", logs: false)
            let observers = state.withLock { state in
                let observers = state.observers.values
                state.observers = [:]
                return Array(observers)
            }
            for observer in observers { observer.finish() }
        }

        private func connectionLoop() async {
            var delay = configuration.initialBackoff
            while !Task.isCancelled {
                var synchronized = false
                do {
                    try await session(synchronized: &synchronized)
                } catch {
                    if Task.isCancelled { break }
                    let reason = String(describing: error)
                    logger.warning(
                        "PostgreSQL revocation store disconnected: revocations are local-only until it reconnects",
                        metadata: ["error": "\(reason)", "retry_in_ms": "\(delay.milliseconds)"])
                    markDisconnected(reason: reason, logs: true)
                }
                if Task.isCancelled { break }
                if synchronized { delay = configuration.initialBackoff }
                let wait = delay * Double.random(in: 0.5...1.0)
                do { try await Task.sleep(for: wait) } catch { break }
                delay = min(delay * 2, configuration.maximumBackoff)
            }
        }

        /// One connection's life: returns only by throwing (the connection is closed before).
        private func session(synchronized: inout Bool) async throws {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: connectionConfiguration(), id: nextConnectionID(), logger: logger)
            } catch {
                metrics.errors(.connect).increment()
                throw error
            }
            do {
                try await setUp(on: connection)
                try await connection.listen(on: configuration.channel) { notifications in
                    try await self.synchronize(on: connection)
                    synchronized = true
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { await self.pruneLoop(on: connection) }
                        defer { group.cancelAll() }
                        for try await notification in notifications {
                            self.apply(payload: notification.payload)
                        }
                        try Task.checkCancellation()
                        throw NotificationsEnded()
                    }
                }
            } catch {
                if !Task.isCancelled { metrics.errors(.listen).increment() }
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        }

        private func setUp(on connection: PostgresConnection) async throws {
            try await connection.query(PostgresQuery(unsafeSQL: statements.createTable), logger: logger)
        }

        /// Publishes the connection for writes, writes the outbox, reads the table, prunes it.
        private func synchronize(on connection: PostgresConnection) async throws {
            let pending = state.withLock { state in
                state.connection = connection
                let pending = state.outbox
                state.outbox = []
                return pending
            }
            if !pending.isEmpty {
                do {
                    try await write(pending, on: connection)
                    logger.info("PostgreSQL revocation store: outbox written", metadata: ["count": "\(pending.count)"])
                    emit(.published(pending))
                } catch {
                    metrics.errors(.publish).increment()
                    requeue(pending)
                    throw error
                }
            }
            let caughtUp: [SessionRevocation]
            do {
                caughtUp = try await catchUp(on: connection)
            } catch {
                metrics.errors(.catchUp).increment()
                throw error
            }
            await prune(on: connection)
            state.withLock { $0.synchronized = true }
            metrics.connected.record(1)
            logger.info(
                "PostgreSQL revocation store synchronized",
                metadata: ["caught_up": "\(caughtUp.count)", "held": "\(local.count)"])
            emit(.synchronized(caughtUp: caughtUp))
        }

        private func catchUp(on connection: PostgresConnection) async throws -> [SessionRevocation] {
            let now = configuration.clock.now()
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: statements.selectLive, binds: Self.binds(now)), logger: logger)
            var revocations: [SessionRevocation] = []
            for try await (kind, subject, at) in rows.decode((String, String, Double).self) {
                guard let revocation = Self.revocation(kind: kind, subject: subject, at: at) else {
                    logger.debug("PostgreSQL revocation store: row skipped", metadata: ["kind": "\(kind)"])
                    continue
                }
                revocations.append(revocation)
            }
            return local.recordNow(revocations)
        }

        private func pruneLoop(on connection: PostgresConnection) async {
            while !Task.isCancelled {
                do { try await Task.sleep(for: configuration.pruneInterval) } catch { return }
                await prune(on: connection)
            }
        }

        /// Deletes the rows past their expiry; a failure is logged and counted, never fatal.
        private func prune(on connection: PostgresConnection) async {
            do {
                try await connection.query(
                    PostgresQuery(unsafeSQL: statements.deleteExpired, binds: Self.binds(configuration.clock.now())),
                    logger: logger)
            } catch {
                if Task.isCancelled { return }
                metrics.errors(.prune).increment()
                logger.warning(
                    "PostgreSQL revocation store: pruning expired rows failed", metadata: ["error": "\(error)"])
            }
        }

        // MARK: - Notifications

        private func apply(payload: String) {
            metrics.received.increment()
            if payload == NotificationPayload.resync {
                // An id too long for a notification: the row is committed in the table, so read the table again.
                Task { [weak self] in await self?.resync() }
                return
            }
            guard let revocation = NotificationPayload.decode(payload) else {
                metrics.errors(.decode).increment()
                logger.warning(
                    "PostgreSQL revocation store: notification ignored (not a revocation)",
                    metadata: ["bytes": "\(payload.utf8.count)"])
                return
            }
            let changed = !local.recordNow([revocation]).isEmpty
            emit(.received(revocation, changed: changed))
        }

        private func resync() async {
            guard let connection = state.withLock({ $0.connection }) else { return }
            do {
                let caughtUp = try await catchUp(on: connection)
                emit(.synchronized(caughtUp: caughtUp))
            } catch {
                metrics.errors(.catchUp).increment()
            }
        }

        // MARK: - Writes

        private func publish(_ revocations: [SessionRevocation]) async {
            let publishable = revocations.filter { revocation in
                guard Self.isStorable(revocation) else {
                    logger.warning(
                        "PostgreSQL revocation store: revocation kept local-only (id unfit for the table)",
                        metadata: ["bytes": "\(revocation.subjectID.utf8.count)"])
                    return false
                }
                return true
            }
            guard !publishable.isEmpty else { return }
            var failed: PostgresConnection?
            // At most three connections: the current one, and the next ones if it was replaced meanwhile.
            for _ in 0..<3 {
                let connection: PostgresConnection? = state.withLock { state in
                    guard let connection = state.connection, connection !== failed else {
                        Self.enqueue(publishable, into: &state.outbox, capacity: configuration.outboxCapacity)
                        return nil
                    }
                    return connection
                }
                guard let connection else {
                    metrics.errors(.record).increment()
                    logger.warning(
                        "PostgreSQL revocation store unavailable: revocations applied locally, queued for publication",
                        metadata: ["count": "\(publishable.count)"])
                    emit(.queued(publishable))
                    return
                }
                do {
                    try await write(publishable, on: connection)
                    emit(.published(publishable))
                    return
                } catch let error as PSQLError where error.code == .server {
                    // The server refused the statement itself: writing it again would fail again.
                    metrics.errors(.record).increment()
                    logger.warning(
                        "PostgreSQL revocation store refused a write: revocations kept local-only",
                        metadata: ["error": "\(error.serverInfo?[.message] ?? "server error")"])
                    return
                } catch {
                    failed = connection
                    logger.debug("PostgreSQL revocation store: write failed", metadata: ["error": "\(error)"])
                }
            }
            requeue(publishable)
            metrics.errors(.record).increment()
            emit(.queued(publishable))
        }

        /// One statement per revocation: the upsert and the notification commit together.
        private func write(_ revocations: [SessionRevocation], on connection: PostgresConnection) async throws {
            let now = configuration.clock.now()
            let retention = Double(configuration.policy.retention.components.seconds)
            for revocation in revocations {
                var payload = NotificationPayload.encode(revocation)
                if payload.utf8.count > NotificationPayload.maximumBytes { payload = NotificationPayload.resync }
                var binds = PostgresBindings(capacity: 7)
                binds.append(revocation.kind)
                binds.append(revocation.subjectID)
                binds.append(revocation.at)
                binds.append(revocation.at + retention)
                binds.append(now)
                binds.append(configuration.channel)
                binds.append(payload)
                try await connection.query(
                    PostgresQuery(unsafeSQL: statements.upsertAndNotify, binds: binds), logger: logger)
            }
            metrics.published.increment(by: revocations.count)
        }

        private func requeue(_ revocations: [SessionRevocation]) {
            state.withLock { state in
                Self.enqueue(revocations, into: &state.outbox, capacity: configuration.outboxCapacity)
            }
        }

        private static func enqueue(
            _ revocations: [SessionRevocation], into outbox: inout [SessionRevocation], capacity: Int
        ) {
            outbox.append(contentsOf: revocations)
            if outbox.count > capacity { outbox.removeFirst(outbox.count - capacity) }
        }

        // MARK: - State

        private func markDisconnected(reason: String, logs: Bool) {
            let wasConnected = state.withLock { state in
                let was = state.connection != nil || state.synchronized
                state.connection = nil
                state.synchronized = false
                return was
            }
            metrics.connected.record(0)
            if logs || wasConnected { emit(.disconnected(reason: reason)) }
        }

        private func emit(_ event: Event) {
            let observers = state.withLock { Array($0.observers.values) }
            for observer in observers { observer.yield(event) }
        }

        private func nextConnectionID() -> Int {
            state.withLock { state in
                state.nextConnectionID += 1
                return state.nextConnectionID
            }
        }

        private func connectionConfiguration() -> PostgresConnection.Configuration {
            var postgres = PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: configuration.tls)
            postgres.options.additionalStartupParameters = [("application_name", configuration.applicationName)]
            return postgres
        }

        // MARK: - Helpers

        private static func binds(_ value: Double) -> PostgresBindings {
            var binds = PostgresBindings(capacity: 1)
            binds.append(value)
            return binds
        }

        static func isIdentifier(_ name: String) -> Bool {
            let bytes = Array(name.utf8)
            guard let first = bytes.first, bytes.count <= 48 else { return false }
            func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
            func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
            return isLetter(first) && bytes.allSatisfy { isLetter($0) || isDigit($0) }
        }

        /// Non-empty, no NUL (PostgreSQL text cannot hold it), at most 4 KiB, a finite time.
        static func isStorable(_ revocation: SessionRevocation) -> Bool {
            let id = revocation.subjectID.utf8
            return !id.isEmpty && id.count <= 4096 && !id.contains(0) && revocation.at.isFinite
        }

        static func revocation(kind: String, subject: String, at: Double) -> SessionRevocation? {
            guard at.isFinite, !subject.isEmpty else { return nil }
            switch kind {
            case "session": return SessionRevocation(.session(subject), at: at)
            case "user": return SessionRevocation(.user(subject), at: at)
            default: return nil
            }
        }
    }

    /// The notification sequence finished without an error (the connection is gone).
    struct NotificationsEnded: Error, CustomStringConvertible {
        var description: String { "the notification stream ended" }
    }

    extension SessionRevocation {
        /// `session` or `user`: the table's `kind` column.
        var kind: String {
            switch subject {
            case .session: "session"
            case .user: "user"
            }
        }

        /// The session or user id.
        var subjectID: String {
            switch subject {
            case .session(let id), .user(let id): id
            }
        }
    }

    extension Duration {
        fileprivate var milliseconds: Int64 {
            components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        }
    }
#endif
