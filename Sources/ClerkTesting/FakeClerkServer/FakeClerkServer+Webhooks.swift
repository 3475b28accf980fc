import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FakeClerkServer {
    /// Sends one Svix-signed Clerk webhook to `url` (as Clerk does through Svix) and returns the HTTP status
    /// the endpoint answered.
    ///
    /// - Parameters:
    ///   - type: the event type, e.g. `session.revoked`.
    ///   - data: the event's `data` as JSON text.
    ///   - url: your endpoint, e.g. `http://127.0.0.1:8080/webhooks/clerk`.
    ///   - signer: the endpoint's secret (configure your verifier with `signer.secretText`).
    ///   - id: the `svix-id` (a retry reuses it); a fresh one by default.
    ///   - timestamp: the `svix-timestamp`; the issuer's clock by default.
    @discardableResult
    public func sendWebhook(
        type: String, data: String, to url: String, signedWith signer: TestWebhookSigner, id: String? = nil,
        timestamp: Int64? = nil
    ) async throws -> Int {
        let now = issuer.clock.now()
        let body = Array(
            #"{"object":"event","type":"\#(type)","timestamp":\#(Int64(now * 1000)),"instance_id":"ins_fake","data":\#(data)}"#
                .utf8)
        let messageID = id ?? "msg_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in signer.headers(id: messageID, timestamp: timestamp ?? Int64(now), body: body) {
            request.headers.add(name: header.name, value: header.value)
        }
        // One delivery per connection, as Svix does: no pooled connection of HTTPClient.shared stays open.
        request.headers.add(name: "Connection", value: "close")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// Revokes session `id` (as `POST /v1/sessions/{id}/revoke` would) and sends `session.revoked` to `url`.
    @discardableResult
    public func revokeSession(_ id: String, notifying url: String, signedWith signer: TestWebhookSigner)
        async throws -> Int
    {
        try await sendSessionEvent(id, status: .revoked, type: "session.revoked", to: url, signer: signer)
    }

    /// Ends session `id` (the user signed out) and sends `session.ended` to `url`.
    @discardableResult
    public func endSession(_ id: String, notifying url: String, signedWith signer: TestWebhookSigner)
        async throws -> Int
    {
        try await sendSessionEvent(id, status: .ended, type: "session.ended", to: url, signer: signer)
    }

    /// Deletes user `userID` (their sessions become `removed`) and sends `user.deleted` to `url`.
    @discardableResult
    public func deleteUser(_ userID: String, notifying url: String, signedWith signer: TestWebhookSigner)
        async throws -> Int
    {
        for session in core.sessions(ofUser: userID) { _ = core.setStatus(session.id, .removed) }
        return try await sendWebhook(
            type: "user.deleted", data: #"{"object":"user","id":"\#(userID)","deleted":true}"#, to: url,
            signedWith: signer)
    }

    private func sendSessionEvent(
        _ id: String, status: ClerkSessionObject.Status, type: String, to url: String, signer: TestWebhookSigner
    ) async throws -> Int {
        guard let session = core.setStatus(id, status) else {
            throw FakeClerkServerError.unknownSession(id)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = String(decoding: try encoder.encode(session), as: UTF8.self)
        return try await sendWebhook(type: type, data: data, to: url, signedWith: signer)
    }
}

/// A misuse of the fake server's test hooks.
public enum FakeClerkServerError: Error, Sendable, CustomStringConvertible {
    /// No stored session has this id.
    case unknownSession(String)

    public var description: String {
        switch self {
        case .unknownSession(let id): "the fake Clerk has no session \(id)"
        }
    }
}
