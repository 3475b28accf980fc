import ClerkAuthentication
import NIOHTTP1

extension ClerkAPIError {
    /// The error for a non-2xx answer, its headers as AsyncHTTPClient hands them over.
    init(status: Int, headers: HTTPHeaders, body: [UInt8], now: Double) {
        self.init(status: status, header: { headers.first(name: $0) }, body: body, now: now)
    }
}
