internal import CClerkOpenSSL

/// Process-wide OpenSSL objects fetched once: the SHA-256 digest implementation.
///
/// Fetching explicitly (instead of `EVP_sha256()` or a name lookup per call) avoids OpenSSL 3's
/// implicit-fetch locks on the hot path (openssl/openssl#17064, #20286).
enum OpenSSLRuntime {
    /// `EVP_MD` for SHA-256, fetched once for the life of the process and never freed.
    nonisolated(unsafe) static let sha256: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL could not provide SHA-256; the default provider is missing")
        }
        return md
    }()
}
