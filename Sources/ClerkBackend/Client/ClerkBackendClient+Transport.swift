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
    /// Sends `request` with the retry policy; returns a 2xx answer or throws a (secret-free) error.
    func send(_ request: APIRequest) async throws(ClerkAPIError) -> APIResponse {
        var attempt = 0
        while true {
            do {
                return try await sendOnce(request, attempt: attempt)
            } catch {
                let error = error.scrubbing(secret: configuration.secretKey)
                guard request.allowsRetries, let delay = configuration.retryPolicy.delay(after: error, attempt: attempt)
                else { throw error }
                logger.notice("retrying a Clerk Backend API request", metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.path)",
                    "attempt": "\(attempt + 1)", "error": "\(error.code)", "delay": "\(delay)",
                ])
                do { try await configuration.retryPolicy.sleep(delay) } catch {
                    throw ClerkAPIError(kind: .cancelled, message: "the request was cancelled while waiting to retry")
                }
                attempt += 1
            }
        }
    }

    /// One attempt.
    private func sendOnce(_ request: APIRequest, attempt: Int) async throws(ClerkAPIError) -> APIResponse {
        if Task.isCancelled { throw ClerkAPIError(kind: .cancelled, message: "the request was cancelled") }
        let url = configuration.normalizedBaseURL + request.path + request.queryString
        var http = HTTPClientRequest(url: url)
        http.method = request.method
        http.headers.add(name: "Authorization", value: "Bearer \(configuration.secretKey)")
        http.headers.add(name: "Accept", value: "application/json")
        http.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let version = configuration.apiVersion { http.headers.add(name: "Clerk-API-Version", value: version) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = request.timeout ?? configuration.timeout
        let limit = request.maximumResponseBytes ?? configuration.maximumResponseBytes
        let started = ContinuousClock.now
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        do {
            let response = try await httpClient.execute(http, timeout: timeout.timeAmount)
            status = Int(response.status.code)
            headers = response.headers
            if response.history.count > 1 {
                throw ClerkAPIError(kind: .invalidResponse, status: status,
                                    message: "the Backend API answer was redirected; redirects are not followed")
            }
            var buffer = try await response.body.collect(upTo: limit)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as ClerkAPIError {
            throw error
        } catch {
            let mapped = Self.classify(error, timeout: timeout, limit: limit)
            logger.debug("Clerk Backend API request failed", metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.path)", "attempt": "\(attempt)",
                "error": "\(mapped.code)",
            ])
            throw mapped
        }
        logger.debug("Clerk Backend API request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.path)", "status": "\(status)",
            "attempt": "\(attempt)", "duration": "\(ContinuousClock.now - started)",
        ])
        guard (200..<300).contains(status) else {
            throw ClerkAPIError(status: status, headers: headers, body: body, now: Date().timeIntervalSince1970)
        }
        return APIResponse(status: status, headers: headers, body: body)
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
            if [.deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout].contains(http) {
                return ClerkAPIError(kind: .timeout, message: "no complete answer within \(timeout) (\(http))")
            }
            if http == .cancelled {
                return ClerkAPIError(kind: .cancelled, message: "the request was cancelled")
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(http) || http.description.contains("nsupported scheme") {
                return ClerkAPIError(kind: .invalidArgument, message: "the base URL is not usable (\(http))")
            }
            return ClerkAPIError(kind: .transport, message: "the connection failed (\(http))")
        }
        return ClerkAPIError(kind: .transport, message: "the connection failed (\(String(describing: error)))")
    }

    /// Decodes a 2xx JSON body, or throws `.invalidResponse` with an excerpt.
    func decode<T: Decodable>(_ type: T.Type, from response: APIResponse) throws(ClerkAPIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw ClerkAPIError(kind: .invalidResponse, status: response.status,
                                bodyExcerpt: ClerkAPIError.excerpt(response.body),
                                message: "the answer could not be decoded as \(T.self)")
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

    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
