import ClerkSession
import Logging

/// One webhook endpoint, framework-neutral: verifies a delivery, records the revocations it implies, runs
/// your handler, and says what to answer. The Vapor and Hummingbird adapters mount it in one line.
///
/// Answers: 200 for an applied or a replayed delivery; 400 with the `webhook-…` code for any delivery that
/// fails verification (never 5xx for bad input: Svix would retry it); 500 only when your handler throws,
/// so that Svix delivers again (the delivery is then not remembered as applied).
public struct ClerkWebhookEndpoint: Sendable {
    /// Your code for a verified, first-time delivery (sync users into a database, …). Throw to have Svix
    /// deliver it again.
    public typealias Handler = @Sendable (ClerkWebhookDelivery) async throws -> Void

    /// What to answer.
    public struct Response: Sendable, Equatable {
        /// The HTTP status.
        public let status: Int
        /// A small JSON body: `{"status":"applied"}`, `{"status":"duplicate"}`, `{"error":"webhook-…"}`.
        public let body: String
        /// The refusal's code, when refused.
        public let code: String?
    }

    /// Checks signatures.
    public let verifier: ClerkWebhookVerifier
    /// Where revocations go (the verifier's ``ClerkSession/SessionTokenVerifier/revocations``), if anywhere.
    public let revocations: (any SessionRevocationList)?
    /// Recent delivery ids.
    public let replayGuard: ClerkWebhookReplayGuard
    let handler: Handler?
    let logger: Logger

    /// An endpoint.
    ///
    /// - Parameters:
    ///   - verifier: the endpoint's secret and limits.
    ///   - revocations: the list to feed, usually `sessionVerifier.revocations`; nil to record nothing.
    ///   - replayGuard: the memory of recent ids (one per endpoint).
    ///   - logger: one line per refusal (code only) and per applied revocation (ids, which are not secrets).
    ///   - handler: runs after verification and revocation, once per delivery id.
    public init(
        verifier: ClerkWebhookVerifier, revocations: (any SessionRevocationList)?,
        replayGuard: ClerkWebhookReplayGuard = ClerkWebhookReplayGuard(),
        logger: Logger = Logger(label: "clerk.webhooks"), handler: Handler? = nil
    ) {
        self.verifier = verifier
        self.revocations = revocations
        self.replayGuard = replayGuard
        self.logger = logger
        self.handler = handler
    }

    /// Handles one delivery: the raw body bytes and the request headers.
    public func handle(body: [UInt8], headers: [(name: String, value: String)]) async -> Response {
        let delivery: ClerkWebhookDelivery
        do {
            delivery = try verifier.verify(body: body, headers: headers)
        } catch {
            logger.notice("webhook refused", metadata: ["code": "\(error.code.rawValue)"])
            return Self.refusal(error.code.rawValue)
        }
        guard replayGuard.recordFirstDelivery(of: delivery.id) else {
            return Response(status: 200, body: #"{"status":"duplicate"}"#, code: nil)
        }
        let revoked = delivery.event.revocations(receivedAt: verifier.configuration.clock.now())
        if let revocations, !revoked.isEmpty {
            await revocations.record(revoked)
            logger.info(
                "revoked from a webhook",
                metadata: ["type": "\(delivery.event.type)", "revocations": "\(revoked.map(\.description))"])
        }
        if let handler {
            do {
                try await handler(delivery)
            } catch {
                // Not remembered as applied: Svix's retry runs the handler again (revocations are idempotent).
                replayGuard.forget(delivery.id)
                logger.error(
                    "webhook handler failed", metadata: ["type": "\(delivery.event.type)", "error": "\(error)"])
                return Response(status: 500, body: #"{"error":"handler-failed"}"#, code: "handler-failed")
            }
        }
        return Response(status: 200, body: #"{"status":"applied"}"#, code: nil)
    }

    /// The answer for a body the adapter refused before reading it all (larger than the cap).
    public static func refusal(_ code: String) -> Response {
        Response(status: 400, body: #"{"error":"\#(code)"}"#, code: code)
    }
}
