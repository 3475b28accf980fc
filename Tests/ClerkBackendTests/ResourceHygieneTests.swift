import AsyncHTTPClient
import ClerkBackend
import ClerkSession
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
    static let procReason: Comment = "reads /proc/self/fd, /proc/net/tcp and /proc/self/statm (Linux only)"

    @Test("100 HTTPClient + ClerkBackendClient + FakeClerkServer cycles leave no descriptor open and memory flat",
          .enabled(if: Descriptors.hasProc, procReason))
    func descriptorCycles() async throws {
        let issuer = sharedIssuer
        func cycle() async throws -> Int {
            let server = try await FakeClerkServer.start(issuer: issuer)
            let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                        configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
            let client = ClerkBackendClient(configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL),
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
        let residentBefore = try #require(Descriptors.residentBytes(), "/proc/self/statm is not readable")
        var ports: Set<Int> = []
        for _ in 0..<100 { ports.insert(try await cycle()) }
        let after = try #require(Descriptors.count())
        let residentAfter = try #require(Descriptors.residentBytes())
        // Exact: no socket of this process is bound or connected to any of the 100 servers' ports.
        let lingering = Descriptors.sockets(touchingPorts: ports)
        #expect(lingering.isEmpty, "sockets still open on the test servers' ports: \(lingering)")
        // Whole process: other suites may run in parallel, so allow their noise, but not one fd per cycle.
        #expect(after - before <= 40, "descriptors went from \(before) to \(after) over 100 cycles")
        // Memory: the bound (4 MiB over 100 cycles) catches anything a cycle keeps of 40 KiB or more. Measured
        // with this suite alone: 0.3–0.8 MiB of growth as is; 6.6–6.9 MiB when the test keeps 64 KiB per cycle
        // alive. Suites running in parallel can free heap pages a leak then reuses without growing resident
        // memory, so this is a coarse check; LeakSanitizer (`scripts/sanitizers asan`) is the exact one.
        if !Descriptors.underAddressSanitizer {
            #expect(residentAfter - residentBefore < 4 * 1024 * 1024,
                    "resident memory grew by \((residentAfter - residentBefore) / 1024) KiB over 100 cycles")
        }
    }

    @Test("A key store refetching and swapping key sets 600 times does not grow",
          .enabled(if: Descriptors.hasProc, procReason))
    func keyStoreSwaps() async throws {
        let issuer = TestIssuer()
        let keys = [issuer.currentKey.signingKey, TestSigningKey()]
        let server = try await FakeClerkServer.start(issuer: issuer)
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                    configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        let client = ClerkBackendClient(configuration: .init(secretKey: server.secretKey, baseURL: server.baseURL),
                                        httpClient: httpClient)
        let store = SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: issuer.issuer))
        let verifier = SessionTokenVerifier(configuration: .init(issuers: [issuer.issuer], verifiedTokenCacheCapacity: 16),
                                            keyStore: store)
        var verified = 0
        func round(_ index: Int) async {
            issuer.rotateKey(signingKey: keys[index % 2])
            await store.refresh()
            if (try? verifier.verify(issuer.sessionToken())) != nil { verified += 1 }
        }
        for index in 0..<100 { await round(index) }
        let before = try #require(Descriptors.residentBytes(), "/proc/self/statm is not readable")
        for index in 0..<600 { await round(index) }
        let after = try #require(Descriptors.residentBytes())
        try await httpClient.shutdown()
        try await server.shutdown()
        #expect(verified == 700, "every round's fresh token verifies with the swapped-in keys")
        #expect(store.fetchCount >= 700)
        // Each generation is one 2048-bit key (its OpenSSL state and context pool) plus the parsed set: keeping
        // every generation alive in this test grew resident memory by 2.3–2.6 MiB over the 600 rounds (~4 KiB
        // each), against 0.4 MiB as is, with this suite alone. The bound, 1.5 MiB, sits between the two.
        // (It was 8 MiB: a leak of every generation passed.)
        // Under AddressSanitizer freed memory sits in its quarantine (up to 256 MiB), so resident memory
        // grows by design; there LeakSanitizer (`scripts/sanitizers asan`) checks the same rounds instead.
        if !Descriptors.underAddressSanitizer {
            #expect(after - before < 1536 * 1024, "resident memory grew by \((after - before) / 1024) KiB")
        }
    }
}

/// Process descriptors and memory, from /proc (Linux only).
enum Descriptors {
    /// Whether this process can read its /proc entries (the tests above need them).
    static var hasProc: Bool {
        #if os(Linux)
        return access("/proc/self/statm", R_OK) == 0 && access("/proc/self/fd", R_OK) == 0
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
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
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
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != ".." else { continue }
            let length = readlink("/proc/self/fd/\(name)", &buffer, buffer.count - 1)
            guard length > 0 else { continue }
            let target = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("socket:["), target.hasSuffix("]") { inodes.insert(String(target.dropFirst(8).dropLast())) }
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

    /// Resident set size in bytes (/proc/self/statm).
    /// Whether this process runs under AddressSanitizer (its runtime exports `__asan_init`).
    static var underAddressSanitizer: Bool {
        #if os(Linux)
        return dlsym(nil, "__asan_init") != nil
        #else
        return false
        #endif
    }

    static func residentBytes() -> Int? {
        guard let text = readText("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        #if os(Linux)
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
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
