internal import CClerkOpenSSL

/// The SHA-256 digest of a token: how the machine-token cache names a token without keeping it.
///
/// 32 bytes held as four words, so computing, hashing and comparing one allocates nothing. Two tokens
/// share a digest only by a SHA-256 collision.
package struct TokenDigest: Hashable, Sendable {
    package var word0: UInt64
    package var word1: UInt64
    package var word2: UInt64
    package var word3: UInt64

    /// The digest of `token`'s UTF-8 bytes (the allocation-free kernel is in `TokenDigest+Unsafe.swift`).
    package init(_ token: String) { self = Self.digest(token) }

    /// The digest from its 32 bytes, in order (big-endian words).
    package init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        func word(_ at: Int) -> UInt64 { bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        self.init(word0: word(0), word1: word(8), word2: word(16), word3: word(24))
    }

    package init(word0: UInt64, word1: UInt64, word2: UInt64, word3: UInt64) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
        self.word3 = word3
    }

    /// The plain version, through an array: the reference the kernel is tested against.
    package static func plainDigest(_ token: String) -> TokenDigest {
        TokenDigest(bytes: SHA256.digest(Array(token.utf8)))
    }
}

/// SHA-256 through OpenSSL (a stack context: no allocation inside OpenSSL).
enum SHA256 {
    /// The 32-byte digest of `input`.
    static func digest(_ input: [UInt8]) -> [UInt8] {
        OpenSSLRuntime.prepare()
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = input.withUnsafeBufferPointer { i in
            digest.withUnsafeMutableBufferPointer { d in cclerk_sha256(i.baseAddress, i.count, d.baseAddress) }
        }
        precondition(ok == 1, "OpenSSL SHA-256 failed")
        return digest
    }
}
