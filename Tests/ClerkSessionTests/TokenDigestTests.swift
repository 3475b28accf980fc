import Testing

@testable import ClerkSession

/// The machine-token cache names tokens by SHA-256. The allocation-free kernel (`TokenDigest+Unsafe.swift`)
/// must equal the plain array version on every input, and both must be SHA-256.
@Suite("Token digest")
struct TokenDigestTests {
    @Test("SHA-256 test vectors (FIPS 180-2): the empty string and \"abc\"")
    func knownVectors() {
        #expect(
            TokenDigest("")
                == TokenDigest(
                    word0: 0xe3b0_c442_98fc_1c14, word1: 0x9afb_f4c8_996f_b924, word2: 0x27ae_41e4_649b_934c,
                    word3: 0xa495_991b_7852_b855))
        #expect(
            TokenDigest("abc")
                == TokenDigest(
                    word0: 0xba78_16bf_8f01_cfea, word1: 0x4141_40de_5dae_2223, word2: 0xb003_61a3_9617_7a9c,
                    word3: 0xb410_ff61_f200_15ad))
    }

    @Test("the kernel equals the plain version on random tokens of every length up to 600 bytes")
    func differential() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        for length in 0...600 {
            let token = "ak_" + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(TokenDigest(token) == TokenDigest.plainDigest(token), "length \(length)")
        }
    }

    @Test("non-ASCII text and a substring-backed string digest their UTF-8 bytes")
    func nonASCIIAndSubstrings() {
        for text in ["\u{212A}", "K", "é", "e\u{301}", "ak_\u{0}x", String(repeating: "🦊", count: 100)] {
            #expect(TokenDigest(text) == TokenDigest.plainDigest(text))
        }
        // Unicode-equivalent texts are different bytes, so different digests.
        #expect(TokenDigest("\u{212A}") != TokenDigest("K"))
        #expect(TokenDigest("é") != TokenDigest("e\u{301}"))
        let long = "prefix-ak_0123456789abcdef-suffix"
        let slice = String(long.dropFirst(7).dropLast(7))
        #expect(TokenDigest(slice) == TokenDigest("ak_0123456789abcdef"))
    }

    @Test("one differing byte changes the digest")
    func oneByte() {
        #expect(TokenDigest("ak_0123456789abcdef") != TokenDigest("ak_0123456789abcdeg"))
    }
}
