#if Postgres
    import ClerkRevocationPostgres
    import ClerkSession
    import Logging
    import MetricsTestKit
    import PostgresNIO
    import Testing

    /// Stores on a real PostgreSQL (scripts/postgres-test-server). Serialized: the outage tests terminate
    /// connections (only their own stores', by application name), and timings are measured.
    @Suite(
        "ClerkRevocationPostgres on a real PostgreSQL", .serialized,
        .enabled(if: PostgresFixture.current != nil, PostgresFixture.disabledReason))
    struct PostgresRevocationStoreTests {
        let fixture: PostgresFixture

        init() throws {
            fixture = try #require(PostgresFixture.current)
        }

        @Test("A revocation recorded on A is refused by B within a second (LISTEN/NOTIFY); the delay is printed")
        func propagation() async throws {
            let names = Names()
            let a = try TestStore(fixture, names)
            let b = try TestStore(fixture, names)
            try await running([a, b]) {
                // One session and one user first, then a series to measure.
                let session = SessionRevocation(.session(uniqueID("sess")), at: now())
                let user = SessionRevocation(.user(uniqueID("user")), at: now())
                #expect(!b.refuses(session: session.id))
                let events = b.store.events()
                await a.store.record([session, user])
                try await first(events, "B to receive the user revocation") { $0.received == user }
                #expect(b.refuses(session: session.id))
                #expect(b.refuses(user: user.id, issuedAt: user.at - 30))
                #expect(!b.refuses(user: user.id, issuedAt: user.at + 1))

                var delays: [Duration] = []
                for _ in 0..<20 {
                    let revocation = SessionRevocation(.session(uniqueID("sess")), at: now())
                    let events = b.store.events()
                    let start = ContinuousClock.now
                    await a.store.record([revocation])
                    try await first(events, "B to receive \(revocation)") { $0.received == revocation }
                    delays.append(start.duration(to: .now))
                    #expect(b.refuses(session: revocation.id))
                }
                delays.sort()
                let median = delays[delays.count / 2]
                let worst = delays[delays.count - 1]
                print(
                    "ClerkRevocationPostgres propagation A.record -> B applied (20 sessions): median \(median.milliseconds) ms, "
                        + "max \(worst.milliseconds) ms, min \(delays[0].milliseconds) ms")
                #expect(median < .seconds(1))
                #expect(try a.errors("record") == 0)
                #expect(try b.connected == 1)
                #expect(try a.metrics.expectCounter("clerk_revocation_store_published_total").totalValue == 22)
            }
        }

        @Test("A store started after the revocations catches up from the table; expired rows are skipped and pruned")
        func coldStart() async throws {
            let names = Names()
            let a = try TestStore(fixture, names)
            let session = SessionRevocation(.session(uniqueID("sess")), at: now())
            let user = SessionRevocation(.user(uniqueID("user")), at: now() - 5)
            try await running([a]) {
                await a.store.record([session, user])
                #expect(a.store.pendingCount == 0)
            }
            // An expired row (written by an instance long ago), straight into the table.
            try await fixture.withAdmin { admin in
                let stale = uniqueID("sess")
                try await admin.query(
                    PostgresQuery(
                        unsafeSQL:
                            "INSERT INTO \(names.table) (kind, subject, revoked_at, expires_at) VALUES ('session', $1, $2, $3)",
                        binds: binds(stale, now() - 5000, now() - 4400)), logger: Logger(label: "test"))

                let c = try TestStore(fixture, names)
                #expect(!c.refuses(session: session.id))
                let events = c.store.events()
                try await running([c]) {
                    let synchronized = try await first(events, "C to synchronize") { $0.isSynchronized }
                    guard case .synchronized(let caughtUp) = synchronized else { return }
                    #expect(Set(caughtUp) == [session, user])
                    #expect(c.refuses(session: session.id))
                    #expect(c.refuses(user: user.id, issuedAt: user.at))
                    #expect(!c.refuses(user: user.id, issuedAt: user.at + 1))
                    #expect(!c.refuses(session: stale))
                }
                // Pruned at C's connect, before it reported itself synchronized.
                let rows = try await admin.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT count(*) FROM \(names.table) WHERE subject = $1", binds: binds(stale)),
                    logger: Logger(label: "test"))
                var count = -1
                for try await (n) in rows.decode(Int.self) { count = n }
                #expect(count == 0)
            }
        }

        @Test("Connections killed (pg_terminate_backend): both stores reconnect, resynchronize, and propagate again")
        func terminatedConnections() async throws {
            let names = Names()
            let application = "clerk-revocation-test-\(names.tag)"
            let a = try TestStore(fixture, names, applicationName: application)
            let b = try TestStore(fixture, names, applicationName: application)
            try await fixture.withAdmin { admin in
                try await running([a, b]) {
                    let aEvents = a.store.events()
                    let bEvents = b.store.events()
                    let terminated = try await terminate(application, on: admin)
                    #expect(terminated == 2)
                    try await first(aEvents, "A to see the connection lost") { $0.isDisconnected }
                    try await first(aEvents, "A to resynchronize") { $0.isSynchronized }
                    try await first(bEvents, "B to resynchronize") { $0.isSynchronized }
                    #expect(try a.errors("listen") >= 1)
                    #expect(try a.connected == 1)
                    #expect(try a.metrics.expectGauge("clerk_revocation_store_connected").values.contains(0))
                    #expect(a.logs.messages.contains { $0.contains("disconnected") })

                    let revocation = SessionRevocation(.session(uniqueID("sess")), at: now())
                    let events = b.store.events()
                    await a.store.record([revocation])
                    try await eventually(events, "B to refuse the session") { b.refuses(session: revocation.id) }
                }
            }
        }

        @Test(
            "Database unavailable: record keeps working locally (warning, metric, outbox); after it returns, every store converges"
        )
        func outage() async throws {
            let names = Names()
            let role = "clerk_outage_\(names.tag)"
            let application = "clerk-revocation-test-\(names.tag)"
            try await fixture.withAdmin { admin in
                let logger = Logger(label: "test")
                try await admin.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN SUPERUSER"), logger: logger)
                // A and B connect as the role the test locks out; C (another application name, the fixture's user)
                // stays connected throughout.
                let a = try TestStore(fixture, names, username: role, applicationName: application)
                let b = try TestStore(fixture, names, username: role, applicationName: application)
                let c = try TestStore(fixture, names)
                try await running([a, b, c]) {
                    let aEvents = a.store.events()
                    let bEvents = b.store.events()
                    try await admin.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) NOLOGIN"), logger: logger)
                    #expect(try await terminate(application, on: admin) == 2)
                    // The connection lost, then at least one failed reconnect each.
                    for (events, name) in [(aEvents, "A"), (bEvents, "B")] {
                        try await first(events, "\(name) to see the connection lost") { $0.isDisconnected }
                        try await first(events, "\(name) to fail a reconnect") { $0.isDisconnected }
                    }
                    #expect(try a.errors("connect") >= 1)
                    #expect(try a.connected == 0)
                    #expect(!a.store.isSynchronized)

                    // During the outage: A's record returns, refuses locally, warns, counts, queues.
                    let duringOutage = SessionRevocation(.session(uniqueID("sess")), at: now())
                    let recordErrors = try a.errors("record")
                    await a.store.record([duringOutage])
                    #expect(a.refuses(session: duringOutage.id))
                    #expect(!b.refuses(session: duringOutage.id))
                    #expect(try a.errors("record") == recordErrors + 1)
                    #expect(a.store.pendingCount == 1)
                    #expect(a.logs.messages.contains { $0.contains("unavailable") })
                    // C, still connected, records too: A and B miss the notification.
                    let fromC = SessionRevocation(.session(uniqueID("sess")), at: now())
                    await c.store.record([fromC])
                    #expect(c.store.pendingCount == 0)

                    // The database comes back: A writes its outbox, everyone catches up from the table.
                    let aBack = a.store.events()
                    let bBack = b.store.events()
                    let cBack = c.store.events()
                    try await admin.query(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) LOGIN"), logger: logger)
                    try await eventually(aBack, "A to converge") { a.refuses(session: fromC.id) }
                    try await eventually(bBack, "B to converge") {
                        b.refuses(session: fromC.id) && b.refuses(session: duringOutage.id)
                    }
                    try await eventually(cBack, "C to receive A's outbox") { c.refuses(session: duringOutage.id) }
                    #expect(a.store.pendingCount == 0)
                    #expect(try a.connected == 1)
                }
                try await admin.query(
                    PostgresQuery(unsafeSQL: "REASSIGN OWNED BY \(role) TO CURRENT_USER"), logger: logger)
                try await admin.query(PostgresQuery(unsafeSQL: "DROP ROLE IF EXISTS \(role)"), logger: logger)
            }
        }

        @Test(
            "PostgreSQL stopped mid-run and started again: local revocations keep working, every store converges",
            .enabled(
                if: PostgresFixture.current?.control != nil,
                "CLERK_TEST_POSTGRES_SERVER_SCRIPT/DATA not set (scripts/postgres-test-server prints them)"))
        func serverRestart() async throws {
            let names = Names()
            let a = try TestStore(fixture, names)
            let b = try TestStore(fixture, names)
            let fixture = fixture
            try await running([a, b]) {
                let aEvents = a.store.events()
                let bEvents = b.store.events()
                let before = SessionRevocation(.session(uniqueID("sess")), at: now())
                await a.store.record([before])
                do {
                    try await fixture.server("stop")
                    try await first(aEvents, "A to see the server gone") { $0.isDisconnected }
                    try await first(aEvents, "A to fail a reconnect") { $0.isDisconnected }
                    try await first(bEvents, "B to see the server gone") { $0.isDisconnected }
                    #expect(try a.errors("connect") >= 1)
                    #expect(try a.connected == 0)

                    // The outage: every record returns, refuses locally, and waits in the outbox.
                    let duringA = SessionRevocation(.session(uniqueID("sess")), at: now())
                    let duringB = SessionRevocation(.user(uniqueID("user")), at: now())
                    await a.store.record([duringA])
                    await b.store.record([duringB])
                    #expect(a.refuses(session: duringA.id) && a.refuses(session: before.id))
                    #expect(b.refuses(user: duringB.id, issuedAt: duringB.at))
                    #expect(!b.refuses(session: duringA.id))
                    #expect(a.store.pendingCount == 1 && b.store.pendingCount == 1)
                    #expect(try a.errors("record") >= 1)
                    #expect(a.logs.messages.contains { $0.contains("unavailable") })

                    let aBack = a.store.events()
                    let bBack = b.store.events()
                    try await fixture.server("start")
                    try await eventually(aBack, "A to converge") { a.refuses(user: duringB.id, issuedAt: duringB.at) }
                    try await eventually(bBack, "B to converge") { b.refuses(session: duringA.id) }
                    #expect(a.store.pendingCount == 0 && b.store.pendingCount == 0)
                } catch {
                    try? await fixture.server("start")
                    throw error
                }
            }
        }

        @Test(
            "Replayed and out-of-order records change nothing; a user's cutoff only moves forward; bad payloads are ignored"
        )
        func replayAndOrder() async throws {
            let names = Names()
            let a = try TestStore(fixture, names)
            let b = try TestStore(fixture, names)
            // C shares the table but listens elsewhere: it never hears A, so its stale cutoff reaches the table.
            let c = try TestStore(fixture, names, channel: "\(names.channel)_other")
            try await fixture.withAdmin { admin in
                let logger = Logger(label: "test")
                try await running([a, b, c]) {
                    let base = now()
                    // Replay: the same session twice publishes once.
                    let session = SessionRevocation(.session(uniqueID("sess")), at: base)
                    let firstEvents = b.store.events()
                    await a.store.record([session])
                    try await first(firstEvents, "B to receive the session") { $0.received == session }
                    let entries = a.store.entries
                    let replayEvents = b.store.events()
                    await a.store.record([session])
                    await a.store.record([SessionRevocation(.session(session.id), at: base + 10)])
                    #expect(a.store.entries == entries)
                    let sentinel = SessionRevocation(.session(uniqueID("sess")), at: base)
                    await a.store.record([sentinel])
                    // Notifications arrive in commit order: anything the replay had sent would come before this.
                    #expect(try await receivedUntil(sentinel, replayEvents) == [sentinel])
                    #expect(try a.metrics.expectCounter("clerk_revocation_store_published_total").totalValue == 2)

                    // A user's cutoff: later moves forward, earlier changes nothing.
                    let user = uniqueID("user")
                    let later = SessionRevocation(.user(user), at: base - 100)
                    let earlier = SessionRevocation(.user(user), at: base - 200)
                    let userEvents = b.store.events()
                    await a.store.record([later])
                    await a.store.record([earlier])
                    let sentinel2 = SessionRevocation(.session(uniqueID("sess")), at: base)
                    await a.store.record([sentinel2])
                    #expect(try await receivedUntil(sentinel2, userEvents) == [later, sentinel2])
                    #expect(b.refuses(user: user, issuedAt: base - 150))
                    #expect(!b.refuses(user: user, issuedAt: base - 50))
                    #expect(try await revokedAt(user, admin, names) == later.at)

                    // C never heard of the later cutoff: its earlier one reaches the table, which keeps the later.
                    await c.store.record([earlier])
                    #expect(c.store.pendingCount == 0)
                    #expect(try c.metrics.expectCounter("clerk_revocation_store_published_total").totalValue == 1)
                    #expect(try await revokedAt(user, admin, names) == later.at)

                    // Forward again: everyone follows.
                    let latest = SessionRevocation(.user(user), at: base - 10)
                    let latestEvents = b.store.events()
                    await a.store.record([latest])
                    try await first(latestEvents, "B to receive the latest cutoff") { $0.received == latest }
                    #expect(b.refuses(user: user, issuedAt: base - 50))
                    #expect(try await revokedAt(user, admin, names) == latest.at)

                    // Payloads that are not revocations are counted and ignored, never trusted.
                    let badEvents = b.store.events()
                    let held = b.store.entries
                    let payloads = [
                        "", "1", "1 s", "1 s nan sess_x", "1 s inf sess_x", "1 x 5 sess_x", "1 s 5 ", "2 s 5 sess_x",
                    ]
                    for payload in payloads {
                        try await admin.query(
                            PostgresQuery(unsafeSQL: "SELECT pg_notify($1, $2)", binds: binds(names.channel, payload)),
                            logger: logger)
                    }
                    let sentinel3 = SessionRevocation(.session(uniqueID("sess")), at: base)
                    await a.store.record([sentinel3])
                    #expect(try await receivedUntil(sentinel3, badEvents) == [sentinel3])
                    #expect(try b.errors("decode") == Int64(payloads.count))
                    #expect(Set(b.store.entries) == Set(held + [sentinel3]))
                }
            }
        }

        /// The revocations B applied from notifications, up to and including `sentinel`.
        private func receivedUntil(
            _ sentinel: SessionRevocation, _ events: AsyncStream<PostgresRevocationStore.Event>
        ) async throws -> [SessionRevocation] {
            try await within("the notification of \(sentinel)") {
                var received: [SessionRevocation] = []
                for await event in events {
                    guard let revocation = event.received else { continue }
                    received.append(revocation)
                    if revocation == sentinel { return received }
                }
                throw Timeout(what: "\(sentinel) (the event stream ended)")
            }
        }

        /// Terminates the backends of `application`, waiting for each to exit; returns how many.
        private func terminate(_ application: String, on admin: PostgresConnection) async throws -> Int {
            let rows = try await admin.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = $1",
                    binds: binds(application)), logger: Logger(label: "test"))
            var count = 0
            for try await (n) in rows.decode(Int.self) { count = n }
            return count
        }

        private func revokedAt(_ user: String, _ admin: PostgresConnection, _ names: Names) async throws -> Double? {
            let rows = try await admin.query(
                PostgresQuery(
                    unsafeSQL: "SELECT revoked_at FROM \(names.table) WHERE kind = 'user' AND subject = $1",
                    binds: binds(user)), logger: Logger(label: "test"))
            var value: Double?
            for try await (at) in rows.decode(Double.self) { value = at }
            return value
        }
    }

    /// Without a database: the names are validated before anything connects.
    @Suite("ClerkRevocationPostgres configuration")
    struct PostgresRevocationStoreConfigurationTests {
        @Test("Table and channel names must be plain identifiers")
        func identifiers() throws {
            for bad in [
                "", "1table", "a-b", "a b", "x\"; DROP TABLE y; --", String(repeating: "a", count: 49), "tablé",
            ] {
                #expect(throws: PostgresRevocationStore.InvalidIdentifier.self) {
                    _ = try PostgresRevocationStore(configuration: .init(host: "localhost", username: "u", table: bad))
                }
                #expect(throws: PostgresRevocationStore.InvalidIdentifier.self) {
                    _ = try PostgresRevocationStore(
                        configuration: .init(host: "localhost", username: "u", channel: bad))
                }
            }
            _ = try PostgresRevocationStore(
                configuration: .init(host: "localhost", username: "u", table: "Revocations_2"))
        }

        @Test("The hot path reads local memory: record applies at once, without a database")
        func localWithoutDatabase() async throws {
            let store = try PostgresRevocationStore(
                configuration: .init(
                    host: "127.0.0.1", port: 1, username: "u",
                    observability: ClerkObservability(metricsFactory: TestMetrics())))
            let revocation = SessionRevocation(.session("sess_local"), at: now())
            await store.record([revocation])
            #expect(
                store.revocation(sessionID: ArraySlice("sess_local".utf8), userID: nil, issuedAt: nil) == revocation)
            #expect(store.pendingCount == 1)
        }
    }

    private func binds(_ values: String...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    private func binds(_ subject: String, _ revokedAt: Double, _ expiresAt: Double) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(subject)
        binds.append(revokedAt)
        binds.append(expiresAt)
        return binds
    }

    extension SessionRevocation {
        var id: String {
            switch subject {
            case .session(let id), .user(let id): id
            }
        }
    }

    extension Duration {
        var milliseconds: Double {
            Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
        }
    }
#endif
