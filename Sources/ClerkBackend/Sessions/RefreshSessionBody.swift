import ClerkAuthentication

/// The wire body of `POST /v1/sessions/{id}/refresh`.
struct RefreshSessionBody: Encodable {
    var request: RefreshSessionRequest
    enum CodingKeys: String, CodingKey {
        case expiredToken = "expired_token"
        case refreshToken = "refresh_token"
        case requestOrigin = "request_origin"
        case requestOriginatingIP = "request_originating_ip"
        case requestHeaders = "request_headers"
        case format
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(request.expiredToken, forKey: .expiredToken)
        try c.encode(request.refreshToken, forKey: .refreshToken)
        try c.encode(request.requestOrigin, forKey: .requestOrigin)
        try c.encodeIfPresent(request.requestOriginatingIP, forKey: .requestOriginatingIP)
        try c.encodeIfPresent(request.requestHeaders, forKey: .requestHeaders)
        try c.encodeIfPresent(request.format, forKey: .format)
    }
}
