#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    extension HTTPHeaders {
        /// A decision's header lines (names the decision makes) as Vapor's headers.
        init(clerk headers: [(name: String, value: String)]) {
            self.init(headers.map { ($0.name, $0.value) })
        }
    }

    extension AuthenticationResponse {
        /// Logs the decision's entry, and for a rejection: returns the exact response when the body is exact,
        /// throws `Abort` with the status otherwise. Nil when the request goes on.
        func vaporRejection(logger: Logger) throws -> Response? {
            if let entry = logEntry { logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata) }
            guard case .reject(let status, let body) = action else { return nil }
            let fields = HTTPHeaders(clerk: headers)
            guard bodyIsExact else { throw Abort(HTTPResponseStatus(statusCode: status), headers: fields) }
            return Response(status: HTTPResponseStatus(statusCode: status), headers: fields, body: .init(string: body))
        }
    }
#endif
