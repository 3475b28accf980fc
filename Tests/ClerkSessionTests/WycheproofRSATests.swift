import Foundation
import Testing

@testable import ClerkSession

/// Every vector of Wycheproof's `rsa_signature_{2048,3072,4096}_sha256_test.json` (RSASSA-PKCS1-v1_5 with
/// SHA-256): padding and ASN.1 malleability, wrong hashes, edge integers, Bleichenbacher's e = 3 forgeries.
@Suite("Wycheproof RSA PKCS#1 v1.5 SHA-256")
struct WycheproofRSATests {
    struct File: Decodable {
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct Group: Decodable {
        let keySize: Int
        let sha: String
        let publicKey: PublicKey
        let tests: [Case]
    }

    struct PublicKey: Decodable {
        let modulus: String
        let publicExponent: String
    }

    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: String
        let sig: String
        let result: String
    }

    /// Expected tallies per file (from the vector files' own headers; see Vectors/SOURCE-wycheproof.md).
    struct Expected: Sendable, CustomTestStringConvertible {
        let bits: Int
        let total: Int
        let valid: Int
        let invalid: Int
        let acceptable: Int
        let smallExponentCases: Int
        var fileName: String { "rsa_signature_\(bits)_sha256_test.json" }
        var testDescription: String { fileName }
    }

    static let files: [Expected] = [
        Expected(bits: 2048, total: 259, valid: 9, invalid: 249, acceptable: 1, smallExponentCases: 2),
        Expected(bits: 3072, total: 259, valid: 8, invalid: 250, acceptable: 1, smallExponentCases: 1),
        Expected(bits: 4096, total: 258, valid: 7, invalid: 250, acceptable: 1, smallExponentCases: 0),
    ]

    static let f4: [UInt8] = [0x01, 0x00, 0x01]

    /// The hex modulus without the sign octet Wycheproof prepends (`00a2b4…`).
    static func modulusBytes(_ hex: String) -> [UInt8] {
        var bytes = TestSupport.hex(hex)
        if bytes.first == 0 { bytes.removeFirst() }
        return bytes
    }

    @Test("Every vector gives the expected verdict", arguments: files)
    func everyVector(_ expected: Expected) throws {
        let file = try TestSupport.vector(File.self, expected.fileName)
        #expect(file.numberOfTests == expected.total)
        var counts: [String: Int] = [:]
        var smallExponentCases = 0
        var checked = 0
        for group in file.testGroups {
            #expect(group.sha == "SHA-256")
            #expect(group.keySize == expected.bits)
            let modulus = Self.modulusBytes(group.publicKey.modulus)
            let exponent = TestSupport.hex(group.publicKey.publicExponent)
            let key: RSAVerificationKey
            if exponent == Self.f4 {
                key = try RSAVerificationKey(modulus: modulus, exponent: exponent)
                #expect(key.modulusBitCount == expected.bits)
            } else {
                // e = 3: the public API refuses the key by policy (CVE-2006-4339 territory) ...
                #expect(exponent == [0x03])
                let error = #expect(throws: ClerkVerificationError.self) {
                    try RSAVerificationKey(modulus: modulus, exponent: exponent)
                }
                #expect(error?.code == .keyInvalid)
                // ... and the vectors still run, through the policy-free test constructor, to prove the
                // signature check itself.
                key = try #require(RSAVerificationKey.unchecked(modulus: modulus, exponent: exponent))
                smallExponentCases += group.tests.count
            }
            for vector in group.tests {
                let accepted = key.isValidSignature(TestSupport.hex(vector.sig), for: TestSupport.hex(vector.msg))
                let label = "tcId \(vector.tcId) (\(vector.comment), flags \(vector.flags)) in \(expected.fileName)"
                switch vector.result {
                case "valid":
                    #expect(accepted, "valid vector refused: \(label)")
                case "invalid":
                    #expect(!accepted, "invalid vector accepted: \(label)")
                case "acceptable":
                    // Wycheproof tcId 8, "MissingNull": the DigestInfo lacks the NULL parameters. It is only
                    // "acceptable"; OpenSSL refuses it and so do we (stricter is safer: one encoding per hash).
                    #expect(vector.flags.contains("MissingNull"), "unexpected acceptable case: \(label)")
                    #expect(!accepted, "the MissingNull encoding was accepted: \(label)")
                default:
                    Issue.record("unknown result \(vector.result): \(label)")
                }
                counts[vector.result, default: 0] += 1
                checked += 1
            }
        }
        #expect(checked == expected.total)
        #expect(counts["valid", default: 0] == expected.valid)
        #expect(counts["invalid", default: 0] == expected.invalid)
        #expect(counts["acceptable", default: 0] == expected.acceptable)
        #expect(smallExponentCases == expected.smallExponentCases)
    }

    @Test("All three files hold 776 vectors")
    func totalCount() throws {
        var total = 0
        for expected in Self.files {
            let file = try TestSupport.vector(File.self, expected.fileName)
            total += file.testGroups.reduce(0) { $0 + $1.tests.count }
        }
        #expect(total == 776)
    }
}
