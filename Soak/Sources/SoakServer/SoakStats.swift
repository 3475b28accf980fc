import Synchronization

/// Status counts per token kind, as the server answered them.
final class SoakStats: Sendable {
    private let counts = Mutex<[String: [Int: Int]]>([:])

    func record(kind: String, status: Int) {
        counts.withLock { $0[kind, default: [:]][status, default: 0] += 1 }
    }

    /// `kind status count` lines, sorted.
    func lines() -> [String] {
        counts.withLock { table in
            table.keys.sorted().flatMap { kind in
                table[kind]!.keys.sorted().map { "\(kind) \($0) \(table[kind]![$0]!)" }
            }
        }
    }
}
