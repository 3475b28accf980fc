import ClerkTesting
import Synchronization

/// Every 15 s: a burst of JWKS 500s, then a slow JWKS answer (beyond the 1 s fetch timeout), then a key
/// rotation to a new `kid` that keeps the previous keys published (so every minted token stays valid).
final class FaultSchedule: Sendable {
    let server: FakeClerkServer
    private let counters = Mutex<(faults: Int, rotations: Int)>((0, 0))

    init(server: FakeClerkServer) { self.server = server }

    var faults: Int { counters.withLock { $0.faults } }
    var rotations: Int { counters.withLock { $0.rotations } }

    func run() async {
        var tick = 0
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            tick += 1
            switch tick % 15 {
            case 3:
                server.injectFault(path: "/v1/jwks", status: 500, body: "<html><h1>500 Internal Server Error</h1></html>", count: 3)
                counters.withLock { $0.faults += 3 }
            case 8:
                server.injectFault(path: "/v1/jwks", status: 200, body: "{}", delay: .seconds(2), count: 1)
                counters.withLock { $0.faults += 1 }
            case 13:
                let rotation = counters.withLock { c -> Int in c.rotations += 1; return c.rotations }
                server.rotateKey(keyID: "ins_soak_rotated_\(rotation)", keepPrevious: true)
            default:
                break
            }
        }
    }
}
