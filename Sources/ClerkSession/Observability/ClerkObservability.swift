import Instrumentation
import Metrics
import Tracing

/// Where this package sends its metrics and spans, and whether local verifications are traced.
///
/// By default everything goes to the process-wide backends (`MetricsSystem.factory` and
/// `InstrumentationSystem.tracer`, as bootstrapped by swift-metrics and swift-distributed-tracing), and
/// a verification opens no span: the hot path costs what it costs without tracing. Give a value of your own
/// to send one component's metrics or spans elsewhere, as tests do with `MetricsTestKit` and
/// `InMemoryTracing`.
///
/// ```swift
/// let observability = ClerkObservability(tracesVerifications: true)
/// let verifier = SessionTokenVerifier(configuration: configuration, keyStore: store, observability: observability)
/// ```
///
/// Every metric and span this package emits, with its name, type, unit and attributes, is listed in
/// <doc:Observability>.
public struct ClerkObservability: Sendable {
    /// The factory of every metric instrument; `nil` means `MetricsSystem.factory`, read when the
    /// component that owns the instrument is created (bootstrap swift-metrics before that).
    public var metricsFactory: (any MetricsFactory)?
    /// The tracer of every span; `nil` means `InstrumentationSystem.tracer`, read at each span.
    public var tracer: (any Tracer)?
    /// Whether ``SessionTokenVerifier`` opens a `clerk.session.verify` span for each verification (cold or
    /// cached, with its outcome). Off by default: the hot path then opens no span at all.
    public var tracesVerifications: Bool

    /// Metrics and spans to the given backends (the process-wide ones by default), verification spans off
    /// unless asked.
    public init(
        metricsFactory: (any MetricsFactory)? = nil, tracer: (any Tracer)? = nil, tracesVerifications: Bool = false
    ) {
        self.metricsFactory = metricsFactory
        self.tracer = tracer
        self.tracesVerifications = tracesVerifications
    }

    /// The process-wide backends, verification spans off.
    public static var global: ClerkObservability { ClerkObservability() }

    /// The factory to create instruments with now.
    package var factory: any MetricsFactory { metricsFactory ?? MetricsSystem.factory }

    /// The tracer to open a span with now.
    package var activeTracer: any Tracer { tracer ?? InstrumentationSystem.tracer }
}
