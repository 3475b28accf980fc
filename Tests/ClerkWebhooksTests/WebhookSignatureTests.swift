import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Issue 14 (1): Svix signature verification, with both official vectors and every edge case of the
/// reference (shared/reference/clerk-webhooks-revocation.md, A.10 and A.11).
@Suite("Webhook signatures")
struct WebhookSignatureTests {
    // Vector 1 (Svix's Go, JS, Python and PHP suites and its server).
    static let secret1 = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id1 = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp1: Int64 = 1_614_265_330
    static let body1 = Array(#"{"test": 2432232314}"#.utf8)
    static let signature1 = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    // Vector 2 (Svix's Rust suite).
    static let secret2 = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
    static let id2 = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
    static let timestamp2: Int64 = 1_649_367_553
    static let body2 = Array(#"{"email":"test@example.com","username":"test_user"}"#.utf8)
    static let signature2 = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="

    static func verifier(_ secret: String, at now: Int64, tolerance: Duration = .seconds(300)) throws
        -> ClerkWebhookVerifier
    {
        ClerkWebhookVerifier(
            secret: try ClerkWebhookSecret(secret),
            configuration: .init(tolerance: tolerance, clock: .fixed(Double(now))))
    }

    static func headers(_ id: String, _ timestamp: Int64, _ signature: String, prefix: String = "svix")
        -> [(name: String, value: String)]
    {
        [
            (name: "\(prefix)-id", value: id), (name: "\(prefix)-timestamp", value: String(timestamp)),
            (name: "\(prefix)-signature", value: signature),
        ]
    }

    static func code(_ body: () throws -> Void) -> String {
        guard let error = failure(body) else { return "accepted" }
        return error.code.rawValue
    }

    static func failure(_ body: () throws -> Void) -> ClerkWebhookError? {
        do {
            try body()
            return nil
        } catch let error as ClerkWebhookError {
            return error
        } catch {
            Issue.record("not a ClerkWebhookError: \(error)")
            return nil
        }
    }

    @Test("both official vectors verify, with and without the whsec_ prefix")
    func officialVectors() throws {
        for secret in [Self.secret1, String(Self.secret1.dropFirst(6))] {
            let signed = try Self.verifier(secret, at: Self.timestamp1)
                .verifySignature(body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, Self.signature1))
            #expect(signed.id == Self.id1)
            #expect(signed.timestamp == Self.timestamp1)
        }
        _ = try Self.verifier(Self.secret2, at: Self.timestamp2)
            .verifySignature(body: Self.body2, headers: Self.headers(Self.id2, Self.timestamp2, Self.signature2))
        // The test kit's signer produces the same header values.
        #expect(
            TestWebhookSigner(secretText: Self.secret1).signature(
                id: Self.id1, timestamp: Self.timestamp1, body: Self.body1)
                == Self.signature1)
        #expect(
            TestWebhookSigner(secretText: Self.secret2).signature(
                id: Self.id2, timestamp: Self.timestamp2, body: Self.body2)
                == Self.signature2)
    }

    @Test("the official negative values, a partial signature and a changed body fail")
    func negatives() throws {
        let verifier = try Self.verifier(Self.secret1, at: Self.timestamp1)
        for signature in [
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
            "v1,", String(Self.signature1.prefix(8)), "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE",
        ] {
            #expect(
                Self.code {
                    _ = try verifier.verifySignature(
                        body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, signature))
                }
                    == "webhook-no-matching-signature", "\(signature)")
        }
        var body = Self.body1
        body[body.count - 2] ^= 1
        #expect(
            Self.code {
                _ = try verifier.verifySignature(
                    body: body, headers: Self.headers(Self.id1, Self.timestamp1, Self.signature1))
            }
                == "webhook-no-matching-signature")
        // Another id or timestamp is another signed message.
        #expect(
            Self.code {
                _ = try verifier.verifySignature(
                    body: Self.body1, headers: Self.headers("msg_other", Self.timestamp1, Self.signature1))
            }
                == "webhook-no-matching-signature")
        #expect(
            Self.code {
                _ = try verifier.verifySignature(
                    body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1 + 1, Self.signature1))
            }
                == "webhook-no-matching-signature")
    }

    @Test("every v1 entry is tried; other versions and entries without a comma are ignored")
    func multipleSignatures() throws {
        let verifier = try Self.verifier(Self.secret1, at: Self.timestamp1)
        let bad = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        let valid = String(Self.signature1.dropFirst(3))
        for header in [
            "\(bad) v2,\(valid) \(Self.signature1) \(bad)", "v1a,\(valid) \(Self.signature1)",
            "garbage  \(Self.signature1)",
            "\(Self.signature1) v1,",
        ] {
            #expect(
                Self.code {
                    _ = try verifier.verifySignature(
                        body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, header))
                }
                    == "accepted", "\(header)")
        }
        for header in ["v2,\(valid)", "v1a,\(valid)", "V1,\(valid)", "v1 ,\(valid)", valid] {
            #expect(
                Self.code {
                    _ = try verifier.verifySignature(
                        body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, header))
                }
                    == "webhook-no-matching-signature", "\(header)")
        }
    }

    @Test("missing or blank headers are missing; webhook-* alternates are read; names in any case")
    func headers() throws {
        let verifier = try Self.verifier(Self.secret1, at: Self.timestamp1)
        let all = Self.headers(Self.id1, Self.timestamp1, Self.signature1)
        for dropped in 0..<3 {
            var headers = all
            headers.remove(at: dropped)
            #expect(
                Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: headers) }
                    == "webhook-missing-headers")
            var blank = all
            blank[dropped].value = " \t "
            #expect(
                Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: blank) }
                    == "webhook-missing-headers")
        }
        let error = try #require(Self.failure { _ = try verifier.verifySignature(body: Self.body1, headers: []) })
        #expect(error.message.contains("svix-id, svix-timestamp, svix-signature"))
        let unbranded = Self.headers(Self.id1, Self.timestamp1, Self.signature1, prefix: "webhook")
        #expect(Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: unbranded) } == "accepted")
        let mixed = [all[0], unbranded[1], all[2]]
        #expect(Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: mixed) } == "accepted")
        let shouting = all.map { (name: $0.name.uppercased(), value: "  \($0.value) ") }
        #expect(Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: shouting) } == "accepted")
        // An id with a dot or a byte outside visible ASCII cannot be part of an unambiguous signed message.
        for id in ["msg.1", "msg_\u{00E9}", "msg_\u{0001}"] {
            #expect(
                Self.code {
                    _ = try verifier.verifySignature(
                        body: Self.body1, headers: Self.headers(id, Self.timestamp1, Self.signature1))
                }
                    == "webhook-invalid-headers", "\(id)")
        }
    }

    @Test("the timestamp is a plain decimal within the tolerance, both ways, bounds included")
    func timestamps() throws {
        let signer = TestWebhookSigner(secretText: Self.secret1)
        let now: Int64 = 1_700_000_000
        let verifier = try Self.verifier(Self.secret1, at: now)
        func attempt(_ timestamp: Int64, _ verifier: ClerkWebhookVerifier) -> String {
            let signature = signer.signature(id: Self.id1, timestamp: timestamp, body: Self.body1)
            return Self.code {
                _ = try verifier.verifySignature(
                    body: Self.body1, headers: Self.headers(Self.id1, timestamp, signature))
            }
        }
        #expect(attempt(now, verifier) == "accepted")
        #expect(attempt(now - 300, verifier) == "accepted")
        #expect(attempt(now + 300, verifier) == "accepted")
        #expect(attempt(now - 301, verifier) == "webhook-timestamp-too-old")
        #expect(attempt(now + 301, verifier) == "webhook-timestamp-too-new")
        let strict = try Self.verifier(Self.secret1, at: now, tolerance: .seconds(10))
        #expect(attempt(now - 11, strict) == "webhook-timestamp-too-old")
        #expect(attempt(now - 10, strict) == "accepted")
        // A stale forgery reports its age before its signature, as Svix does.
        #expect(
            Self.code {
                _ = try verifier.verifySignature(
                    body: Self.body1, headers: Self.headers(Self.id1, now - 3600, "v1,AAAA"))
            }
                == "webhook-timestamp-too-old")
        for text in ["", "1.5", "+1700000000", "-1", " 17 00", "1e9", "0x10", "9999999999999", "١٧٠٠٠٠٠٠٠٠"] {
            var headers = Self.headers(Self.id1, now, Self.signature1)
            headers[1].value = text
            let code = Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: headers) }
            #expect(code == (text.isEmpty ? "webhook-missing-headers" : "webhook-invalid-timestamp"), "\(text)")
        }
    }

    @Test("the body cap is checked first, before any HMAC")
    func bodyCap() throws {
        let verifier = ClerkWebhookVerifier(
            secret: try ClerkWebhookSecret(Self.secret1),
            configuration: .init(maximumBodyBytes: 10, clock: .fixed(Double(Self.timestamp1))))
        #expect(
            Self.code {
                _ = try verifier.verifySignature(
                    body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, Self.signature1))
            }
                == "webhook-body-too-large")
        #expect(
            Self.code { _ = try verifier.verifySignature(body: Self.body1, headers: []) } == "webhook-body-too-large")
    }

    @Test("secrets: prefix optional, padding optional, anything else refused; never shown")
    func secrets() throws {
        let unpadded = try ClerkWebhookSecret("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE")
        let padded = try ClerkWebhookSecret("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=")
        #expect(unpadded.key == padded.key)
        #expect(unpadded.key.count == 32)
        for bad in ["", "whsec_", "whsec_!!!!", "whsec_AAAA AAAA", "whsec_A", "whsk_AAAA", "  "] {
            var code = "accepted"
            do { _ = try ClerkWebhookSecret(bad) } catch { code = error.code.rawValue }
            #expect(code == "webhook-secret-invalid", "\(bad)")
        }
        var missing = "accepted"
        do { _ = try ClerkWebhookSecret(environment: ["CLERK_WEBHOOK_SIGNING_SECRET": " "]) } catch {
            missing = error.code.rawValue
        }
        #expect(missing == "webhook-secret-missing")
        let fromEnvironment = try ClerkWebhookSecret(environment: ["CLERK_WEBHOOK_SIGNING_SECRET": Self.secret1])
        let key = String(Self.secret1.dropFirst(6))
        for shown in [
            fromEnvironment.description, String(reflecting: fromEnvironment),
            String(describing: Mirror(reflecting: fromEnvironment).children.map(\.value)),
        ] {
            #expect(!shown.contains(key))
        }
        // No error of a failed verification holds the secret.
        let verifier = try Self.verifier(Self.secret1, at: Self.timestamp1)
        do {
            _ = try verifier.verifySignature(
                body: Self.body1, headers: Self.headers(Self.id1, Self.timestamp1, "v1,AAAA"))
        } catch { #expect(!error.description.contains(key)) }
    }

    @Test("every code is distinct, starts with webhook-, and is listed in the README")
    func documented() throws {
        let codes = ClerkWebhookError.Code.allDocumented.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.hasPrefix("webhook-") })
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
        for code in codes { #expect(readme.contains("`\(code)`"), "\(code)") }
    }
}
