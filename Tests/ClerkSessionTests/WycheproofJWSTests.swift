import Foundation
import Testing

@testable import ClerkSession

/// RS256 at the JWS level: Wycheproof's `json_web_signature_test.json` and the RFC 7515 A.2 / RFC 7520 4.1
/// examples. The payloads are not Clerk claims, so these run the token layer (strict compact form, strict
/// base64url, `alg` exactly RS256) and the signature primitive, not the session verifier.
@Suite("Wycheproof and RFC JWS RS256")
struct WycheproofJWSTests {
    struct File: Decodable {
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct Group: Decodable {
        let comment: String
        let `public`: JWK?
        let tests: [Case]
    }

    struct JWK: Decodable {
        let kty: String
        let alg: String?
        let kid: String?
        let use: String?
        let key_ops: [String]?
        let n: String?
        let e: String?
    }

    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let jws: String
        let result: String
    }

    struct RFCFile: Decodable {
        let vectors: [RFCVector]
    }

    struct RFCVector: Decodable {
        struct Key: Decodable {
            let n: String
            let e: String
        }
        let id: String
        let jwk: Key
        let modulus_bits: Int
        let signing_input_ascii: String
        let signature_b64u: String
        let compact: String
    }

    static let fileName = "json_web_signature_test.json"

    /// JWS-level RS256 verification: exactly three non-empty segments, all three strict base64url, a strict
    /// JSON header whose `alg` is exactly "RS256", and the signature over the ASCII signing input as received.
    static func verifiesAsRS256(_ jws: String, key: RSAVerificationKey) -> Bool {
        let bytes = Array(jws.utf8)
        guard let parts = try? CompactToken(bytes),
            let headerBytes = Base64URL.decode(bytes, parts.header),
            Base64URL.decode(bytes, parts.payload) != nil,
            let signature = Base64URL.decode(bytes, parts.signature),
            let header = try? StrictJSON(parsing: headerBytes),
            let alg = header.member(ClaimName.alg),
            header.stringEquals(alg, Array("RS256".utf8))
        else { return false }
        return key.isValidSignature(signature, for: Array(bytes[0..<parts.signingInputEnd]))
    }

    static func key(_ jwk: JWK) throws -> RSAVerificationKey {
        let n = try #require(jwk.n.flatMap { Base64URL.decode($0) })
        let e = try #require(jwk.e.flatMap { Base64URL.decode($0) })
        return try RSAVerificationKey(modulus: n, exponent: e)
    }

    @Test("Every RS256 group (rs256, rfc7520, rfc7520WithKeyOps) gives the expected verdict")
    func rs256Groups() throws {
        let file = try TestSupport.vector(File.self, Self.fileName)
        let groups = file.testGroups.filter { $0.public?.alg == "RS256" }
        #expect(groups.map(\.comment).sorted() == ["rfc7520", "rfc7520WithKeyOps", "rs256", "rs256"])
        var valid = 0
        var invalid = 0
        for group in groups {
            let jwk = try #require(group.public)
            let key = try Self.key(jwk)
            for vector in group.tests {
                let label = "tcId \(vector.tcId) (\(vector.comment)) in group \(group.comment)"
                let accepted = Self.verifiesAsRS256(vector.jws, key: key)
                if vector.result == "valid", vector.comment == "emptyPayload" {
                    // tcId 259 signs `header.` with an empty payload. The signature is genuine, but this
                    // library refuses empty segments (attack matrix S1), so the token is rejected.
                    let cut = try #require(vector.jws.lastIndex(of: "."))
                    let signingInput = Array(vector.jws[..<cut].utf8)
                    let signature = try #require(Base64URL.decode(vector.jws[vector.jws.index(after: cut)...]))
                    #expect(
                        key.isValidSignature(signature, for: signingInput),
                        "\(label): the signature itself should verify")
                    #expect(!accepted, "\(label): an empty payload must be refused by the compact-form rules")
                    valid += 1
                    continue
                }
                switch vector.result {
                case "valid":
                    #expect(accepted, "valid vector refused: \(label)")
                    valid += 1
                case "invalid":
                    #expect(!accepted, "invalid vector accepted: \(label)")
                    invalid += 1
                default: Issue.record("unexpected result \(vector.result): \(label)")
                }
            }
        }
        // rs256: 1 valid + 225 invalid; rs256 (RS256_2048): 5 valid; rfc7520 and rfc7520WithKeyOps: 1 valid each.
        #expect(valid == 8)
        #expect(invalid == 225)
    }

    @Test("RS256 tokens under keys meant for encryption are refused at key ingestion (tcId 353, 355)")
    func encryptionKeys() throws {
        let file = try TestSupport.vector(File.self, Self.fileName)
        let groups = file.testGroups.filter { $0.comment == "rsa_encryption" }
        #expect(groups.count == 2)
        for group in groups {
            let jwk = try #require(group.public)
            #expect(group.tests.allSatisfy { $0.result == "invalid" })
            var members = [
                "\"kty\":\"RSA\"", "\"kid\":\"\(jwk.kid ?? "k")\"", "\"n\":\"\(jwk.n ?? "")\"",
                "\"e\":\"\(jwk.e ?? "")\"",
            ]
            if let use = jwk.use { members.append("\"use\":\"\(use)\"") }
            if let ops = jwk.key_ops {
                members.append("\"key_ops\":[\(ops.map { "\"\($0)\"" }.joined(separator: ","))]")
            }
            let jwks = "{\"keys\":[{\(members.joined(separator: ","))}]}"
            let error = #expect(
                throws: ClerkVerificationError.self, "group \(group.comment) tcIds \(group.tests.map(\.tcId))"
            ) {
                try SessionKeySet(jwksText: jwks)
            }
            #expect(error?.code == .localKeyInvalid)
        }
    }

    /// A verifier over one RSA key published under `kid` (no `alg`, `use` or `key_ops`, so the key policy
    /// takes it), with a policy no claim set of these vectors meets: nothing can verify, and the error code
    /// tells which rule stopped the token.
    static func verifier(key jwk: JWK, kid: String) throws -> SessionTokenVerifier {
        let n = try #require(jwk.n)
        let e = try #require(jwk.e)
        let jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"\(kid)\",\"n\":\"\(n)\",\"e\":\"\(e)\"}]}"
        let keySet = try SessionKeySet(jwksText: jwks)
        #expect(keySet.keys.count == 1, "the group's key is ingested under kid \(kid)")
        return SessionTokenVerifier(
            configuration: .init(
                issuers: ["https://wycheproof.invalid"], clock: .fixed(1_800_000_000),
                verifiedTokenCacheCapacity: 0),
            keySet: keySet)
    }

    /// The header of `jws` as a JSON object, when its first segment is base64url JSON.
    static func header(_ jws: String) -> [String: Any]? {
        guard let first = jws.split(separator: ".", omittingEmptySubsequences: false).first,
            let bytes = Base64URL.decode(first),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return nil }
        return object
    }

    @Test("Non-RS256 groups are refused by the alg rule, each under its own key (token-invalid-algorithm)")
    func otherAlgorithmsAndBase64() throws {
        let file = try TestSupport.vector(File.self, Self.fileName)
        let rs256 = try #require(file.testGroups.first { $0.comment == "rs256" && $0.public?.kid == "kid-rsa-sign" })
        var checked = 0
        var byAlgorithm = 0
        var ownRSAKey = 0
        var relabelledChecked = 0
        // The rsa_encryption groups (tcId 353, 355) hold genuine RS256 signatures; their key's use/key_ops
        // is what makes them invalid, and ingestion refuses those keys (see the test above).
        for group in file.testGroups where group.public?.alg != "RS256" && group.comment != "rsa_encryption" {
            // RSA groups (RS384, RS512, PS256, PS384, PS512) use their own modulus, so a token whose alg were
            // taken at its word would meet the key it was signed with. HMAC and EC groups have no RSA key:
            // they get the rs256 group's key, published under their own kid, so the kid lookup succeeds too.
            let ownKey = group.public?.kty == "RSA"
            let jwk = try #require(ownKey ? group.public : rs256.public)
            for vector in group.tests {
                let label = "tcId \(vector.tcId) (\(vector.comment)) in group \(group.comment)"
                let header = Self.header(vector.jws)
                let kid = header?["kid"] as? String ?? group.public?.kid ?? "none"
                let verifier = try Self.verifier(key: jwk, kid: kid)
                if ownKey { ownRSAKey += 1 }
                let relabelled = header?["alg"] as? String == "RS256"
                if !relabelled {
                    #expect(!Self.verifiesAsRS256(vector.jws, key: try Self.key(jwk)), "\(label) verified as RS256")
                }
                let error = #expect(throws: ClerkVerificationError.self, "\(label) verified") {
                    try verifier.verifyOnce(vector.jws)
                }
                if let error {
                    let alg = header?["alg"] as? String
                    let wellFormed =
                        vector.jws.split(separator: ".", omittingEmptySubsequences: false).count == 3
                        && vector.jws.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                            !$0.isEmpty && Base64URL.decode($0) != nil
                        }
                    if wellFormed, let alg, alg != "RS256" {
                        // The rule under test: removing the alg check turns these into signature failures.
                        #expect(error.code == .tokenInvalidAlgorithm, "\(label): \(error.code)")
                        byAlgorithm += 1
                    } else if wellFormed, alg == "RS256" {
                        // ps512 tcId 332 is a genuine RS256 signature by the PS512 key: only the key's own
                        // `alg` (PS512) makes it invalid, and ingestion skips such a key (checked below).
                        #expect(group.comment == "ps512" && vector.tcId == 332, "\(label)")
                        #expect(
                            Self.verifiesAsRS256(vector.jws, key: try Self.key(jwk)),
                            "\(label): the signature itself verifies")
                        let published =
                            #"{"keys":[{"kty":"RSA","kid":"\#(kid)","alg":"\#(jwk.alg ?? "")","n":"\#(jwk.n ?? "")","e":"\#(jwk.e ?? "")"}]}"#
                        let refused = #expect(
                            throws: ClerkVerificationError.self, "\(label): a PS512 key is not usable"
                        ) {
                            try SessionKeySet(jwksText: published)
                        }
                        #expect(refused?.code == .localKeyInvalid, "\(label)")
                        relabelledChecked += 1
                    } else {
                        #expect(
                            error.code != .tokenInvalidSignature, "\(label) reached the signature check: \(error.code)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked == file.numberOfTests - 233 - 2)
        #expect(ownRSAKey == 4 + 4 + 48 + 5 + 20 + 1 + 1)
        // Three non-empty strict-base64url segments with a string alg other than RS256: 120 vectors (counted
        // from the file with a strict decoder); 45 stop earlier, at the compact-form or base64url rules; one is
        // tcId 332.
        #expect(byAlgorithm == 120, "\(byAlgorithm) vectors reached the alg rule")
        #expect(relabelledChecked == 1)
    }

    @Test("The base64 group's encoding defects are caught by the strict decoder itself")
    func base64Group() throws {
        let file = try TestSupport.vector(File.self, Self.fileName)
        let group = try #require(file.testGroups.first { $0.comment == "base64" })
        #expect(group.tests.count == 21)
        // Spaces, '#', '?', non-canonical unused bits. 372 and 373 are "valid" for Wycheproof (a lenient
        // decoder skips the '?'); the strict decoder refuses them, as the attack matrix (S4) requires.
        let encodingDefects: Set<Int> = [360, 361, 362, 363, 364, 365, 366, 368, 369, 371, 372, 373, 374, 375]
        var defects = 0
        for vector in group.tests {
            let segments = vector.jws.split(separator: ".", omittingEmptySubsequences: false)
            let strict = segments.count == 3 && segments.allSatisfy { Base64URL.decode($0) != nil }
            if encodingDefects.contains(vector.tcId) {
                #expect(!strict, "tcId \(vector.tcId) (\(vector.comment)) decoded")
                defects += 1
            } else {
                #expect(strict, "tcId \(vector.tcId) (\(vector.comment)) should decode")
            }
        }
        #expect(defects == encodingDefects.count)
    }

    // MARK: RFC 7515 A.2 and RFC 7520 4.1

    static func rfcVectors() throws -> [RFCVector] {
        try TestSupport.vector(RFCFile.self, "rs256.json").vectors
    }

    static func rfcKey(_ vector: RFCVector) throws -> RSAVerificationKey {
        try RSAVerificationKey(
            modulus: try #require(Base64URL.decode(vector.jwk.n)),
            exponent: try #require(Base64URL.decode(vector.jwk.e)))
    }

    @Test("RFC 7515 A.2 and RFC 7520 4.1 verify")
    func rfcVectorsVerify() throws {
        let vectors = try Self.rfcVectors()
        #expect(vectors.map(\.id) == ["rfc7515-appendix-a.2", "rfc7520-section-4.1"])
        for vector in vectors {
            let key = try Self.rfcKey(vector)
            #expect(key.modulusBitCount == vector.modulus_bits)
            let signature = try #require(Base64URL.decode(vector.signature_b64u))
            #expect(signature.count == 256)
            #expect(key.isValidSignature(signature, for: Array(vector.signing_input_ascii.utf8)), "\(vector.id)")
            #expect(vector.compact == vector.signing_input_ascii + "." + vector.signature_b64u)
            #expect(Self.verifiesAsRS256(vector.compact, key: key), "\(vector.id)")
        }
    }

    /// Byte positions to flip: first, middle and last.
    static func positions(_ count: Int) -> [Int] { [0, count / 2, count - 1] }

    @Test("Flipping any sampled bit of the RFC signatures fails")
    func rfcSignatureBitFlips() throws {
        for vector in try Self.rfcVectors() {
            let key = try Self.rfcKey(vector)
            let signature = try #require(Base64URL.decode(vector.signature_b64u))
            let message = Array(vector.signing_input_ascii.utf8)
            var flips = 0
            for position in Self.positions(signature.count) {
                for bit in 0..<8 {
                    var tampered = signature
                    tampered[position] ^= 1 << UInt8(bit)
                    #expect(!key.isValidSignature(tampered, for: message), "\(vector.id): byte \(position) bit \(bit)")
                    flips += 1
                }
            }
            #expect(flips == 24)
        }
    }

    @Test("Flipping any sampled bit of the RFC signing inputs fails")
    func rfcSigningInputBitFlips() throws {
        for vector in try Self.rfcVectors() {
            let key = try Self.rfcKey(vector)
            let signature = try #require(Base64URL.decode(vector.signature_b64u))
            let message = Array(vector.signing_input_ascii.utf8)
            var flips = 0
            for position in Self.positions(message.count) {
                for bit in 0..<8 {
                    var tampered = message
                    tampered[position] ^= 1 << UInt8(bit)
                    #expect(
                        !key.isValidSignature(signature, for: tampered), "\(vector.id): byte \(position) bit \(bit)")
                    flips += 1
                }
            }
            #expect(flips == 24)
            // Appending or dropping a byte fails too.
            #expect(!key.isValidSignature(signature, for: message + [0x2E]))
            #expect(!key.isValidSignature(signature, for: Array(message.dropLast())))
        }
    }
}
