@_spi(Fuzzing) import ClerkAuthentication
import ClerkBackend
import Testing

/// The human message of an API error is never empty (found by the APIErrorBody fuzz target: an envelope
/// whose first error has an empty `message` and no `long_message` gave an empty message).
@Suite("API error messages")
struct APIErrorMessageTests {
    static func error(_ body: String, status: Int = 422) -> ClerkAPIError {
        ClerkAPIError.decodingErrorResponse(
            status: status, headers: [], body: Array(body.utf8), now: 0, secret: "sk_test_unused")
    }

    @Test func emptyMessageFallsBackToTheStatus() {
        let error = Self.error(#"{"errors":[{"message":"","code":"form_param_invalid"}]}"#)
        #expect(error.message == "Clerk answered HTTP 422")
        #expect(error.errors.first?.code == "form_param_invalid")
    }

    @Test func emptyLongMessageFallsBackToTheMessage() {
        #expect(
            Self.error(
                #"{"errors":[{"message":"Session not found","long_message":"","code":"resource_not_found"}]}"#,
                status: 404
            )
            .message == "Session not found")
        #expect(
            Self.error(#"{"errors":[{"message":" ","long_message":"  ","code":"x"}]}"#).message
                == "Clerk answered HTTP 422")
        #expect(
            Self.error(#"{"errors":[{"message":"short","long_message":"The long one","code":"x"}]}"#).message
                == "The long one")
    }
}
