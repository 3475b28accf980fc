import ClerkSession
import ClerkTesting
import Testing

/// README, key policy: "bad keys are skipped with a logged reason". The reason is asserted in the log
/// line itself (captured with a test `LogHandler`), one line per skipped key, and the good key still loads.
@Suite("Key set: skipped keys are logged with their reason")
struct KeySetLoggingTests {
    @Test("One warning per bad key, naming its kid and the rule it broke")
    func skippedKeysAreLogged() throws {
        let good = TestSigningKey()
        let weak = TestSigningKey(bits: 1024)
        // Bad entries, each breaking one rule; the expected reason text is the store's own wording.
        let entries: [(kid: String, json: String, reason: String)] = [
            ("ins_ec", #"{"kty":"EC","kid":"ins_ec","crv":"P-256","x":"AA","y":"AA"}"#, #"kty is not "RSA""#),
            ("ins_enc", Self.rsa(good, kid: "ins_enc", extra: #","use":"enc""#), #"use is not "sig""#),
            (
                "ins_ops", Self.rsa(good, kid: "ins_ops", extra: #","key_ops":["encrypt"]"#),
                #"key_ops does not contain "verify""#
            ),
            ("ins_rs384", Self.rsa(good, kid: "ins_rs384", extra: #","alg":"RS384""#), #"alg is not "RS256""#),
            ("ins_weak", Self.rsa(weak, kid: "ins_weak", extra: ""), "the RSA key has 1024 bits"),
        ]
        let jwks =
            #"{"keys":["# + (entries.map(\.json) + [Self.rsa(good, kid: "ins_good", extra: "")]).joined(separator: ",")
            + "]}"
        let capture = LogCapture()
        let set = try SessionKeySet(jwksText: jwks, logger: capture.logger)
        #expect(set.keyIDs == ["ins_good"])
        #expect(set.skipped.count == entries.count)
        let lines = capture.lines.filter { $0.contains("skipped a key of the key set") }
        #expect(lines.count == entries.count, "\(capture.lines)")
        for entry in entries {
            let line = lines.first { $0.contains("kid=\(entry.kid)") }
            #expect(line != nil, "no log line for \(entry.kid): \(capture.lines)")
            #expect(line?.hasPrefix("warning ") == true, "\(line ?? "")")
            #expect(
                line?.contains("reason=") == true && line?.contains(entry.reason) == true,
                "the line for \(entry.kid) does not say \(entry.reason): \(line ?? "")")
        }
    }

    static func rsa(_ key: TestSigningKey, kid: String, extra: String) -> String {
        let n = Base64URL.encode(key.modulus)
        let e = Base64URL.encode(key.exponent)
        return #"{"kty":"RSA","kid":"\#(kid)","n":"\#(n)","e":"\#(e)"\#(extra)}"#
    }
}
