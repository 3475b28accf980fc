import NIOCore
import NIOHTTP1

/// Collects one HTTP/1.1 request, asks the core for the answer, and writes it (after the fault's delay).
final class FakeClerkHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request bodies beyond this are truncated (the fake is for tests).
    static let maximumRequestBody = 4 << 20

    private let core: FakeClerkCore
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(core: FakeClerkCore) { self.core = core }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            if body.count < Self.maximumRequestBody, let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body.append(contentsOf: bytes)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let response = core.handle(
                method: requestHead.method.rawValue, uri: requestHead.uri,
                headers: requestHead.headers.map { ($0.name, $0.value) }, body: body)
            body = []
            let keepAlive = requestHead.isKeepAlive
            if response.delay > .zero {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: response.delay.fakeTimeAmount) {
                    let (handler, context) = bound.value
                    handler.write(response, keepAlive: keepAlive, version: requestHead.version, context: context)
                }
            } else {
                write(response, keepAlive: keepAlive, version: requestHead.version, context: context)
            }
        }
    }

    private func write(
        _ response: FakeClerkResponse, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext
    ) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if response.bodyDelay > .zero {
            let half = response.body.count / 2
            context.writeAndFlush(
                wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body[..<half])))), promise: nil)
            let rest = FakeClerkResponse(status: response.status, body: Array(response.body[half...]))
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: response.bodyDelay.fakeTimeAmount) {
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.finish(rest, keepAlive: keepAlive, context: context)
            }
            return
        }
        finish(response, keepAlive: keepAlive, context: context)
    }

    /// Writes the body (or what is left of it) and the end of the answer.
    private func finish(_ response: FakeClerkResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// An answer of the fake server.
struct FakeClerkResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var delay: Duration = .zero
    /// After the head and the first half of the body: the wait before the rest.
    var bodyDelay: Duration = .zero
}

extension Duration {
    var fakeTimeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
