import Logging
import OTel
import ServiceLifecycle

/// Bootstraps swift-otel's tracing and metrics backends (the global `InstrumentationSystem` and
/// `MetricsSystem`), and swift-log with a stderr handler whose lines carry `trace_id`/`span_id`.
///
/// - `OTEL_EXPORTER_OTLP_ENDPOINT` set (e.g. `http://127.0.0.1:4318`): OTLP/HTTP (protobuf) to that
///   collector; every other `OTEL_*` variable that swift-otel reads applies too.
/// - Otherwise: OTLP/HTTP JSON to the in-process ``ConsoleCollector``, which prints to standard output.
///
/// Must run before any logger, metric or `HTTPClient` is created: they bind to the global backends when
/// they are made.
enum Telemetry {
    static func bootstrap(environment: [String: String]) async throws -> (
        service: any Service, collector: ConsoleCollector?
    ) {
        LoggingSystem.bootstrap(
            { label, metadataProvider in
                StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
            }, metadataProvider: OTel.makeLoggingMetadataProvider())

        var configuration = OTel.Configuration.default
        configuration.serviceName = "ObservabilityApp"
        configuration.logs.enabled = false  // logs go to stderr above, with the trace ids
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.metrics.otlpExporter.protocol = .httpProtobuf

        var collector: ConsoleCollector?
        if (environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "").isEmpty {
            let console = try await ConsoleCollector.start()
            collector = console
            configuration.traces.otlpExporter.protocol = .httpJSON
            configuration.traces.otlpExporter.endpoint = console.baseURL + "/v1/traces"
            configuration.metrics.otlpExporter.protocol = .httpJSON
            configuration.metrics.otlpExporter.endpoint = console.baseURL + "/v1/metrics"
            // Quick feedback on the console: spans within a second, metrics every 10 s.
            configuration.traces.batchSpanProcessor.scheduleDelay = .seconds(1)
            configuration.metrics.exportInterval = .seconds(10)
        }
        let service = try OTel.bootstrap(configuration: configuration, environment: environment)
        return (service, collector)
    }
}
