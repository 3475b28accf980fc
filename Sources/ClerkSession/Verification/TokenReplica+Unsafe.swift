#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The per-thread home of ``TokenReplica``: a pthread key whose value is a retained replica, released by
/// the key's destructor when the thread exits. The only pointer code of the verified-token cache.
extension TokenReplica {
    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, releaseTokenReplica)
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()

    /// Runs `body` with the calling thread's replica (made on first use). `body` must not let it escape.
    @inline(__always)
    static func withCurrent<Result>(_ body: (TokenReplica) -> Result) -> Result {
        if let pointer = pthread_getspecific(threadKey) {
            return Unmanaged<TokenReplica>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
        }
        let replica = TokenReplica()
        let status = pthread_setspecific(threadKey, Unmanaged.passRetained(replica).toOpaque())
        precondition(status == 0, "pthread_setspecific failed (\(status))")
        return body(replica)
    }
}

#if canImport(Darwin)
    private func releaseTokenReplica(_ pointer: UnsafeMutableRawPointer) {
        Unmanaged<TokenReplica>.fromOpaque(pointer).release()
    }
#else
    private func releaseTokenReplica(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        Unmanaged<TokenReplica>.fromOpaque(pointer).release()
    }
#endif
