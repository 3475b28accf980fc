#if Vapor
    import ClerkWebhooks
    import NIOCore
    import Vapor

    extension RoutesBuilder {
        /// Mounts a Clerk webhook endpoint: `POST` at `path`, the body collected up to the verifier's cap (a
        /// larger one is answered 400 `webhook-body-too-large`), then ``ClerkWebhooks/ClerkWebhookEndpoint``
        /// decides (200 applied or duplicate, 400 refused with its code, 500 only when your handler throws).
        ///
        /// ```swift
        /// app.clerkWebhooks("webhooks", "clerk", endpoint: ClerkWebhookEndpoint(
        ///     verifier: try ClerkWebhookVerifier(environment: Environment.process.dictionary),  // or your own
        ///     revocations: verifier.revocations))
        /// ```
        @discardableResult
        public func clerkWebhooks(_ path: PathComponent..., endpoint: ClerkWebhookEndpoint) -> Route {
            let limit = endpoint.verifier.configuration.maximumBodyBytes
            return on(.POST, path, body: .stream) { request async throws -> Response in
                let body: [UInt8]
                do {
                    var buffer = try await request.body.collect(max: limit).get() ?? ByteBuffer()
                    body = buffer.readBytes(length: buffer.readableBytes) ?? []
                } catch {
                    return clerkWebhookResponse(ClerkWebhookEndpoint.refusal("webhook-body-too-large"))
                }
                let answer = await endpoint.handle(
                    body: body, headers: request.headers.map { (name: $0.name, value: $0.value) })
                return clerkWebhookResponse(answer)
            }
        }
    }

    /// The endpoint's decision as a Vapor response (JSON body).
    private func clerkWebhookResponse(_ answer: ClerkWebhookEndpoint.Response) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(
            status: HTTPResponseStatus(statusCode: answer.status), headers: headers, body: .init(string: answer.body))
    }
#endif
