import Foundation

/// A task executor with a thread of its own, outside Swift's cooperative pool.
///
/// package-benchmark runs an async benchmark by blocking a thread of the cooperative pool on a semaphore
/// until the benchmark's task finishes (`Benchmark.runAsync`). On a 2-core machine the pool has two
/// threads, so two child tasks of a benchmark share the one thread left: "two tasks" would measure one
/// core, whatever the code under test does. The two-task benchmarks therefore give each child task one of
/// these executors as its preference (`addTask(executorPreference:)`): still two concurrent Swift tasks,
/// each on a thread the harness does not hold.
final class WorkerExecutor: TaskExecutor, @unchecked Sendable {
    // The queue is guarded by `condition` (the harness is not on any hot path this guards).
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(name: String) {
        let thread = Thread { [unowned self] in self.runJobs() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runJobs() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

/// The two workers of the two-task benchmarks, started once for the whole run (never stopped: the
/// benchmark process exits).
let twoWorkers = [WorkerExecutor(name: "bench-worker-1"), WorkerExecutor(name: "bench-worker-2")]
