import ClerkSession
import InMemoryTracing
import MetricsTestKit
import Tracing

/// A metrics backend and a tracer of a test's own, so that tests running in parallel never see each other's
/// counts or spans (nothing here touches the process-wide bootstraps).
struct Observed {
    let metrics = TestMetrics()
    let tracer = InMemoryTracer()

    func observability(tracesVerifications: Bool = false) -> ClerkObservability {
        ClerkObservability(metricsFactory: metrics, tracer: tracer, tracesVerifications: tracesVerifications)
    }

    /// The total of the counter `label` with exactly these dimensions, 0 when it was never created.
    func count(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        (try? metrics.expectCounter(label, dimensions))?.totalValue ?? 0
    }

    /// How many durations the timer `label` with these dimensions recorded.
    func timings(_ label: String, _ dimensions: [(String, String)] = []) -> Int {
        (try? metrics.expectTimer(label, dimensions))?.values.count ?? 0
    }

    /// Finished spans named `name`.
    func spans(_ name: String) -> [FinishedInMemorySpan] { tracer.finishedSpans.filter { $0.operationName == name } }
}

extension FinishedInMemorySpan {
    /// An attribute as text (strings as they are, integers in decimal), nil when absent.
    func text(_ name: String) -> String? {
        switch attributes.get(name) {
        case .string(let value): value
        case .int64(let value): String(value)
        case .int32(let value): String(value)
        case .bool(let value): String(value)
        case .double(let value): String(value)
        case .stringConvertible(let value): value.description
        case .none: nil
        default: "unsupported"
        }
    }

    /// Every attribute value, as text, for "no secret anywhere" checks.
    var allAttributeText: [String] {
        var values: [String] = []
        // SpanAttributes is not a Sequence: its own forEach is the only way through it.
        // swift-format-ignore: ReplaceForEachWithForLoop
        attributes.forEach { name, _ in values.append(text(name) ?? "") }
        return values
    }

    var isError: Bool { status?.code == .error }
}
