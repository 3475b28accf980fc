import Dispatch
import Foundation

@testable import ClerkSession

/// One OS thread that runs the closures it is given, in order, so that a test can await (a key refresh)
/// between steps that must run on the same thread (the verified-token cache's per-thread slots).
final class PinnedThread: Sendable {
    private let jobs = Locked<[@Sendable () -> Bool]>([])
    private let ready = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [jobs, ready] in
            while true {
                ready.wait()
                let job = jobs.withLock { $0.removeFirst() }
                if !job() { return }
            }
        }
        thread.start()
    }

    /// Runs `body` on the thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            submit {
                continuation.resume(returning: body())
                return true
            }
        }
    }

    /// Ends the thread once the jobs before this call have run.
    func finish() { submit { false } }

    private func submit(_ job: @escaping @Sendable () -> Bool) {
        jobs.withLock { $0.append(job) }
        ready.signal()
    }
}
