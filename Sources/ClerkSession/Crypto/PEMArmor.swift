/// A PEM block: `-----BEGIN <label>-----`, base64 body, `-----END <label>-----`, nothing else around it.
struct PEMArmor {
    let label: String
    let body: Substring

    init?(_ text: String) {
        let begin = "-----BEGIN "
        guard text.hasPrefix(begin) else { return nil }
        let afterBegin = text.dropFirst(begin.count)
        guard let lineEnd = afterBegin.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) else {
            return nil
        }
        let firstLine = afterBegin[..<lineEnd]
        guard firstLine.hasSuffix("-----") else { return nil }
        let label = String(firstLine.dropLast(5))
        let footer = "-----END \(label)-----"
        let rest = afterBegin[lineEnd...]
        guard rest.hasSuffix(footer), rest.count >= footer.count else { return nil }
        self.label = label
        self.body = rest.dropLast(footer.count)
    }
}
