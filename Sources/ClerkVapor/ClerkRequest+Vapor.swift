#if Vapor
    import ClerkAuthentication
    import NIOCore
    import Vapor

    extension ClerkRequest {
        /// The framework-free view of a Vapor request: its method, every header field in order, and the
        /// peer's IP address (sent to Clerk on a session refresh).
        public init(_ request: Request) {
            self.init(
                method: request.method.rawValue,
                headers: request.headers.map { (name: $0.name, value: $0.value) },
                remoteAddress: request.remoteAddress?.ipAddress, target: request.url.string)
        }
    }
#endif
