#if Postgres
    import ClerkRevocationPostgres
    import ClerkSession
    import Foundation
    import Logging
    import MetricsTestKit
    import PostgresNIO
    import Synchronization
    import Testing

    /// The test server named by the environment (`eval "$(scripts/postgres-test-server start)"`), or nil.
    struct PostgresFixture: Sendable {
        let host: String
        let port: Int
        let username: String
        let password: String?
        let database: String
        /// scripts/postgres-test-server and its data directory, when the server may be stopped and started.
        let control: (script: String, dataDirectory: String)?

        static let current: PostgresFixture? = {
            var environment = ProcessInfo.processInfo.environment
            if environment["CLERK_TEST_POSTGRES_HOST"]?.isEmpty ?? true, let started = startRepositoryServer() {
                environment.merge(started) { $1 }
            }
            guard let host = environment["CLERK_TEST_POSTGRES_HOST"], !host.isEmpty,
                let portText = environment["CLERK_TEST_POSTGRES_PORT"], let port = Int(portText),
                let username = environment["CLERK_TEST_POSTGRES_USER"], !username.isEmpty,
                let database = environment["CLERK_TEST_POSTGRES_DATABASE"], !database.isEmpty
            else { return nil }
            var control: (script: String, dataDirectory: String)?
            if let script = environment["CLERK_TEST_POSTGRES_SERVER_SCRIPT"], !script.isEmpty,
                let dataDirectory = environment["CLERK_TEST_POSTGRES_DATA"], !dataDirectory.isEmpty
            {
                control = (script, dataDirectory)
            }
            return PostgresFixture(
                host: host, port: port, username: username, password: environment["CLERK_TEST_POSTGRES_PASSWORD"],
                database: database, control: control)
        }()

        static let disabledReason: Comment =
            "no test PostgreSQL: install the server binaries (scripts/install-postgres) so that the tests start their own, or name one with CLERK_TEST_POSTGRES_HOST/PORT/USER/DATABASE"

        /// With no server named by the environment, starts the repository's throw-away one
        /// (`scripts/postgres-test-server start`: 127.0.0.1:54329, data in /tmp, as the postgres user when
        /// root) and returns the variables it exports; nil when PostgreSQL is not installed. The server is left
        /// running for the next run (`scripts/postgres-test-server stop` stops it; CI does).
        static func startRepositoryServer() -> [String: String]? {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let script = root.appendingPathComponent("scripts/postgres-test-server").path
            guard FileManager.default.isExecutableFile(atPath: script),
                let pipe = popen("'\(script)' start 2>/dev/null", "r")
            else { return nil }
            var output: [UInt8] = []
            var buffer = [CChar](repeating: 0, count: 4096)
            while fgets(&buffer, Int32(buffer.count), pipe) != nil {
                output += buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            }
            guard pclose(pipe) == 0 else { return nil }
            var values: [String: String] = [:]
            for line in String(decoding: output, as: UTF8.self).split(separator: "\n") where line.hasPrefix("export ") {
                let assignment = line.dropFirst("export ".count)
                guard let equals = assignment.firstIndex(of: "=") else { continue }
                values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            }
            return values.isEmpty ? nil : values
        }

        /// Runs `scripts/postgres-test-server <command> <data dir>` (stop or start) and waits for it to exit, on
        /// a thread of its own (`system` blocks; Foundation's `Process` did not always reap the script here).
        func server(_ command: String) async throws {
            guard let control else { throw Timeout(what: "no server script") }
            let line = "'\(control.script)' \(command) '\(control.dataDirectory)' >&2"
            let status: Int32 = await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: system(line)) }
            }
            #expect(status == 0, "postgres-test-server \(command) exited with \(status)")
        }

        /// Runs `body` with a connection as the fixture's (super)user (to inspect the table and cause outages),
        /// closed afterwards whatever happens.
        func withAdmin<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
            let admin = try await PostgresConnection.connect(
                configuration: .init(
                    host: host, port: port, username: username, password: password, database: database, tls: .disable),
                id: 0, logger: Logger(label: "test.admin"))
            do {
                let value = try await body(admin)
                try await admin.close()
                return value
            } catch {
                try? await admin.close()
                throw error
            }
        }
    }

    /// A fresh table and channel per test, so that tests and runs never see each other's rows or notifications.
    struct Names: Sendable {
        let table: String
        let channel: String
        let tag: String

        init() {
            tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            table = "clerk_test_\(tag)"
            channel = "clerk_test_\(tag)_channel"
        }
    }

    /// One store and what it observed.
    struct TestStore: Sendable {
        let store: PostgresRevocationStore
        let metrics: TestMetrics
        let logs: LogCapture

        init(
            _ fixture: PostgresFixture, _ names: Names, channel: String? = nil, username: String? = nil,
            applicationName: String = "clerk-revocation-test", initialBackoff: Duration = .milliseconds(100)
        ) throws {
            metrics = TestMetrics()
            let logs = LogCapture()
            self.logs = logs
            var logger = Logger(label: "clerk.revocation.postgres.test") { _ in CapturingLogHandler(capture: logs) }
            logger.logLevel = .info
            store = try PostgresRevocationStore(
                configuration: .init(
                    host: fixture.host, port: fixture.port, username: username ?? fixture.username,
                    password: username == nil ? fixture.password : nil, database: fixture.database,
                    table: names.table, channel: channel ?? names.channel, applicationName: applicationName,
                    initialBackoff: initialBackoff, maximumBackoff: .seconds(1), logger: logger,
                    observability: ClerkObservability(metricsFactory: metrics)))
        }

        func errors(_ operation: String) throws -> Int64 {
            try metrics.expectCounter("clerk_revocation_store_errors_total", [("operation", operation)]).totalValue
        }

        var connected: Double? {
            get throws { try metrics.expectGauge("clerk_revocation_store_connected").lastValue }
        }

        func refuses(session id: String) -> Bool {
            store.revocation(sessionID: ArraySlice(id.utf8), userID: nil, issuedAt: nil) != nil
        }

        func refuses(user id: String, issuedAt: Double) -> Bool {
            store.revocation(sessionID: nil, userID: ArraySlice(id.utf8), issuedAt: issuedAt) != nil
        }
    }

    /// Keeps the warnings and errors logged.
    final class LogCapture: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var messages: [String] { lines.withLock { $0 } }
    }

    struct CapturingLogHandler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            if event.level >= .warning { capture.append("\(event.level): \(event.message)") }
        }
    }

    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// The generous deadline of every wait: an event is awaited, never a timer; the deadline only ends a test
    /// that would otherwise hang. Two minutes: in the full parallel run on two cores, other suites can keep the
    /// cooperative pool busy for tens of seconds.
    let deadline: Duration = .seconds(120)

    /// `body`'s result, or `Timeout` after ``deadline``.
    func within<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Timeout(what: what) }
            return value
        }
    }

    /// The first event of `events` that matches (subscribe before causing it).
    @discardableResult
    func first(
        _ events: AsyncStream<PostgresRevocationStore.Event>, _ what: String,
        where match: @escaping @Sendable (PostgresRevocationStore.Event) -> Bool
    ) async throws -> PostgresRevocationStore.Event {
        try await within(what) {
            for await event in events where match(event) { return event }
            throw Timeout(what: "\(what) (the event stream ended)")
        }
    }

    /// Waits until `condition` holds, checking it now and after each event of `events`.
    func eventually(
        _ events: AsyncStream<PostgresRevocationStore.Event>, _ what: String,
        _ condition: @escaping @Sendable () -> Bool
    ) async throws {
        if condition() { return }
        try await first(events, what) { _ in condition() }
    }

    /// Runs the stores (their `run()`) around `body`, then cancels them and waits for them to return.
    func running<T: Sendable>(
        _ stores: [TestStore], _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            for store in stores {
                group.addTask {
                    try await store.store.run()
                    return nil
                }
            }
            do {
                for store in stores {
                    try await within("the store to synchronize") { try await store.store.waitUntilSynchronized() }
                }
                let value = try await body()
                group.cancelAll()
                return value
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    extension PostgresRevocationStore.Event {
        var received: SessionRevocation? {
            if case .received(let revocation, _) = self { return revocation }
            return nil
        }

        var isSynchronized: Bool {
            if case .synchronized = self { return true }
            return false
        }

        var isDisconnected: Bool {
            if case .disconnected = self { return true }
            return false
        }
    }

    /// A unique id with Clerk's prefix.
    func uniqueID(_ prefix: String) -> String { "\(prefix)_\(String(UInt64.random(in: 0...UInt64.max), radix: 36))" }

    /// Now, in seconds since 1970.
    func now() -> Double { Date().timeIntervalSince1970 }
#endif
