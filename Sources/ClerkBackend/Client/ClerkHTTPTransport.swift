import AsyncHTTPClient
import ClerkAuthentication
import ClerkSession
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import Tracing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one path by which this package talks HTTP to Clerk: every Backend API call and every JWKS fetch.
///
/// In one place:
/// - **redirects refused**: an answer the `HTTPClient` reached by following a redirect, or a 3xx answer,
///   is ``ClerkAPIError/Kind-swift.struct/invalidResponse`` (Clerk never redirects; a redirect would send
///   the secret key or the key fetch elsewhere);
/// - **bodies capped**: the body is streamed and aborted beyond the given limit;
/// - **errors classified**: cancellation, timeouts, unusable URLs and connection failures become
///   ``ClerkAPIError`` kinds;
/// - **observed**: each attempt is one client span (OpenTelemetry HTTP conventions, named
///   `<METHOD> <url.template>`) and one count in `clerk_api_requests_total` and
///   `clerk_api_request_duration_seconds` (see the Observability article);
/// - **retries decided**: ``withRetries(policy:allowsRetries:metadata:scrub:_:)`` applies a
///   ``ClerkBackendClient/RetryPolicy`` (key fetches pass none: the key store has its own cooldown).
struct ClerkHTTPTransport: Sendable {
    /// One answer that was not a redirect, with its body (at most the limit).
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    let httpClient: HTTPClient
    let logger: Logger
    let observability: ClerkObservability

    /// One attempt. Any status but a redirect comes back as an ``Answer``; the caller reads non-2xx ones.
    ///
    /// - Parameters:
    ///   - operation: what the span and the metrics call this request.
    ///   - attempt: 0 for the first attempt of a call, then 1, 2, … for retries.
    ///   - metadata: what identifies the request in the debug log (method, path; never a header).
    func execute(
        _ request: HTTPClientRequest, operation: ClerkOperation, attempt: Int = 0, timeout: Duration,
        maximumResponseBytes limit: Int, metadata: Logger.Metadata
    ) async throws(ClerkAPIError) -> Answer {
        let method = request.method.rawValue
        let span = observability.activeTracer.startSpan(
            operation.template.map { "\(method) \($0)" } ?? method, ofKind: .client)
        defer { span.end() }
        Self.describe(span, request, operation: operation, attempt: attempt)
        let started = ContinuousClock.now
        let answer: Answer
        do {
            if Task.isCancelled { throw ClerkAPIError(kind: .cancelled, message: "the request was cancelled") }
            answer = try await exchange(request, timeout: timeout, limit: limit)
        } catch {
            let mapped = (error as? ClerkAPIError) ?? Self.classify(error, timeout: timeout, limit: limit)
            if let status = mapped.status { span.attributes[ClerkSpanAttribute.httpStatusCode] = status }
            span.attributes[ClerkSpanAttribute.errorType] = mapped.code
            span.attributes[ClerkSpanAttribute.outcome] = mapped.code
            span.setStatus(SpanStatus(code: .error))
            record(operation, result: mapped.kind.description, since: started)
            logger.debug("Clerk HTTP request failed", metadata: metadata.merging(["error": "\(mapped.code)"]) { $1 })
            throw mapped
        }
        span.attributes[ClerkSpanAttribute.httpStatusCode] = answer.status
        let statusClass = "\(answer.status / 100)xx"
        if answer.status >= 400 {
            // OpenTelemetry: a client span is an error for any 4xx or 5xx answer; error.type is the status.
            span.attributes[ClerkSpanAttribute.errorType] = "\(answer.status)"
            span.attributes[ClerkSpanAttribute.outcome] = "http-\(answer.status)"
            span.setStatus(SpanStatus(code: .error))
        } else {
            span.attributes[ClerkSpanAttribute.outcome] = "success"
        }
        record(operation, result: statusClass, since: started)
        logger.debug(
            "Clerk HTTP request",
            metadata: metadata.merging([
                "status": "\(answer.status)", "duration": "\(ContinuousClock.now - started)",
            ]) { $1 })
        return answer
    }

    /// The attributes known before the request is sent: method, operation, route template, server, and the
    /// resend count of a retry. Never the full URL (its path holds ids, a query could hold anything).
    private static func describe(
        _ span: any Span, _ request: HTTPClientRequest, operation: ClerkOperation, attempt: Int
    ) {
        span.attributes[ClerkSpanAttribute.httpMethod] = request.method.rawValue
        span.attributes[ClerkSpanAttribute.operation] = operation.name
        if let template = operation.template { span.attributes[ClerkSpanAttribute.urlTemplate] = template }
        if attempt > 0 { span.attributes[ClerkSpanAttribute.resendCount] = attempt }
        if let url = URL(string: request.url), let host = url.host {
            span.attributes[ClerkSpanAttribute.serverAddress] = host
            if let scheme = url.scheme {
                span.attributes[ClerkSpanAttribute.urlScheme] = scheme
                span.attributes[ClerkSpanAttribute.serverPort] = url.port ?? (scheme == "http" ? 80 : 443)
            }
        }
    }

    /// One count and one duration per attempt. `result` is a status class (`2xx`, `4xx`, …) or an error
    /// kind (`timeout`, `transport`, …): bounded, like `operation`.
    private func record(_ operation: ClerkOperation, result: String, since started: ContinuousClock.Instant) {
        let factory = observability.factory
        Counter(
            label: "clerk_api_requests_total", dimensions: [("operation", operation.name), ("result", result)],
            factory: factory
        ).increment()
        Metrics.Timer(
            label: "clerk_api_request_duration_seconds", dimensions: [("operation", operation.name)],
            factory: factory
        ).record(duration: ContinuousClock.now - started)
    }

    /// The request and its whole body, redirects refused.
    ///
    /// AsyncHTTPClient's deadline bounds the wait for the answer's head (and reports a refused or failed
    /// connection as such when it passes); the body then has `timeout` more, and the size cap: a server that
    /// sends the head and then stalls would otherwise hold the call for ever. The body's time counts from
    /// when this task takes the head, not from the start, so that a busy process whose task resumes late is
    /// not failed for bytes that had already arrived; an attempt is bounded by twice `timeout`.
    private func exchange(_ request: HTTPClientRequest, timeout: Duration, limit: Int) async throws -> Answer {
        let response = try await httpClient.execute(request, timeout: timeout.timeAmount)
        let status = Int(response.status.code)
        if response.history.count > 1 {
            throw ClerkAPIError(
                kind: .invalidResponse, status: status,
                message: "the answer came through a redirect; redirects are not followed")
        }
        if (300..<400).contains(status) {
            throw ClerkAPIError(
                kind: .invalidResponse, status: status,
                message: "the answer is HTTP \(status), a redirect; redirects are not followed")
        }
        var buffer = try await Self.collect(
            response.body, upTo: limit, until: ContinuousClock.now + timeout, timeout: timeout)
        return Answer(
            status: status, headers: response.headers, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// The whole body, or ``ClerkAPIError/Kind-swift.struct/timeout`` at `deadline`: the collection races a
    /// timer, and the loser is cancelled (a cancelled body stream makes AsyncHTTPClient close the connection).
    private static func collect(
        _ body: HTTPClientResponse.Body, upTo limit: Int, until deadline: ContinuousClock.Instant, timeout: Duration
    ) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw ClerkAPIError(kind: .timeout, message: "no complete body within \(timeout) of the answer's head")
            }
            defer { group.cancelAll() }
            guard let buffer = try await group.next() else {
                throw ClerkAPIError(kind: .cancelled, message: "the request was cancelled")
            }
            return buffer
        }
    }

    /// Runs `attempt` (given its number, from 0) until it succeeds, or fails in a way `policy` does not
    /// retry. Every error passes through `scrub` first, so neither a log line nor the caller sees a secret.
    func withRetries<Success>(
        policy: ClerkBackendClient.RetryPolicy?, allowsRetries: Bool,
        metadata: Logger.Metadata, scrub: (ClerkAPIError) -> ClerkAPIError,
        _ attempt: (Int) async throws(ClerkAPIError) -> Success
    ) async throws(ClerkAPIError) -> Success {
        var number = 0
        while true {
            do {
                return try await attempt(number)
            } catch {
                let error = scrub(error)
                guard allowsRetries, let policy, let delay = policy.delay(after: error, attempt: number) else {
                    throw error
                }
                logger.notice(
                    "retrying a Clerk Backend API request",
                    metadata: metadata.merging([
                        "attempt": "\(number + 1)", "error": "\(error.code)", "delay": "\(delay)",
                    ]) { $1 })
                do { try await policy.sleep(delay) } catch {
                    throw ClerkAPIError(kind: .cancelled, message: "the request was cancelled while waiting to retry")
                }
                number += 1
            }
        }
    }

    /// Maps a thrown transport error to the error kinds.
    static func classify(_ error: any Error, timeout: Duration, limit: Int) -> ClerkAPIError {
        if error is CancellationError {
            return ClerkAPIError(kind: .cancelled, message: "the request was cancelled")
        }
        if error is NIOTooManyBytesError {
            return ClerkAPIError(kind: .invalidResponse, message: "the answer is larger than \(limit) bytes")
        }
        if let http = error as? HTTPClientError {
            if [
                .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                .tlsHandshakeTimeout,
            ].contains(http) {
                return ClerkAPIError(kind: .timeout, message: "no complete answer within \(timeout) (\(http))")
            }
            if http == .cancelled {
                return ClerkAPIError(kind: .cancelled, message: "the request was cancelled")
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(http) || http.description.contains("nsupported scheme")
            {
                return ClerkAPIError(kind: .invalidArgument, message: "the URL is not usable (\(http))")
            }
            return ClerkAPIError(kind: .transport, message: "the connection failed (\(http))")
        }
        return ClerkAPIError(kind: .transport, message: "the connection failed (\(String(describing: error)))")
    }
}
