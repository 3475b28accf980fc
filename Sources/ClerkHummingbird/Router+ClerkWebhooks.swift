#if Hummingbird
    import ClerkWebhooks
    import HTTPTypes
    import Hummingbird
    import NIOCore

    extension RouterMethods {
        /// Mounts a Clerk webhook endpoint: `POST` at `path`, the body collected up to the verifier's cap (a
        /// larger one is answered 400 `webhook-body-too-large`), then ``ClerkWebhooks/ClerkWebhookEndpoint``
        /// decides (200 applied or duplicate, 400 refused with its code, 500 only when your handler throws).
        ///
        /// ```swift
        /// router.addClerkWebhooks(at: "/webhooks/clerk", endpoint: ClerkWebhookEndpoint(
        ///     verifier: try ClerkWebhookVerifier(environment: ProcessInfo.processInfo.environment),
        ///     revocations: authenticator.verifier.revocations))
        /// ```
        @discardableResult
        public func addClerkWebhooks(at path: RouterPath, endpoint: ClerkWebhookEndpoint) -> Self {
            let limit = endpoint.verifier.configuration.maximumBodyBytes
            return post(path) { request, _ -> Response in
                let body: [UInt8]
                do {
                    var buffer = try await request.body.collect(upTo: limit)
                    body = buffer.readBytes(length: buffer.readableBytes) ?? []
                } catch {
                    return clerkWebhookResponse(ClerkWebhookEndpoint.refusal("webhook-body-too-large"))
                }
                let answer = await endpoint.handle(
                    body: body, headers: request.headers.map { (name: $0.name.rawName, value: $0.value) })
                return clerkWebhookResponse(answer)
            }
        }
    }

    /// The endpoint's decision as a Hummingbird response (JSON body).
    private func clerkWebhookResponse(_ answer: ClerkWebhookEndpoint.Response) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }
#endif
