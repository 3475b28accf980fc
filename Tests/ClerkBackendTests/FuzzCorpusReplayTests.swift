@_spi(Fuzzing) import ClerkAuthentication
import ClerkBackend
import ClerkSession
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Replays the fuzz seed corpora (`Fuzz/Corpus/<target>/`) and every recorded finding
/// (`Fuzz/Regressions/<target>/`) through the library, with the properties the fuzz targets check,
/// so a fixed crash stays fixed without building the fuzzers.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    /// The fuzz package, found from this file's location.
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// `(name, bytes)` of every corpus and regression input of `target`.
    ///
    /// `Fuzz/Corpus/<target>/` must exist (every target has a seed corpus), and so must `Fuzz/Regressions/`;
    /// a missing one is recorded as an issue, not read as an empty list. `Fuzz/Regressions/<target>/` exists
    /// only for targets that have had a finding.
    static func inputs(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) -> [(
        name: String, bytes: [UInt8]
    )] {
        var found: [(name: String, bytes: [UInt8])] = []
        let regressions = fuzzDirectory.appendingPathComponent("Regressions")
        if (try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) == nil {
            Issue.record("the regressions folder is missing: \(regressions.path)", sourceLocation: sourceLocation)
        }
        for folder in ["Corpus", "Regressions"] {
            let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target)
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
                if folder == "Corpus" || FileManager.default.fileExists(atPath: directory.path) {
                    Issue.record("cannot list \(directory.path): \(error)", sourceLocation: sourceLocation)
                }
                continue
            }
            for name in names.sorted() {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                else {
                    Issue.record("cannot read \(folder)/\(target)/\(name)", sourceLocation: sourceLocation)
                    continue
                }
                found.append(("\(folder)/\(name)", Array(data)))
            }
        }
        return found
    }

    /// The fixture policy of the token targets: the JWKS seed, its issuer, a clock 5 s after issuance.
    static func fixtureVerifier(cache: Int) throws -> SessionTokenVerifier {
        let jwks = try #require(inputs("JWKSParse").first { $0.name.hasSuffix("two-keys.json") }).bytes
        let issuer = "https://clerk.example.test"
        let keySet = try SessionKeySet(jwks: jwks, issuer: issuer)
        return SessionTokenVerifier(
            configuration: .init(
                issuers: [issuer], authorizedParties: ["https://app.example.test"],
                clock: .fixed(1_700_000_005), verifiedTokenCacheCapacity: cache),
            keySet: keySet)
    }

    @Test func tokens() throws {
        let inputs = Self.inputs("TokenVerify")
        #expect(inputs.count >= 10, "the seed corpus is missing (looked in \(Self.fuzzDirectory.path))")
        let cached = try Self.fixtureVerifier(cache: 64)
        let uncached = try Self.fixtureVerifier(cache: 0)
        for input in inputs {
            let token = String(decoding: input.bytes, as: UTF8.self)
            let first = Result { () throws(ClerkVerificationError) in try uncached.verify(token) }
            let second = Result { () throws(ClerkVerificationError) in try cached.verify(token) }
            // a cache hit when valid
            let third = Result { () throws(ClerkVerificationError) in try cached.verify(token) }
            let shouldVerify = input.name.hasPrefix("Corpus/valid-")
            for result in [first, second, third] {
                switch result {
                case .success: #expect(shouldVerify, "\(input.name) verified")
                case .failure(let error):
                    #expect(!shouldVerify, "\(input.name) failed: \(error.code)")
                    #expect(String(describing: error).utf8.count < 4096)
                }
            }
        }
    }

    /// The fuzz fixtures' valid tokens, in `Fixtures.validTokens` order (the TokenMutation target picks
    /// one by `choice % count`), read from `Fuzz/Sources/FuzzFixtures/Fixtures.swift` itself.
    static func fixtureTokens() throws -> [String] {
        let path = fuzzDirectory.appendingPathComponent("Sources/FuzzFixtures/Fixtures.swift").path
        let source = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        let lines = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(
            lines.firstIndex { $0.contains("validTokens: [String] = [") }, "no validTokens in \(path)")
        let end = try #require(lines[start...].firstIndex { $0 == "    ]" }, "validTokens is not closed in \(path)")
        return lines[start..<end].compactMap { line in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("\"eyJ"), trimmed.hasSuffix("\",") else { return nil }
            return String(trimmed.dropFirst().dropLast(2))
        }
    }

    /// The TokenMutation target's edit script: one byte choosing a fixture token, then 4-byte edits
    /// `op, position (2 bytes), value` (xor, insert, delete, overwrite, truncate, duplicate a range, swap).
    /// A copy of `Fuzz/Sources/TokenMutation/TokenMutation.swift`'s loop.
    static func mutate(_ script: [UInt8], tokens: [[UInt8]]) -> [UInt8]? {
        guard let choice = script.first else { return nil }
        var token = tokens[Int(choice) % tokens.count]
        var index = 1
        while index + 4 <= script.count, !token.isEmpty {
            let op = script[index] % 7
            let position = (Int(script[index + 1]) << 8 | Int(script[index + 2])) % token.count
            let value = script[index + 3]
            switch op {
            case 0: token[position] ^= value == 0 ? 1 : value
            case 1: token.insert(value, at: position)
            case 2: token.remove(at: position)
            case 3: token[position] = value
            case 4: token.removeSubrange(position...)
            case 5:
                let end = min(token.count, position + Int(value) + 1)
                token.insert(contentsOf: token[position..<end], at: end)
            default: token.swapAt(position, Int(value) % token.count)
            }
            index += 4
        }
        return token
    }

    @Test("TokenMutation: a mutated fixture token verifies only when byte-identical to a valid one")
    func tokenMutations() throws {
        let tokens = try Self.fixtureTokens()
        #expect(tokens.count == 6, "Fixtures.validTokens was not found or changed shape")
        // The fixtures are the TokenVerify corpus's valid-* tokens.
        let validCorpus = Set(
            Self.inputs("TokenVerify").filter { $0.name.hasPrefix("Corpus/valid-") }
                .map { String(decoding: $0.bytes, as: UTF8.self) })
        #expect(Set(tokens) == validCorpus)
        let tokenBytes = tokens.map { Array($0.utf8) }
        let inputs = Self.inputs("TokenMutation")
        #expect(inputs.count >= 6, "the seed corpus is missing (looked in \(Self.fuzzDirectory.path))")
        let cached = try Self.fixtureVerifier(cache: 64)
        let uncached = try Self.fixtureVerifier(cache: 0)
        var unchanged = 0
        var mutated = 0
        for input in inputs {
            guard let token = Self.mutate(input.bytes, tokens: tokenBytes) else { continue }
            let text = String(decoding: token, as: UTF8.self)
            let identical = tokenBytes.contains { $0 == token }
            if identical { unchanged += 1 } else { mutated += 1 }
            for verifier in [cached, uncached] {
                do {
                    _ = try verifier.verify(text)
                    #expect(identical, "\(input.name): a mutated token verified")
                } catch {
                    #expect(!identical, "\(input.name): an unmutated fixture token failed: \(error.code)")
                }
            }
        }
        // The seeds cover both verdicts: `unchanged-v2` edits nothing, the others break the token.
        #expect(unchanged >= 1)
        #expect(mutated >= 5)
    }

    @Test func keySets() {
        let inputs = Self.inputs("JWKSParse")
        #expect(inputs.count >= 5)
        for input in inputs {
            guard let set = try? SessionKeySet(jwks: input.bytes) else { continue }
            #expect((1...SessionKeySet.maximumKeyCount).contains(set.keys.count), "\(input.name)")
            #expect(Set(set.keyIDs).count == set.keyIDs.count, "\(input.name)")
            for key in set.keys { #expect((2048...8192).contains(key.key.modulusBitCount), "\(input.name)") }
        }
    }

    @Test func pems() {
        let inputs = Self.inputs("PEMParse")
        #expect(inputs.count >= 5)
        var accepted = 0
        for input in inputs {
            let text = String(decoding: input.bytes, as: UTF8.self)
            guard let key = try? RSAVerificationKey(clerkJWTKey: text) else { continue }
            accepted += 1
            #expect((2048...8192).contains(key.modulusBitCount), "\(input.name)")
            if let strict = try? RSAVerificationKey(pem: text) { #expect(strict == key, "\(input.name)") }
        }
        #expect(accepted >= 4, "SPKI, PKCS#1, one-line and escaped-newline forms load")
    }

    @Test func requestHeaders() {
        let inputs = Self.inputs("RequestHeaders")
        #expect(inputs.count >= 5, "the seed corpus is missing (looked in \(Self.fuzzDirectory.path))")
        for input in inputs {
            let lines = String(decoding: input.bytes, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false)
            let headers: [(name: String, value: String)] = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
            }
            let request = ClerkRequest(method: lines.first.map(String.init) ?? "GET", headers: headers)
            for pair in request.cookieJar.pairs { #expect(!pair.name.contains(";"), "\(input.name)") }
            if let token = request.bearerToken { #expect(!token.isEmpty && token.first != " ", "\(input.name)") }
            if let origin = request.origin { #expect(origin.contains("://"), "\(input.name)") }
        }
    }

    @Test func apiErrorBodies() {
        let secret = "sk_test_FUZZ_SECRET_CANARY_0123456789"
        let inputs = Self.inputs("APIErrorBody")
        #expect(inputs.count >= 5)
        for input in inputs {
            let bytes = input.bytes
            var split: Int?
            if bytes.count >= 2 { split = (0..<(bytes.count - 1)).first { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A } }
            let head = split.map { bytes[..<$0] } ?? bytes[...]
            let body = split.map { Array(bytes[($0 + 2)...]) } ?? []
            let lines = String(decoding: head, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let status = lines.first.flatMap { Int($0.prefix(3)) } ?? 500
            let headers: [(String, String)] = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
            }
            let error = ClerkAPIError.decodingErrorResponse(
                status: status, headers: headers, body: body, now: 1_700_000_000, secret: secret)
            #expect(error.status == status, "\(input.name)")
            #expect(!error.message.isEmpty, "\(input.name)")
            let texts =
                [
                    error.message, error.description, String(reflecting: error), error.bodyExcerpt ?? "",
                    error.traceID ?? "",
                ]
                + error.errors.flatMap { [$0.message, $0.longMessage ?? "", $0.code, $0.meta ?? ""] }
            for text in texts { #expect(!text.utf8.contains(secret.utf8), "\(input.name): the secret survived") }
        }
    }
}
