import NIOConcurrencyHelpers

/// A value behind a `pthread_mutex_t` (SwiftNIO's `NIOLockedValueBox`): the one lock type of this package.
///
/// Why not `Synchronization.Mutex`: on Linux its contended path takes the lock inside the kernel
/// (`FUTEX_LOCK_PI`), where ThreadSanitizer cannot see the acquisition, so every state guarded by it is
/// reported as a data race as soon as two threads meet on it (reproduced with a two-thread counter whose
/// total is exact). ThreadSanitizer intercepts `pthread_mutex_lock`, so with this type its reports mean
/// something. Uncontended, both cost a few nanoseconds; the verify hot path takes one uncontended lock.
package struct Locked<Value: Sendable>: Sendable {
    private let box: NIOLockedValueBox<Value>

    package init(_ value: Value) {
        box = NIOLockedValueBox(value)
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try box.withLockedValue(body)
    }
}
