import ClerkAuthentication
import FuzzFixtures

/// Bytes as request headers (`Name: value` lines; the first line is the method) read through
/// `ClerkRequest`: cookies, the bearer token, the origin. Properties: no crash or
/// hang; a bearer token is never empty and never starts with a space; cookie names carry no `;`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
    let method = lines.next().map(String.init) ?? "GET"
    var headers: [(name: String, value: String)] = []
    while let line = lines.next() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let value = line[line.index(after: colon)...].drop { $0 == " " }
        headers.append((String(line[..<colon]), String(value)))
    }
    let request = ClerkRequest(method: method, headers: headers)

    let cookies = request.cookieJar
    for (name, _) in cookies.pairs where name.contains(";") { fuzzFailure("a cookie name contains ';'") }
    if let session = cookies.value(named: "__session"), session.utf8.count > text.utf8.count {
        fuzzFailure("a cookie value longer than the input")
    }
    if let token = request.bearerToken {
        guard !token.isEmpty, token.first != " " else { fuzzFailure("an empty or space-led bearer token") }
    }
    if let origin = request.origin, !origin.contains("://") { fuzzFailure("an origin without a scheme separator") }
    _ = request.headerValues("Cookie")
    return 0
}
