import ClerkAuthentication

/// Checks of identifiers that go into a URL path (session ids, template names) before anything is sent.
///
/// Refused: empty values, more than 256 characters, `/`, `\`, `.` or `..` segments and any `..`, `%` (so no
/// encoded `/`, `.` or `\` such as `%2f`, `%2e%2e`, `%5c`), `?`, `#`, whitespace and control characters.
/// The value is never echoed in the error (it might be a token pasted by mistake).
enum PathArgument {
    static func validate(_ value: String, name: String) throws(ClerkAPIError) -> String {
        func refuse(_ why: String) -> ClerkAPIError {
            ClerkAPIError(kind: .invalidArgument, message: "the \(name) \(why)")
        }
        guard !value.isEmpty else { throw refuse("is empty") }
        guard value.unicodeScalars.count <= 256 else { throw refuse("is longer than 256 characters") }
        guard value != ".", !value.contains("..") else { throw refuse("contains a dot segment") }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "/", "\\": throw refuse("contains a path separator")
            case "%": throw refuse("contains a percent-encoded character")
            case "?", "#": throw refuse("contains a URL delimiter ('?' or '#')")
            default:
                if scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.properties.generalCategory == .format
                {
                    throw refuse("contains whitespace or a control character")
                }
            }
        }
        return value
    }

    /// A query value given by the caller (user id, client id): not empty, no control characters.
    static func validateQueryValue(_ value: String, name: String) throws(ClerkAPIError) -> String {
        guard !value.isEmpty else {
            throw ClerkAPIError(kind: .invalidArgument, message: "the \(name) is empty")
        }
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            throw ClerkAPIError(kind: .invalidArgument, message: "the \(name) contains a control character")
        }
        return value
    }
}
