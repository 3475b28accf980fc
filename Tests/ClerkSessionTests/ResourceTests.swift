import CClerkOpenSSL
import ClerkTesting
import Foundation
import Testing

@testable import ClerkSession

/// OpenSSL objects are freed: keys, their pooled verification contexts, shared PEM handles and whole key
/// sets are created, used and dropped thousands of times, and resident memory must stay flat.
@Suite("OpenSSL resources", .serialized)
struct ResourceTests {
    static let signingKey = TestSigningKey()
    static let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ".utf8)
    static let signature = signingKey.sign(message)
    static let mebibyte = 1024 * 1024

    /// Resident set size in bytes, from /proc/self/statm (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Runs `body` `warmUp` times, then three rounds of `count` runs, measuring resident memory around each
    /// round; returns the smallest growth. A leak grows memory in every round; the allocations of suites
    /// running in parallel in the same process show up in some rounds only, so the minimum filters them out.
    static func growth(warmUp: Int, count: Int, _ body: () throws -> Void) rethrows -> Int? {
        for _ in 0..<warmUp { try body() }
        var smallest = Int.max
        for _ in 0..<3 {
            guard let before = residentBytes() else { return nil }
            for _ in 0..<count { try body() }
            guard let after = residentBytes() else { return nil }
            smallest = min(smallest, after - before)
        }
        return smallest
    }

    /// The bound: generous against allocator noise and other suites running in parallel (the full suite
    /// measures well under 1 MiB of growth here), and still well below what leaking one key per iteration
    /// costs (about 1.8 KiB of OpenSSL state each: 10 000 leaked keys are about 18 MiB, checked by running
    /// these tests with `EVP_PKEY_free` removed from the key's deinit).
    static let bound = 8 * mebibyte

    /// Under AddressSanitizer freed memory waits in its quarantine (up to 256 MiB), so resident memory grows
    /// by design; there LeakSanitizer (`scripts/sanitizers asan`) checks the same loops for leaks instead.
    static let underAddressSanitizer = dlsym(nil, "__asan_init") != nil

    static func expectFlat(_ bytes: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !underAddressSanitizer else { return }
        #expect(bytes < bound, "resident memory grew by \(bytes / 1024) KiB", sourceLocation: sourceLocation)
    }

    @Test("20 000 keys built from n and e, each verifying, do not leak")
    func keysFromModulus() throws {
        let modulus = Self.signingKey.modulus
        var verified = 0
        let grew = try Self.growth(warmUp: 500, count: 20_000) {
            let key = try RSAVerificationKey(modulus: modulus, exponent: [1, 0, 1])
            if key.isValidSignature(Self.signature, for: Self.message) { verified += 1 }
        }
        #expect(verified == 60_500)
        let bytes = try #require(grew, "/proc/self/statm is not readable")
        Self.expectFlat(bytes)
    }

    @Test("10 000 keys from PEM (shared OpenSSL handles), each verifying, do not leak")
    func keysFromPEM() throws {
        let pem = Self.signingKey.publicKeyPEM()
        var verified = 0
        let grew = try Self.growth(warmUp: 500, count: 10_000) {
            let key = try RSAVerificationKey(pem: pem)
            if key.isValidSignature(Self.signature, for: Self.message) { verified += 1 }
        }
        #expect(verified == 30_500)
        let bytes = try #require(grew, "/proc/self/statm is not readable")
        Self.expectFlat(bytes)
    }

    @Test("Refused keys (policy failures after OpenSSL decoding) do not leak")
    func refusedKeys() throws {
        let weakPEM = TestSigningKey(bits: 1024).publicKeyPEM()
        var refused = 0
        let grew = Self.growth(warmUp: 500, count: 20_000) {
            do { _ = try RSAVerificationKey(pem: weakPEM) } catch { refused += 1 }
        }
        #expect(refused == 60_500)
        let bytes = try #require(grew, "/proc/self/statm is not readable")
        Self.expectFlat(bytes)
    }

    @Test("5 000 key sets with 2 keys each, verifying tokens concurrently, do not leak")
    func keySets() async throws {
        let issuer = TestIssuer(clock: .fixed(1_800_000_000), signingKey: Self.signingKey)
        issuer.rotateKey(keyID: "ins_second", keepPrevious: true)
        let jwks = issuer.jwksJSON
        let token = issuer.sessionToken()
        let configuration = SessionTokenVerifier.Configuration(
            issuers: [issuer.issuer], clock: .fixed(1_800_000_000),
            verifiedTokenCacheCapacity: 0)
        func round() async throws -> Int {
            let set = try SessionKeySet(jwksText: jwks)
            #expect(set.keys.count == 2)
            let verifier = SessionTokenVerifier(configuration: configuration, keySet: set)
            // Several tasks at once, so the key's context pool holds more than one context when it is freed.
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try verifier.verify(token).userID == "user_2test" ? 1 : 0 } }
                return try await group.reduce(0, +)
            }
        }
        var verified = 0
        for _ in 0..<300 { verified += try await round() }
        let before = try #require(Self.residentBytes(), "/proc/self/statm is not readable")
        for _ in 0..<5_000 { verified += try await round() }
        let after = try #require(Self.residentBytes())
        #expect(verified == 5_300 * 4)
        Self.expectFlat(after - before)
    }

    @Test("The verification context pool returns and reuses contexts")
    func contextPool() throws {
        let key = try Self.signingKey.verificationKey()
        #expect(key.pool.take() == nil)
        #expect(key.isValidSignature(Self.signature, for: Self.message))
        let context = try #require(key.pool.take(), "a used context goes back to the pool")
        #expect(key.pool.take() == nil)
        key.pool.give(context)
        #expect(key.isValidSignature(Self.signature, for: Self.message))
        #expect(key.pool.take() == context, "the pooled context is reused, not replaced")
        key.pool.give(context)
        // More contexts than slots: the extras are freed, not kept.
        let extras = (0..<(VerifyContextPool.slotCount + 4)).compactMap { _ in VerifyContextPool.make(for: key.pkey) }
        #expect(extras.count == VerifyContextPool.slotCount + 4)
        for extra in extras { key.pool.give(extra) }
        var drained: [UnsafeMutablePointer<cclerk_rs256_ctx>] = []
        while let pooled = key.pool.take() { drained.append(pooled) }
        #expect(drained.count == VerifyContextPool.slotCount)
        // Back into the pool: the key's deinit frees them.
        for pooled in drained { key.pool.give(pooled) }
    }
}
