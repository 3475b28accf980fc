import AsyncHTTPClient
import ClerkAuthentication
import Logging
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ClerkBackendClient {
    /// The transport every call of this client goes through (see ``ClerkHTTPTransport``).
    var transport: ClerkHTTPTransport {
        ClerkHTTPTransport(httpClient: httpClient, logger: logger, observability: observability)
    }

    /// Sends `request` with the retry policy; returns a 2xx answer or throws a (secret-free) error.
    func send(_ request: APIRequest) async throws(ClerkAPIError) -> APIResponse {
        let transport = transport
        let metadata: Logger.Metadata = ["method": "\(request.method.rawValue)", "path": "\(request.path)"]
        return try await transport.withRetries(
            policy: configuration.retryPolicy, allowsRetries: request.allowsRetries,
            metadata: metadata, scrub: { scrub($0, redacting: request.redacting) }
        ) {
            (attempt: Int) async throws(ClerkAPIError) -> APIResponse in
            try await sendOnce(request, attempt: attempt, transport: transport, metadata: metadata)
        }
    }

    /// `error` without the secret key, the machine secret key, or any of `redacting` (a token a call carries).
    func scrub(_ error: ClerkAPIError, redacting: [String] = []) -> ClerkAPIError {
        var error = error.scrubbing(secret: configuration.secretKey)
        if let machine = configuration.machineSecretKey { error = error.scrubbing(secret: machine) }
        for text in redacting { error = error.scrubbing(secret: text) }
        return error
    }

    /// One attempt.
    private func sendOnce(
        _ request: APIRequest, attempt: Int, transport: ClerkHTTPTransport,
        metadata: Logger.Metadata
    ) async throws(ClerkAPIError) -> APIResponse {
        let url = configuration.normalizedBaseURL + request.path + request.queryString
        var http = HTTPClientRequest(url: url)
        http.method = request.method
        http.headers.add(name: "Authorization", value: "Bearer \(request.credential ?? configuration.secretKey)")
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let version = configuration.apiVersion { http.headers.add(name: "Clerk-API-Version", value: version) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer = try await transport.execute(
            http, operation: request.operation, attempt: attempt, timeout: request.timeout ?? configuration.timeout,
            maximumResponseBytes: request.maximumResponseBytes ?? configuration.maximumResponseBytes,
            metadata: metadata.merging(["attempt": "\(attempt)"]) { $1 })
        guard (200..<300).contains(answer.status) else {
            throw ClerkAPIError(
                status: answer.status, headers: answer.headers, body: answer.body, now: Date().timeIntervalSince1970)
        }
        return APIResponse(status: answer.status, headers: answer.headers, body: answer.body)
    }

    /// Decodes a 2xx JSON body, or throws `.invalidResponse` with an excerpt.
    func decode<T: Decodable>(_ type: T.Type, from response: APIResponse) throws(ClerkAPIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw ClerkAPIError(
                kind: .invalidResponse, status: response.status,
                bodyExcerpt: ClerkAPIError.excerpt(response.body),
                message: "the answer could not be decoded as \(T.self)"
            )
            .scrubbing(secret: configuration.secretKey)
        }
    }

    /// Encodes a request body as JSON.
    static func encodeBody<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail.
        return (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }
}

extension Duration {
    /// The duration as NIO's `TimeAmount` (clamped to what it can hold).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 - 1 else { return .nanoseconds(Int64.max) }
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
