import ClerkBackend
import ClerkSession
import ClerkWebhooks
import NIOCore
import NIOHTTP1
import NIOPosix

/// The embedded example server: two routes behind the framework-free ``ClerkRequestAuthenticator``.
///
/// - `GET /` is public: `{"signed_in": true|false, "user_id": …}`.
/// - `GET /me` requires a session: 200 `{"user_id": …, "session_id": …}`, 401 without one, 503 when keys
///   are unavailable. `Set-Cookie` directives from a refresh are passed on in every case.
/// - `POST /webhooks/clerk` (when ``webhooks`` is set): Clerk's webhooks, which revoke sessions at once.
///
/// It speaks real HTTP/1.1 on 127.0.0.1 through SwiftNIO, the way the Vapor and Hummingbird adapters
/// would, without pulling either framework into the command-line tool.
struct ExampleServer: Sendable {
    let authenticator: ClerkRequestAuthenticator
    var webhooks: ClerkWebhookEndpoint? = nil
    /// `GET /page` (when set): a server-rendered page behind Clerk's browser flows (handshake redirects).
    var browserAuthenticator: ClerkRequestAuthenticator? = nil

    typealias Inbound = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Binds 127.0.0.1:`port` (0 = ephemeral) and returns the bound channel and its port.
    func bind(port: Int) async throws -> (NIOAsyncChannel<Inbound, Never>, Int) {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Inbound(wrappingChannelSynchronously: child)
                }
            }
        return (channel, channel.channel.localAddress?.port ?? port)
    }

    /// Serves connections until the task is cancelled.
    func serve(_ channel: NIOAsyncChannel<Inbound, Never>) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await channel.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await handle(connection) }
                }
            }
        }
    }

    private func handle(_ connection: Inbound) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var requestBody: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        requestBody = []
                    case .body(var chunk):
                        // Webhook bodies only; anything beyond 1 MiB is dropped (and then fails its signature).
                        if requestBody.count + chunk.readableBytes <= 1 << 20 {
                            requestBody += chunk.readBytes(length: chunk.readableBytes) ?? []
                        }
                    case .end:
                        guard let request = head else { continue }
                        let (status, body, extraHeaders) = await respond(to: request, body: requestBody)
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: "application/json")
                        headers.add(name: "Content-Length", value: String(body.utf8.count))
                        for header in extraHeaders { headers.add(name: header.0, value: header.1) }
                        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
                        try await outbound.write(
                            .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                        try await outbound.write(.end(nil))
                        if !request.isKeepAlive { return }
                        head = nil
                    }
                }
            }
        } catch {
            // A client that went away; nothing to do.
        }
    }

    func respond(to head: HTTPRequestHead, body: [UInt8] = []) async -> (HTTPResponseStatus, String, [(String, String)])
    {
        let request = ClerkRequest(
            method: head.method.rawValue, headers: head.headers.map { ($0.name, $0.value) }, target: head.uri)
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        if path == "/page", let browserAuthenticator {
            // Clerk's browser flows: a page load with a stale cookie is redirected through the handshake.
            let decision = AuthenticationResponse(await browserAuthenticator.authenticate(request))
            switch decision.action {
            case .reject(let status, let body):
                return (HTTPResponseStatus(statusCode: status), body, decision.headers)
            case .continueSignedIn(let session):
                return (
                    .ok, ClaimValue.object([("page", "dashboard"), ("user_id", .string(session.userID))]).jsonText,
                    decision.headers
                )
            case .continueSignedInMachine, .continueSignedOut:
                return (.unauthorized, #"{"error":"unauthorized"}"#, decision.headers)
            }
        }
        let (status, text, cookies) = await respondToAPI(path: path, request: request, body: body)
        return (status, text, cookies.map { ("Set-Cookie", $0) })
    }

    private func respondToAPI(path: String, request: ClerkRequest, body: [UInt8]) async
        -> (HTTPResponseStatus, String, [String])
    {
        let head = (method: request.method, unused: ())
        if path == "/webhooks/clerk", head.method.utf8.elementsEqual("POST".utf8), let webhooks {
            let answer = await webhooks.handle(body: body, headers: request.headers)
            return (HTTPResponseStatus(statusCode: answer.status), answer.body, [])
        }
        let result = await authenticator.authenticate(request)
        switch (path, result) {
        case (_, .keysUnavailable):
            return (.serviceUnavailable, #"{"error":"authentication temporarily unavailable"}"#, [])
        case ("/me", .signedIn(let session, let cookies)):
            return (
                .ok,
                ClaimValue.object([("user_id", .string(session.userID)), ("session_id", .string(session.sessionID))])
                    .jsonText, cookies
            )
        case ("/me", .signedOut):
            return (.unauthorized, #"{"error":"unauthorized"}"#, [])
        case ("/", .signedIn(let session, let cookies)):
            return (
                .ok, ClaimValue.object([("signed_in", true), ("user_id", .string(session.userID))]).jsonText, cookies
            )
        case ("/", .signedOut):
            return (.ok, #"{"signed_in":false}"#, [])
        default:
            return (.notFound, #"{"error":"not found"}"#, [])
        }
    }
}
