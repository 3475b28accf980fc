import ClerkSession
import ClerkTesting
import Dispatch
import Foundation

// Usage: E2EFixture <dir> [pool-size]
//
// Writes into <dir>:
//   jwks.json    the JWKS of one fresh 2048-bit RSA key (the servers load it from this file)
//   token.txt    one valid v2 session token, valid for 24 hours (the repeated, cache-hit token)
//   pool.txt     <pool-size> distinct valid tokens, one per line (the first-seen tokens of the mixed load)
//   issuer.txt   the `iss` the tokens carry and the servers require
//   azp.txt      the `azp` the tokens carry and the servers require
// The servers answer `GET /hello` with the token's `sub`, the same for every token here.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: E2EFixture <dir> [pool-size]\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1], isDirectory: true)
let poolSize = arguments.count >= 3 ? Int(arguments[2]) ?? 0 : 20_000

let userID = "user_2e2eBenchmarkUser0000000"

/// Mints the tokens: a realistic v2 token of about 1 KB, as in Benchmarks/ (an active organization and a
/// few custom claims), valid for 24 hours.
struct Minter: Sendable {
    let issuer = TestIssuer(keyID: "ins_2e2eBenchmarkInstance0000")
    let organization: ClaimValue = .object([
        ("fpm", "3"), ("id", "org_2kQFvXyZLm8tA3bC9dE1fG4hJ6k"), ("rol", "admin"), ("slg", "acme-inc"),
        ("per", "manage,read,write"),
    ])
    let extra: [(name: String, value: ClaimValue)] = [
        ("email", "ada.lovelace@example.test"),
        ("pla", "u:pro,o:business"),
        ("fea", "u:export,u:sso,o:audit-log,o:analytics"),
        ("metadata", .object([("role", "engineer"), ("team", "platform"), ("region", "eu-west-1")])),
    ]
    let userID: String

    func token(sessionNumber: Int) -> String {
        issuer.sessionToken(
            userID: userID, sessionID: "sess_2e2e\(String(sessionNumber, radix: 36))", lifetime: 24 * 3600,
            organization: organization, extra: extra)
    }
}

let minter = Minter(userID: userID)
let issuer = minter.issuer

/// Many tokens signed on every core: signing is the slow part (about a millisecond each).
final class TokenPool: @unchecked Sendable {
    var tokens: [String]
    let lock = NSLock()

    init(count: Int) { tokens = Array(repeating: "", count: count) }
}

let pool = TokenPool(count: poolSize)
let chunk = 256
DispatchQueue.concurrentPerform(iterations: (poolSize + chunk - 1) / chunk) { [pool, minter, poolSize, chunk] part in
    let range = (part * chunk)..<min(poolSize, (part + 1) * chunk)
    let minted = range.map { minter.token(sessionNumber: $0 + 1) }
    pool.lock.lock()
    pool.tokens.replaceSubrange(range, with: minted)
    pool.lock.unlock()
}
let main = minter.token(sessionNumber: 0)
precondition(Set(pool.tokens + [main]).count == poolSize + 1, "the pool tokens are not distinct")

// Each token verifies under the policy the servers use before anything is written.
let verifier = SessionTokenVerifier(
    configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
    keyStore: SessionKeyStore(keySet: issuer.keySet))
for candidate in [main] + pool.tokens.prefix(8) {
    do {
        let session = try verifier.verify(candidate)
        precondition(session.userID == userID)
    } catch {
        FileHandle.standardError.write(Data("E2EFixture: a minted token does not verify: \(error)\n".utf8))
        exit(1)
    }
}

try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: directory.appendingPathComponent(name))
}
try write("jwks.json", issuer.jwksJSON)
try write("token.txt", main + "\n")
try write("pool.txt", pool.tokens.joined(separator: "\n") + "\n")
try write("issuer.txt", issuer.issuer + "\n")
try write("azp.txt", issuer.defaultAuthorizedParty + "\n")
print("E2EFixture: 1 key, 1 token of \(main.utf8.count) bytes, \(poolSize) pool tokens in \(directory.path)")
