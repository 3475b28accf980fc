extension String {
    /// Turns literal `\n` (and `\r\n`) escapes, as found in environment values, into line breaks.
    func replacingEscapedNewlines() -> String {
        guard contains("\\n") else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var iterator = makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else { out.append(character); break }
                switch next {
                case "n": out.append("\n")
                case "r": continue
                default: out.append(character); out.append(next)
                }
            } else {
                out.append(character)
            }
        }
        return out
    }

    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension Substring {
    /// Without leading and trailing spaces (U+0020 only: the separator of Clerk's comma lists).
    func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
