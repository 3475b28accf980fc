internal import CClerkOpenSSL

/// Process-wide OpenSSL setup: initialisation without the exit-time cleanup, and the SHA-256 digest
/// implementation fetched once.
///
/// Fetching explicitly (instead of `EVP_sha256()` or a name lookup per call) avoids OpenSSL 3's
/// implicit-fetch locks on the hot path (openssl/openssl#17064, #20286).
package enum OpenSSLRuntime {
    /// Initialises libcrypto before the library's first OpenSSL call, without OpenSSL's `atexit` cleanup.
    ///
    /// By default OpenSSL 3 registers `OPENSSL_cleanup` with `atexit` at its first use. When the process
    /// exits while another thread still holds a key (a server task winding down, a background JWKS refresh,
    /// an event loop releasing its handlers), that thread's next OpenSSL call meets freed global locks and
    /// the process crashes on its way out (seen as a SEGV in `pthread_rwlock_unlock` from a
    /// `clerk-session demo` run). The operating system reclaims the memory anyway; like rust-openssl, the
    /// library asks OpenSSL not to tear itself down. The first initialisation in a process decides: when
    /// another library initialised OpenSSL before, its choice stands. Idempotent; after the first call it is
    /// one check of a once-token (every entry point that can be a process's first OpenSSL use calls it).
    @inline(__always)
    package static func prepare() { initialized }

    /// Runs the initialisation once. Its status is not kept: when OpenSSL cannot initialise at all, the
    /// first real call reports its own error.
    private static let initialized: Void = { _ = cclerk_init_without_atexit() }()

    /// `EVP_MD` for SHA-256, fetched once for the life of the process and never freed.
    nonisolated(unsafe) static let sha256: OpaquePointer = {
        prepare()
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("OpenSSL could not provide SHA-256; the default provider is missing")
        }
        return md
    }()
}
