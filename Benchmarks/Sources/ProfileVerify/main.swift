// A plain loop over one stage, for profilers (valgrind --tool=callgrind, perf) that cannot follow the
// benchmark runner's child processes:
//   swift build --package-path Benchmarks -c release --product ProfileVerify
//   valgrind --tool=callgrind Benchmarks/.build/release/ProfileVerify cold 2000
@_spi(Benchmarking) import ClerkSession
import ClerkTesting

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "selftest" {
    SelfTest.run()
    exit(0)
}
let stage = arguments.count > 1 ? arguments[1] : "cold"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000

// Stages on the fixed token and key only: no key is generated, so the whole run is deterministic and
// `valgrind --tool=callgrind` totals of N and 3N runs differ by exactly 2N operations.
if stage == "warm-revocations" || stage == "warm-hit" {
    let fixedIssuedAt: Double = 1_767_225_600
    let fixedConfiguration = SessionTokenVerifier.Configuration(
        issuers: ["https://clerk.example.test"], authorizedParties: ["https://app.example.test"],
        clock: .fixed(fixedIssuedAt + 1))
    let keySet = try! SessionKeySet(jwksText: FixedToken.jwks, issuer: "https://clerk.example.test")
    // A non-empty revocation list (1 000 sessions, 100 users) for warm-revocations; the default otherwise.
    let revocations = InMemoryRevocationList(clock: .fixed(fixedIssuedAt))
    revocations.recordNow(
        (0..<1000).map { SessionRevocation(.session("sess_revoked_\($0)"), at: fixedIssuedAt) }
            + (0..<100).map { SessionRevocation(.user("user_revoked_\($0)"), at: fixedIssuedAt) })
    let verifier = SessionTokenVerifier(
        configuration: fixedConfiguration, keyStore: SessionKeyStore(keySet: keySet),
        revocations: stage == "warm-revocations" ? revocations : nil)
    var sink = 0
    for _ in 0..<count { sink &+= (try! verifier.verify(FixedToken.token)).storage_hash }
    print(stage, count, sink != 42)
    exit(0)
}

let issuedAt: Double = 1_767_225_600
let issuer = TestIssuer(clock: .fixed(issuedAt))
/// The benchmarks' token: a Clerk v2 session with an organization, plans, features and metadata.
/// Its `jti` is fixed (a random one has 1 to 20 digits), so the token has the same length in every process:
/// the instruction counts of Benchmarks/callgrind-gate must not depend on the run.
func benchmarkToken(sessionID: String) -> String {
    var claims = issuer.sessionClaims(
        userID: "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", sessionID: sessionID,
        organization: .object([
            ("fpm", "3"), ("id", "org_2kQFvXyZLm8tA3bC9dE1fG4hJ6k"), ("rol", "admin"),
            ("slg", "acme-inc"), ("per", "manage,read,write"),
        ]),
        extra: [
            ("email", "ada.lovelace@example.test"), ("pla", "u:pro,o:business"),
            ("fea", "u:export,u:sso,o:audit-log,o:analytics"),
            ("metadata", .object([("role", "engineer"), ("team", "platform"), ("region", "eu-west-1")])),
        ])
    if let jti = claims.firstIndex(where: { $0.name == "jti" }) { claims[jti].value = "jti_12345678901234567890" }
    return issuer.token(claims: claims)
}
if stage == "fixture" {
    // Prints a new FixedToken (Fixture.swift): the JWKS of this process's key and the token it signed.
    print(issuer.jwksJSON)
    print(benchmarkToken(sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu"))
    exit(0)
}
// The stages below verify a fixed token under a fixed key (FixedToken), not one this process's key signed:
// the token scan's instruction count depends on the signature's characters, and Benchmarks/callgrind-gate
// needs the same count in every process. Scaling and expired use this process's issuer.
let token = FixedToken.token
let mintedToken = benchmarkToken(sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu")
let fixedKeySet = try! SessionKeySet(jwksText: FixedToken.jwks, issuer: issuer.issuer)
var configuration = SessionTokenVerifier.Configuration(
    issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty],
    clock: .fixed(issuedAt + 1))
let warm = SessionTokenVerifier(configuration: configuration, keySet: fixedKeySet)
let mintedWarm = SessionTokenVerifier(configuration: configuration, keySet: issuer.keySet)
configuration.verifiedTokenCacheCapacity = 0
let cold = SessionTokenVerifier(configuration: configuration, keySet: fixedKeySet)
let mintedCold = SessionTokenVerifier(configuration: configuration, keySet: issuer.keySet)
// The failure paths of the benchmarks: the last signature character changed, and a token past its exp.
var tokenBytes = Array(token.utf8)
let flip = tokenBytes.lastIndex(of: UInt8(ascii: "."))! + 40  // inside the signature, no padding bits
tokenBytes[flip] = tokenBytes[flip] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
let badSignatureToken = String(decoding: tokenBytes, as: UTF8.self)
let expiredToken = issuer.sessionToken(
    userID: "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu",
    issuedAt: issuedAt - 3600)

if stage.hasPrefix("scaling") {
    // Two-task scaling outside the benchmark harness: N verifications in one task, then the same N split
    // over two concurrent tasks, wall clock; best of five rounds each. "scaling-warm": cache hits of one
    // token in both tasks; "scaling-warm-distinct": each task hits its own user's token.
    let verifier = stage == "scaling" ? mintedCold : mintedWarm
    // Another user's token in another shard of the verified-token cache (shards go by the last byte).
    let other = (0..<64).lazy.map { issuer.sessionToken(userID: "user_2other\($0)", sessionID: "sess_2other") }
        .first { ($0.utf8.last! & 7) != (mintedToken.utf8.last! & 7) }!
    // "scaling-warm-copies": the one token, but each task holds its own String of it, as each request of a
    // server holds the text it read from its own header (one shared String's reference count is the
    // benchmark's, not the verifier's).
    let copy = String(decoding: Array(mintedToken.utf8), as: UTF8.self)
    let tokens =
        stage == "scaling-warm-distinct"
        ? [mintedToken, other] : stage == "scaling-warm-copies" ? [mintedToken, copy] : [mintedToken, mintedToken]
    for t in tokens { _ = try! verifier.verify(t) }
    func seconds(tasks: Int) async -> Double {
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                let token = tokens[task]
                group.addTask { for _ in 0..<(count / tasks) { _ = try! verifier.verify(token) } }
            }
        }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    var one = Double.infinity
    var two = Double.infinity
    for _ in 0..<5 {
        one = min(one, await seconds(tasks: 1))
        two = min(two, await seconds(tasks: 2))
    }
    print(
        "\(stage): 1 task \(Int(Double(count) / one)) /s, 2 tasks \(Int(Double(count) / two)) /s, ratio \(Double(Int(one / two * 100)) / 100)"
    )
    exit(0)
}

if stage == "cache-memory" {
    // The verified-token cache's memory per entry (the README's 2.06 KiB for a 1.16 KB token):
    // resident memory (/proc/self/statm) before and after `count` distinct tokens enter one verifier's
    // cache, in this single-threaded process. The tokens exist before the first reading, so only the
    // cache's own copies and entries count. Use a few thousand entries: a page is 4 KiB.
    let tokens = (0..<count).map { i in benchmarkToken(sessionID: "sess_mem_\(i)") }
    var fill = configuration
    fill.verifiedTokenCacheCapacity = count * 4  // room to spare in every shard: nothing is evicted
    let verifier = SessionTokenVerifier(configuration: fill, keySet: issuer.keySet)
    _ = try! verifier.verify(tokens[0])
    let before = residentBytes()
    for t in tokens.dropFirst() { _ = try! verifier.verify(t) }
    let after = residentBytes()
    let perEntry = Double(after - before) / Double(count - 1)
    let tokenBytes = tokens.map(\.utf8.count).reduce(0, +) / tokens.count
    print(
        "cache-memory: \(count - 1) entries, token \(tokenBytes) bytes, \(Int(perEntry)) bytes per entry (\(Double(Int(perEntry / 1024 * 100)) / 100) KiB), \(Int(perEntry * 10_000 / 1_048_576)) MiB for 10 000"
    )
    exit(0)
}

let (baseline, baselineMessage, baselineSignature) = OpenSSLBaseline.forFixedToken()
precondition(baselineVerify(baseline, baselineMessage, baselineSignature), "the baseline refuses the fixture")

var sink = 0
for _ in 0..<count {
    switch stage {
    case "cold": sink &+= (try! cold.verify(token)).storage_hash
    case "warm": sink &+= (try! warm.verify(token)).storage_hash
    case "baseline": sink &+= baselineVerify(baseline, baselineMessage, baselineSignature) ? 1 : 0
    case "claims": sink &+= (try! cold.parseClaimsForBenchmarking(token)).storage_hash
    case "header": sink &+= try! cold.parseHeaderForBenchmarking(token)
    case "bad-signature":
        do {
            _ = try cold.verify(badSignatureToken)
            fatalError("accepted")
        } catch { sink &+= error.message.utf8.count }
    case "expired":
        do {
            _ = try mintedCold.verify(expiredToken)
            fatalError("accepted")
        } catch { sink &+= error.message.utf8.count }
    default:
        fatalError(
            "stage: cold | warm | baseline | claims | header | bad-signature | expired | scaling[-warm[-distinct|-copies]] | warm-hit | warm-revocations | cache-memory | selftest | fixture"
        )
    }
}
print(stage, count, sink != 42)

extension VerifiedSession {
    var storage_hash: Int { userID.utf8.count }
}

/// Resident memory of this process in bytes, from /proc/self/statm (Linux), 0 elsewhere.
func residentBytes() -> Int {
    #if canImport(Glibc)
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var size = 0
        var resident = 0
        guard
            withUnsafeMutablePointer(
                to: &size,
                { s in
                    withUnsafeMutablePointer(
                        to: &resident,
                        { r in
                            readStatm(file, s, r)
                        })
                })
        else { return 0 }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
    #else
        return 0
    #endif
}

#if canImport(Glibc)
    /// Reads the first two numbers of statm without variadic C calls.
    func readStatm(
        _ file: UnsafeMutablePointer<FILE>, _ size: UnsafeMutablePointer<Int>, _ resident: UnsafeMutablePointer<Int>
    ) -> Bool {
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
        let line = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let fields = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let s = Int(fields[0]), let r = Int(fields[1]) else { return false }
        size.pointee = s
        resident.pointee = r
        return true
    }
#endif
