import Hummingbird
import Logging
import ServiceLifecycle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A stand-in for an OpenTelemetry collector on 127.0.0.1 (an ephemeral port): it accepts OTLP/HTTP JSON
/// (`POST /v1/traces`, `POST /v1/metrics`) and prints what it receives to standard output, one tree per
/// trace and one line per metric point.
///
/// swift-otel 1.6.0 has console exporters for logs only (`.console` for traces or metrics throws
/// `NotImplementedError`), and its exporter protocols are internal, so the example keeps swift-otel's own
/// OTLP/HTTP exporter and points it here unless `OTEL_EXPORTER_OTLP_ENDPOINT` names a real collector.
/// This router has no tracing middleware: exports must not produce spans of their own.
struct ConsoleCollector {
    /// `http://127.0.0.1:<port>`.
    let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Binds the collector and returns once it listens.
    static func start() async throws -> ConsoleCollector {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            if let export = try? JSONDecoder().decode(OTLPTraces.self, from: Data(body.readableBytesView)) {
                writeToStandardOutput(export.rendered())
            }
            return Self.accepted
        }
        router.post("/v1/metrics") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            if let export = try? JSONDecoder().decode(OTLPMetrics.self, from: Data(body.readableBytesView)) {
                writeToStandardOutput(export.rendered())
            }
            return Self.accepted
        }
        var logger = Logger(label: "console-collector")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: logger
        )
        // Its own service group, outside the application's: it must outlive the OTel service's last flush.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            do { try await group.run() } catch { logger.error("console collector stopped: \(error)") }
            portSink.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            await task.value
            throw CollectorError.couldNotBind
        }
        return ConsoleCollector(baseURL: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    /// Stops listening (call it after the OTel service has flushed its last batch).
    func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }

    enum CollectorError: Error { case couldNotBind }

    /// An empty `Export*ServiceResponse`: full success.
    private static var accepted: Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{}")))
    }
}

// MARK: - OTLP JSON, as much of it as the printout needs

/// An integer that OTLP JSON may write as a number or as a string (64-bit fields are strings).
struct FlexibleNumber: Decodable {
    let value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else {
            value = Double(try container.decode(String.self)) ?? 0
        }
    }
}

struct OTLPAttribute: Decodable {
    struct Value: Decodable {
        var stringValue: String?
        var boolValue: Bool?
        var intValue: FlexibleNumber?
        var doubleValue: Double?

        var text: String {
            if let stringValue { return stringValue }
            if let boolValue { return String(boolValue) }
            if let intValue { return String(Int64(intValue.value)) }
            if let doubleValue { return String(doubleValue) }
            return "…"
        }
    }
    var key: String
    var value: Value

    static func render(_ attributes: [OTLPAttribute]?) -> String {
        (attributes ?? []).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }.joined(separator: " ")
    }
}

struct OTLPTraces: Decodable {
    struct ResourceSpans: Decodable { var scopeSpans: [ScopeSpans]? }
    struct ScopeSpans: Decodable { var spans: [Span]? }
    struct Span: Decodable {
        var traceId: String
        var spanId: String
        var parentSpanId: String?
        var name: String
        var kind: Int?
        var startTimeUnixNano: FlexibleNumber
        var endTimeUnixNano: FlexibleNumber
        var attributes: [OTLPAttribute]?
        var status: Status?
    }
    struct Status: Decodable {
        var code: Int?
        var message: String?
    }
    var resourceSpans: [ResourceSpans]?

    /// One block per trace: its spans as a tree (children under their parent, in start order).
    func rendered() -> String {
        let spans = (resourceSpans ?? []).flatMap { ($0.scopeSpans ?? []).flatMap { $0.spans ?? [] } }
        var traceOrder: [String] = []
        var byTrace: [String: [Span]] = [:]
        for span in spans.sorted(by: { $0.startTimeUnixNano.value < $1.startTimeUnixNano.value }) {
            if byTrace[span.traceId] == nil { traceOrder.append(span.traceId) }
            byTrace[span.traceId, default: []].append(span)
        }
        var out = ""
        for traceID in traceOrder {
            let members = byTrace[traceID]!
            let ids = Set(members.map(\.spanId))
            out += "trace \(Self.hex(traceID))\n"
            func emit(_ span: Span, depth: Int) {
                let millis = (span.endTimeUnixNano.value - span.startTimeUnixNano.value) / 1_000_000
                let indent = String(repeating: "  ", count: depth + 1)
                let message = span.status?.message.map { $0.isEmpty ? "" : " \($0)" } ?? ""
                let error = span.status?.code == 2 ? "  ERROR\(message)" : ""
                out += "\(indent)\(span.name) [\(Self.kind(span.kind))] \(Self.format(millis)) ms\(error)\n"
                let attributes = OTLPAttribute.render(span.attributes)
                if !attributes.isEmpty { out += "\(indent)    \(attributes)\n" }
                for child in members where child.parentSpanId == span.spanId { emit(child, depth: depth + 1) }
            }
            // Roots: no parent, or a parent outside this batch (exported earlier or not sampled here).
            for span in members where span.parentSpanId.map({ $0.isEmpty || !ids.contains($0) }) ?? true {
                emit(span, depth: 0)
            }
        }
        return out
    }

    static func kind(_ kind: Int?) -> String {
        switch kind {
        case 2: "server"
        case 3: "client"
        case 4: "producer"
        case 5: "consumer"
        default: "internal"
        }
    }

    /// `value` with `decimals` digits after the point (no Foundation formatting in FoundationEssentials).
    static func format(_ value: Double, decimals: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale))
        let padded = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        return (value < 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? ".\(padded)" : "")
    }

    /// OTLP JSON ids are hex by the spec; SwiftProtobuf's JSON writes `bytes` fields as base64.
    static func hex(_ id: String) -> String {
        guard id.count % 4 == 0, id.count != 16, id.count != 32,
            let bytes = Data(base64Encoded: id)
        else { return id }
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }
}

struct OTLPMetrics: Decodable {
    struct ResourceMetrics: Decodable { var scopeMetrics: [ScopeMetrics]? }
    struct ScopeMetrics: Decodable { var metrics: [Metric]? }
    struct Metric: Decodable {
        var name: String
        var unit: String?
        var sum: Points<NumberPoint>?
        var gauge: Points<NumberPoint>?
        var histogram: Points<HistogramPoint>?
    }
    struct Points<Point: Decodable>: Decodable { var dataPoints: [Point]? }
    struct NumberPoint: Decodable {
        var attributes: [OTLPAttribute]?
        var asInt: FlexibleNumber?
        var asDouble: Double?
    }
    struct HistogramPoint: Decodable {
        var attributes: [OTLPAttribute]?
        var count: FlexibleNumber?
        var sum: Double?
    }
    var resourceMetrics: [ResourceMetrics]?

    /// One line per data point: `name{attributes} value`, or `count=… sum=…` for a histogram.
    func rendered() -> String {
        let metrics = (resourceMetrics ?? []).flatMap { ($0.scopeMetrics ?? []).flatMap { $0.metrics ?? [] } }
        guard !metrics.isEmpty else { return "" }
        var lines: [String] = []
        var zeros = 0
        for metric in metrics {
            func label(_ attributes: [OTLPAttribute]?) -> String {
                let rendered = OTLPAttribute.render(attributes)
                return rendered.isEmpty ? metric.name : "\(metric.name){\(rendered)}"
            }
            for point in (metric.sum?.dataPoints ?? []) + (metric.gauge?.dataPoints ?? []) {
                let number = point.asInt?.value ?? point.asDouble ?? 0
                guard number != 0 else {
                    zeros += 1
                    continue
                }
                let value = point.asInt.map { String(Int64($0.value)) } ?? OTLPTraces.format(number, decimals: 3)
                lines.append("  \(label(point.attributes)) \(value)")
            }
            for point in metric.histogram?.dataPoints ?? [] {
                let count = Int64(point.count?.value ?? 0)
                guard count != 0 else {
                    zeros += 1
                    continue
                }
                let sum = OTLPTraces.format(point.sum ?? 0, decimals: 6)
                lines.append(
                    "  \(label(point.attributes)) count=\(count) sum=\(sum)\(metric.unit.map { " \($0)" } ?? "")")
            }
        }
        return "metrics (\(lines.count) non-zero points, \(zeros) zero points left out)\n"
            + lines.sorted().joined(separator: "\n") + "\n"
    }
}
