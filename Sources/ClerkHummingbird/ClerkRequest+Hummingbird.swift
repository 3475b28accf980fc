#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird

    extension ClerkRequest {
        /// The framework-free view of a Hummingbird request: its method and header fields in order.
        ///
        /// HTTP/1 `Host` arrives in Hummingbird as the request's authority, not as a field; it is added back
        /// as a `Host` field so that a session refresh can derive the request's origin.
        ///
        /// - Parameters:
        ///   - request: The request.
        ///   - remoteAddress: The client's IP address, when the context knows it (sent to Clerk on refresh).
        public init(_ request: Request, remoteAddress: String? = nil) {
            var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
            if !headers.contains(where: { $0.name.caseInsensitiveEquals("Host") }),
                let authority = request.head.authority
            {
                headers.append((name: "Host", value: authority))
            }
            self.init(
                method: request.method.rawValue, headers: headers, remoteAddress: remoteAddress,
                target: request.uri.description)
        }
    }
#endif
