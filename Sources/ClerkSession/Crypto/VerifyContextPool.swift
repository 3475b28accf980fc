import Atomics
internal import CClerkOpenSSL

/// A lock-free pool of OpenSSL verification contexts for one key.
///
/// `EVP_PKEY_CTX` may not be used by two threads at once, and creating one per call costs a dozen
/// allocations; a handful of slots, taken and returned with atomic exchanges, serves every core with no
/// lock and no contention beyond one cache line.
final class VerifyContextPool: Sendable {
    static let slotCount = 16
    private let slots: [ManagedAtomic<UInt>]

    init() {
        slots = (0..<Self.slotCount).map { _ in ManagedAtomic<UInt>(0) }
    }

    static func make(for pkey: OpaquePointer) -> UnsafeMutablePointer<cclerk_rs256_ctx>? {
        cclerk_rs256_ctx_new(pkey, OpenSSLRuntime.sha256)
    }

    func take() -> UnsafeMutablePointer<cclerk_rs256_ctx>? {
        for k in 0..<Self.slotCount {
            if slots[k].load(ordering: .relaxed) == 0 { continue }
            let bits = slots[k].exchange(0, ordering: .acquiring)
            if bits != 0 { return UnsafeMutablePointer(bitPattern: bits) }
        }
        return nil
    }

    func give(_ context: UnsafeMutablePointer<cclerk_rs256_ctx>) {
        let bits = UInt(bitPattern: context)
        for k in 0..<Self.slotCount {
            if slots[k].compareExchange(expected: 0, desired: bits, ordering: .releasing).exchanged { return }
        }
        cclerk_rs256_ctx_free(context)
    }

    func drain() {
        for k in 0..<Self.slotCount {
            let bits = slots[k].exchange(0, ordering: .acquiring)
            if bits != 0 { cclerk_rs256_ctx_free(UnsafeMutablePointer(bitPattern: bits)) }
        }
    }
}
