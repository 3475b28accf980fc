@_spi(Fuzzing) import ClerkBackend
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
    static func inputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
        var found: [(name: String, bytes: [UInt8])] = []
        for folder in ["Corpus", "Regressions"] {
            let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
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
        return SessionTokenVerifier(configuration: .init(issuers: [issuer], authorizedParties: ["https://app.example.test"],
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
            let third = Result { () throws(ClerkVerificationError) in try cached.verify(token) }   // a cache hit when valid
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
        for input in Self.inputs("RequestHeaders") {
            let lines = String(decoding: input.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
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
            let error = ClerkAPIError.decodingErrorResponse(status: status, headers: headers, body: body, now: 1_700_000_000, secret: secret)
            #expect(error.status == status, "\(input.name)")
            #expect(!error.message.isEmpty, "\(input.name)")
            let texts = [error.message, error.description, String(reflecting: error), error.bodyExcerpt ?? "", error.traceID ?? ""]
                + error.errors.flatMap { [$0.message, $0.longMessage ?? "", $0.code, $0.meta ?? ""] }
            for text in texts { #expect(!text.utf8.contains(secret.utf8), "\(input.name): the secret survived") }
        }
    }
}
