import Testing

@testable import ClerkAuthentication

/// `ClerkURL`, the browser flows' URL type, on its own: the origin it accepts, how it splits a request target,
/// query names compared as bytes, percent-encoding both ways, and no input that traps. The browser-flow suites
/// use it through redirects; these cases pin each rule down where a regression would point at it.
@Suite("ClerkURL")
struct ClerkURLTests {
    @Test("an origin is http(s)://host[:port], scheme and host lower-cased as ASCII, trailing slashes dropped")
    func origins() {
        #expect(ClerkURL.normalizedOrigin("HTTPS://App.Example.COM/") == "https://app.example.com")
        #expect(ClerkURL.normalizedOrigin("http://localhost:3000") == "http://localhost:3000")
        #expect(ClerkURL.normalizedOrigin("https://[::1]:8443//") == "https://[::1]:8443")
        for rejected in [
            "", "app.example.com", "ftp://app.example.com", "https://", "https:///", "https:/app.example.com",
            "https://app.example.com/path", "https://user@app.example.com", "https://app example.com",
            "https://app.example.com\\evil", "javascript://x", "https://app.exa\u{0}mple.com",
            // LATIN SMALL LETTER LONG S upper-cases to S in Unicode; as bytes it is no `s`.
            "http\u{017F}://app.example.com", "https://app.\u{212A}.com",
        ] {
            #expect(ClerkURL.normalizedOrigin(rejected) == nil, "\(rejected.debugDescription)")
        }
    }

    @Test("the part after :// is host[:port]: a name or a bracketed IPv6 literal, a port of 1 to 5 digits")
    func authorities() {
        for accepted in [
            "h", "app.example.com", "localhost:3000", "h:1", "h:65535", "[::1]", "[::1]:8443", "[2001:db8::a]:80",
            "[::ffff:192.0.2.1]", "under_score.example",
        ] {
            #expect(ClerkURL.isAuthority(Substring(accepted)), "\(accepted)")
        }
        for rejected in [
            "", ":", ":80", "h:", "h:abc", "h:123456", "h:1:2", "h:-1", "[]", "[::1", "[::1]x", "[::1]:", "[::g]",
            "[::1]:80:", "user@h", "h h", "h/p", "h\\x", "h%2e", "h\u{0}", "\u{212A}.com", "[::1]]",
        ] {
            #expect(!ClerkURL.isAuthority(Substring(rejected)), "\(rejected.debugDescription)")
        }
        #expect(ClerkURL.normalizedOrigin("https://:") == nil)
        #expect(ClerkURL.normalizedOrigin("https://h:abc") == nil)
        #expect(ClerkURL.normalizedOrigin("HTTP://[::1]:8080/") == "http://[::1]:8080")
    }

    @Test("a request target splits into path, raw query items in order, and fragment")
    func targets() throws {
        let url = try #require(ClerkURL(origin: "https://app.example.com", target: "/a/b?x=1&y=%20two&&flag#top"))
        #expect(url.origin == "https://app.example.com")
        #expect(url.path == "/a/b")
        #expect(url.query.map(\.name) == ["x", "y", "flag"])
        #expect(url.query.map(\.value) == ["1", "%20two", ""])
        #expect(url.fragment == "top")
        // An item without `=` prints with one, as URLSearchParams prints it.
        #expect(url.href == "https://app.example.com/a/b?x=1&y=%20two&flag=#top")
        #expect(url.relative == "/a/b?x=1&y=%20two&flag=#top")

        #expect(ClerkURL(origin: "https://h", target: "")?.href == "https://h/")
        #expect(ClerkURL(origin: "https://h", target: "p")?.path == "/p")
        #expect(ClerkURL(origin: "https://h", target: "?q=1")?.path == "/")
        #expect(ClerkURL(origin: "https://h", target: "/p#f?not=query")?.query.isEmpty == true)
        #expect(ClerkURL(origin: "https://h", target: "/p#f?not=query")?.fragment == "f?not=query")
        #expect(ClerkURL(origin: "ftp://h", target: "/") == nil)
    }

    @Test("an absolute URL parses into the same parts; anything without http(s):// is nil")
    func absolute() throws {
        let url = try #require(ClerkURL(absolute: "HTTPS://H.example:8443?q=1#f"))
        #expect(url.origin == "https://h.example:8443")
        #expect(url.host == "h.example:8443")
        #expect(url.path == "/")
        #expect(url.queryValue("q") == "1")
        #expect(url.fragment == "f")
        #expect(ClerkURL(absolute: "/relative?q=1") == nil)
        #expect(ClerkURL(absolute: "https:/h/p") == nil)
        #expect(ClerkURL(absolute: "mailto://h") == nil)
    }

    @Test("query names match as decoded bytes: no Unicode look-alike finds or removes an item")
    func queryNamesAreBytes() throws {
        let url = try #require(
            ClerkURL(absolute: "https://h/p?\u{212A}ey=look-alike&%4Bey=escaped&a+b=plus&dup=1&dup=2"))
        // KELVIN SIGN is == "K" as a Swift String; as bytes it is not.
        #expect(url.queryValue("Key") == "escaped")
        #expect(url.queryValue("a b") == "plus")
        #expect(url.queryValue("dup") == "1")
        #expect(url.hasQuery("missing") == false)
        let removed = url.removingQuery(["Key", "dup"])
        #expect(removed.query.map(\.name) == ["\u{212A}ey", "a+b"])
        #expect(url.removingQuery(["\u{212A}ey"]).queryValue("Key") == "escaped")
    }

    @Test("setting a query item replaces the first, drops the rest, or appends; values are percent-encoded")
    func settingAndAppending() throws {
        let url = try #require(ClerkURL(absolute: "https://h/p?dup=1&keep=k&dup=2"))
        let set = url.settingQuery("dup", "a b&c")
        #expect(set.href == "https://h/p?dup=a%20b%26c&keep=k")
        #expect(set.queryValue("dup") == "a b&c")
        #expect(url.settingQuery("new", "/x").href == "https://h/p?dup=1&keep=k&dup=2&new=%2Fx")
        #expect(url.appendingQuery("n m", "v").href == "https://h/p?dup=1&keep=k&dup=2&n%20m=v")
    }

    @Test("percent-encoding keeps only RFC 3986's unreserved bytes; decoding leaves a malformed escape as it is")
    func percentEncoding() {
        #expect(ClerkURL.encode("aZ09-._~") == "aZ09-._~")
        #expect(ClerkURL.encode("a b/é!'()*") == "a%20b%2F%C3%A9%21%27%28%29%2A")
        #expect(ClerkURL.decode("a%20b%2F%C3%A9") == "a b/é")
        #expect(ClerkURL.decode("a+b") == "a b")
        for (malformed, decoded) in [
            ("%", "%"), ("%4", "%4"), ("%zz", "%zz"), ("100%", "100%"), ("%%41", "%A"), ("%4g", "%4g"),
        ] {
            #expect(ClerkURL.decode(malformed) == decoded)
        }
        for text in ["", "plain", "a b+c", "é/?#&=", "\u{212A}", "%41"] {
            #expect(ClerkURL.decode(ClerkURL.encode(text)) == text)
        }
    }

    @Test("no input traps: every text of up to three characters from URL punctuation, and long runs of it")
    func noInputTraps() {
        let alphabet = Array("hts:/.?#&=%+@[]\\ 0Z\u{0}\u{212A}é".unicodeScalars).map { String($0) }
        var texts = [""]
        var previous = [""]
        for _ in 0..<3 {
            previous = previous.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += previous
        }
        texts += alphabet.map { String(repeating: $0, count: 4_096) }
        var parsed = 0
        for text in texts {
            if let url = ClerkURL(absolute: "https://" + text) {
                parsed += 1
                // Whatever parsed prints back to something that parses to the same origin.
                #expect(ClerkURL(absolute: url.href)?.origin == url.origin, "\(text.debugDescription)")
            }
            _ = ClerkURL(absolute: text)
            _ = ClerkURL(origin: text, target: text)
            _ = ClerkURL.decode(text)
        }
        let n = alphabet.count
        #expect(texts.count == 1 + n + n * n + n * n * n + n)
        #expect(parsed > 0)
    }
}
