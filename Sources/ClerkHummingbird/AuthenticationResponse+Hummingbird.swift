#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import Logging
    import NIOCore

    extension AuthenticationResponse {
        /// Logs the decision's entry, and for a rejection: returns the exact response when the body is exact,
        /// throws `HTTPError` with the status otherwise. Nil when the request goes on.
        func hummingbirdRejection(logger: Logger) throws -> Response? {
            if let entry = logEntry { logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata) }
            guard case .reject(let status, let body) = action else { return nil }
            var fields = HTTPFields()
            for header in headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            guard bodyIsExact else { throw HTTPError(HTTPResponse.Status(code: status), headers: fields) }
            return Response(
                status: HTTPResponse.Status(code: status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }
#endif
