@_spi(Fuzzing) import ClerkAuthentication
import FuzzFixtures

/// Bytes as a non-2xx Backend API answer: a first line with the status, then `Name: value` header
/// lines, an empty line, and the body. Decoded the way the client does it, scrubbed of a known secret.
/// Properties: no crash or hang; the status survives; the message is never empty; a body excerpt stays
/// within 512 bytes plus an ellipsis; the secret appears in no text of the error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let head: ArraySlice<UInt8>
    let body: [UInt8]
    if let split = separatorIndex(bytes) {
        head = bytes[..<split]
        body = Array(bytes[(split + 2)...])
    } else {
        head = bytes[...]
        body = []
    }
    var lines = String(decoding: head, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .makeIterator()
    let status = lines.next().flatMap { Int($0.prefix(3)) } ?? 500
    var headers: [(String, String)] = []
    while let line = lines.next() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
    }
    let error = ClerkAPIError.decodingErrorResponse(
        status: status, headers: headers, body: body,
        now: 1_700_000_000, secret: secret)
    guard error.status == status else { fuzzFailure("the status changed") }
    guard !error.message.isEmpty else { fuzzFailure("an empty message") }
    if let excerpt = error.bodyExcerpt, excerpt.utf8.count > 3 * ClerkAPIErrorLimits.excerptBytes + 3 {
        fuzzFailure("a body excerpt of \(excerpt.utf8.count) bytes")
    }
    let texts =
        [error.message, error.description, String(reflecting: error), error.bodyExcerpt ?? "", error.traceID ?? ""]
        + error.errors.flatMap { [$0.message, $0.longMessage ?? "", $0.code, $0.meta ?? ""] }
    for text in texts where contains(Array(text.utf8), secretBytes) {
        fuzzFailure("the secret key appears in the error")
    }
    return 0
}

/// The secret the fuzzer's inputs may echo (seeds contain it).
let secret = "sk_test_FUZZ_SECRET_CANARY_0123456789"
let secretBytes = Array(secret.utf8)

enum ClerkAPIErrorLimits {
    /// ClerkAPIError keeps at most this many body bytes (each may become a 3-byte replacement character).
    static let excerptBytes = 512
}

func separatorIndex(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 2 else { return nil }
    for i in 0..<(bytes.count - 1) where bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
    return nil
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}
