import AsyncHTTPClient
import ClerkBackend
@_spi(Diagnostics) import ClerkSession
import ClerkTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Sockets and memory come back: client/server cycles leave no descriptor behind, and a key store that
/// refetches and swaps key sets many times does not grow. (Dropping whole key sets is covered by the
/// core suite's OpenSSL resource tests.)
@Suite("Resource hygiene", .serialized)
struct ResourceHygieneTests {
    /// Both tests read /proc: elsewhere they are reported as skipped, with this reason, rather than passing.
    static let procReason: Comment = "reads /proc/self/fd and /proc/net/tcp (Linux only)"

    @Test(
        "100 HTTPClient + ClerkBackendClient + FakeClerkServer cycles leave no descriptor open",
        .enabled(if: Descriptors.hasProc, procReason))
    func descriptorCycles() async throws {
        let issuer = sharedIssuer
        func cycle() async throws -> Int {
            let server = try await FakeClerkServer.start(issuer: issuer)
            let httpClient = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
            let client = ClerkBackendClient(
                configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL),
                httpClient: httpClient)
            let (session, _) = server.createSession()
            _ = try await client.sessions.get(session.id)
            _ = try await client.jwksKeySet(issuer: issuer.issuer)
            try await httpClient.shutdown()
            try await server.shutdown()
            return server.port
        }
        // Warm up: the shared event loop groups create their threads and epoll/eventfd descriptors once.
        for _ in 0..<3 { _ = try await cycle() }
        let before = try #require(Descriptors.count(), "/proc/self/fd is not readable")
        var ports: Set<Int> = []
        for _ in 0..<100 { ports.insert(try await cycle()) }
        // Exact: no socket of this process stays bound or connected to any of the 100 servers' ports. A
        // socket's close completes on its event loop just after `shutdown()` returns, so allow it a
        // deadline (a leaked socket never closes and fails here).
        let deadline = ContinuousClock.now + .seconds(10)
        var lingering = Descriptors.sockets(touchingPorts: ports)
        while !lingering.isEmpty, ContinuousClock.now < deadline {
            await Task.yield()
            lingering = Descriptors.sockets(touchingPorts: ports)
        }
        #expect(lingering.isEmpty, "sockets still open on the test servers' ports: \(lingering)")
        // Whole process: other suites run in parallel (live servers, PostgreSQL connections), so allow their
        // noise, but not one fd per cycle: a leak of one per cycle is at least 100.
        let after = try #require(Descriptors.count())
        #expect(after - before <= 80, "descriptors went from \(before) to \(after) over 100 cycles")
        // Memory is not asserted here: resident memory is process-wide, and suites running in parallel move
        // it by more than any bound that would catch a small leak (a 4 MiB bound failed on their noise).
        // LeakSanitizer over the whole suite (`scripts/sanitizers asan`, run by CI) is the exact check.
    }

    @Test("A key store refetching and swapping key sets 600 times keeps no old generation alive")
    func keyStoreSwaps() async throws {
        let issuer = TestIssuer()
        let keys = [issuer.currentKey.signingKey, TestSigningKey()]
        let server = try await FakeClerkServer.start(issuer: issuer)
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        let client = ClerkBackendClient(
            configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL),
            httpClient: httpClient)
        let store = SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: issuer.issuer))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], verifiedTokenCacheCapacity: 16),
            keyStore: store)
        var verified = 0
        // Every generation's keys, weakly: each generation parses new key objects (OpenSSL state, context
        // pool), so a generation kept alive anywhere (store, snapshot, cache, pool) shows up here exactly,
        // whatever other suites do in parallel (resident memory is process-wide and moved by their noise).
        var generations: [WeakKey] = []
        func round(_ index: Int) async {
            issuer.rotateKey(signingKey: keys[index % 2])
            await store.refresh()
            if (try? verifier.verify(issuer.sessionToken())) != nil { verified += 1 }
            for key in store.currentKeySet?.keys ?? [] { generations.append(WeakKey(key.key)) }
        }
        for index in 0..<700 { await round(index) }
        try await httpClient.shutdown()
        try await server.shutdown()
        #expect(verified == 700, "every round's fresh token verifies with the swapped-in keys")
        #expect(store.fetchCount >= 700)
        #expect(generations.count >= 700)
        // Alive: the current generation, and at most one per verified-token cache entry (16), whose session
        // holds the key that verified it until the entry is dropped. Keeping every generation would be 700.
        let alive = generations.filter { $0.key != nil }.count
        #expect(alive <= 1 + 16, "\(alive) of \(generations.count) generations' keys are still alive")
    }
}

/// Process descriptors and memory, from /proc (Linux only).
enum Descriptors {
    /// Whether this process can read its /proc entries (the tests above need them).
    static var hasProc: Bool {
        #if os(Linux)
            return access("/proc/net/tcp", R_OK) == 0 && access("/proc/self/fd", R_OK) == 0
        #else
            return false
        #endif
    }

    /// Entries of /proc/self/fd (the directory's own descriptor excluded).
    static func count() -> Int? {
        #if os(Linux)
            guard let dir = opendir("/proc/self/fd") else { return nil }
            defer { closedir(dir) }
            var entries = 0
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { entries += 1 }
            }
            return entries - 1
        #else
            return nil
        #endif
    }

    /// Socket inodes this process holds (from the /proc/self/fd links).
    static func socketInodes() -> Set<String> {
        #if os(Linux)
            guard let dir = opendir("/proc/self/fd") else { return [] }
            defer { closedir(dir) }
            var inodes: Set<String> = []
            var buffer = [CChar](repeating: 0, count: 256)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != ".." else { continue }
                let length = readlink("/proc/self/fd/\(name)", &buffer, buffer.count - 1)
                guard length > 0 else { continue }
                let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("socket:["), target.hasSuffix("]") {
                    inodes.insert(String(target.dropFirst(8).dropLast()))
                }
            }
            return inodes
        #else
            return []
        #endif
    }

    /// This process's TCP sockets whose local or remote port is in `ports` (from /proc/net/tcp and tcp6).
    static func sockets(touchingPorts ports: Set<Int>) -> [String] {
        let mine = socketInodes()
        var found: [String] = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readText(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, mine.contains(String(fields[9])) else { continue }
                let local = fields[1].split(separator: ":").last.flatMap { Int($0, radix: 16) }
                let remote = fields[2].split(separator: ":").last.flatMap { Int($0, radix: 16) }
                if let local, ports.contains(local) { found.append("local:\(local) state:\(fields[3])") }
                if let remote, ports.contains(remote) { found.append("remote:\(remote) state:\(fields[3])") }
            }
        }
        return found
    }

    private static func readText(_ path: String) -> String? {
        #if os(Linux)
            guard let file = fopen(path, "r") else { return nil }
            defer { fclose(file) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let read = fread(&chunk, 1, chunk.count, file)
                if read <= 0 { break }
                bytes.append(contentsOf: chunk.prefix(read))
            }
            return String(decoding: bytes, as: UTF8.self)
        #else
            return nil
        #endif
    }
}

/// A weak reference to a key, to see whether anything still holds it.
struct WeakKey {
    weak var key: RSAVerificationKey?
    init(_ key: RSAVerificationKey) { self.key = key }
}
