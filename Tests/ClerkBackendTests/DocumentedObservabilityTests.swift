import ClerkAuthentication
import Testing

@testable import ClerkBackend

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Issue 18: the Observability article lists exactly the metrics and spans that the Metrics and Tracing
/// suites prove, so that a name cannot be documented without a test, nor emitted and tested undocumented.
@Suite("Documented observability")
struct DocumentedObservabilityTests {
    static var article: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("Sources/ClerkSession/ClerkSession.docc/Observability.md")
        return (try? String(contentsOf: path, encoding: .utf8)) ?? ""
    }

    /// The first cell of each row of the table that follows `heading`, without backticks.
    static func firstColumn(after heading: String) -> [String] {
        let lines = article.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == heading }) else { return [] }
        var names: [String] = []
        for line in lines[start...].dropFirst() {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            guard let open = cell.firstIndex(of: "`") else { continue }
            let rest = cell[cell.index(after: open)...]
            guard let close = rest.firstIndex(of: "`") else { continue }
            names.append(String(rest[..<close]))
        }
        return names
    }

    @Test("the metrics table lists exactly the proven metrics")
    func metrics() {
        #expect(Self.firstColumn(after: "## Metrics") == MetricsTests.proven)
    }

    @Test("the spans table lists exactly the proven spans")
    func spans() {
        #expect(Set(Self.firstColumn(after: "## Spans")) == Set(TracingTests.proven))
        #expect(Self.firstColumn(after: "## Spans").count == TracingTests.proven.count)
    }

    @Test("every Backend API operation is documented, in order")
    func operations() {
        let article = Self.article
        var position = article.startIndex
        for operation in ClerkOperation.all {
            let range = article[position...].firstRange(of: "`\(operation.name)`")
            #expect(range != nil, "\(operation.name) is missing or out of order")
            if let range { position = range.upperBound }
        }
    }

    @Test("every refresh result value is documented")
    func refreshResults() {
        for code in SignedOutReason.Code.refreshCodes {
            #expect(Self.article.contains("`\(code.rawValue.dropFirst("refresh-".count))`"), "\(code.rawValue)")
        }
    }
}
