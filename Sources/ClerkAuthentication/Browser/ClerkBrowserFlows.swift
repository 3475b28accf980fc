import ClerkSession

/// How page loads from browsers are authenticated: Clerk's handshake, suffixed cookies, development
/// instances and satellite domains, as Clerk's JS backend SDK does (`authenticateRequest`).
///
/// Set ``ClerkRequestAuthenticator/Configuration/browserFlows`` to turn it on. Without it, a cookie request
/// is verified (and refreshed) but never redirected: a browser whose cookie is missing or stale is signed
/// out. With it, a page load (`GET` with `Sec-Fetch-Dest: document`, or `Accept: text/html`) whose cookies
/// are missing, stale or expired is answered with a 307 redirect to Clerk's Frontend API, which re-syncs the
/// cookie and sends the browser back: the user never sees a 401. See <doc:BrowserApps>.
///
/// ```swift
/// var configuration = ClerkRequestAuthenticator.Configuration()
/// configuration.browserFlows = ClerkBrowserFlows(
///     publishableKey: try PublishableKey("pk_live_…"),
///     publicOrigin: .fixed("https://app.example.com"))
/// ```
public struct ClerkBrowserFlows: Sendable {
    /// Where this app's own public URL (the handshake's `redirect_url`, the refresh's `request_origin`)
    /// comes from.
    ///
    /// The redirect target is built only from configuration unless you say to trust the request: a
    /// `Host` or `X-Forwarded-Host` header is chosen by whoever sends the request, so trusting it lets a
    /// request pick where Clerk sends the browser back (Clerk's Frontend API checks `redirect_url` against
    /// the instance's domains, but a preview or shared domain may still be allowed).
    public enum PublicOrigin: Sendable, Hashable {
        /// Always this origin, e.g. `https://app.example.com` (the safe choice).
        case fixed(String)
        /// The request's `Host` header, with this scheme (`http` or `https`): for a server that is reached
        /// directly, whose `Host` the HTTP server has already checked.
        case hostHeader(scheme: String)
        /// `X-Forwarded-Proto` and `X-Forwarded-Host` (their first values), else `Host` and `http`, as
        /// Clerk's JS SDK does: only behind a proxy that sets them and strips what clients send.
        case forwardedHeaders
    }

    /// The instance's publishable key: the Frontend API host, the instance type (`pk_live_` is production,
    /// `pk_test_` development) and the cookie suffix.
    public var publishableKey: PublishableKey
    /// Where this app's public URL comes from.
    public var publicOrigin: PublicOrigin
    /// This app runs on a satellite domain (its sessions come from a primary domain).
    public var isSatellite: Bool
    /// The satellite's own domain (e.g. `example-satellite.com`); production satellites use
    /// `clerk.<domain>` as their Frontend API. Ignored for a primary app.
    public var domain: String?
    /// A proxy for the Frontend API (absolute, or a path such as `/__clerk` on this app's origin): wins
    /// over ``domain``.
    public var proxyURL: String?
    /// The primary app's sign-in page (absolute, on another origin): required for development satellites.
    public var signInURL: String?
    /// Sync a satellite on its first page load even without cookies (Clerk's `satelliteAutoSync`, default
    /// false: a satellite syncs when it comes back from the primary with `__clerk_synced=false`).
    public var satelliteAutoSync: Bool
    /// Accept `__clerk_handshake` and `__clerk_handshake_nonce` from the query string in production too.
    /// Default false: in production Clerk sends them as cookies, and a handshake in a link's query is what a
    /// login-CSRF link would carry. Development instances always read the query (Clerk sends them there).
    public var acceptsHandshakeQueryInProduction: Bool
    /// Organization sync by URL (Clerk's `organizationSyncOptions`): nil (the default) activates nothing.
    public var organizationSync: ClerkOrganizationSync?
    /// How many handshake nonce exchanges Clerk may refuse in a minute, for all nonces together, before this
    /// process stops exchanging nonces until the minute is over. Default 30.
    ///
    /// A nonce (`__clerk_handshake_nonce`) comes from the request and can only be judged by asking Clerk, so
    /// every distinct nonce a stranger sends costs a Backend API call, and Backend API calls share the
    /// instance's rate limit with every server of the fleet. A real nonce is accepted, so real handshakes do
    /// not spend this budget; once junk has spent it, a page load that brings a nonce carries on with its own
    /// cookies (as when the exchange fails) until the window ends. At least 1: ``validate()`` reports a
    /// smaller value, and the authenticator uses 1.
    public var refusedNonceExchangesPerMinute: Int

    /// Browser flows for the instance of `publishableKey`, with this app's public origin.
    public init(
        publishableKey: PublishableKey, publicOrigin: PublicOrigin, isSatellite: Bool = false, domain: String? = nil,
        proxyURL: String? = nil, signInURL: String? = nil, satelliteAutoSync: Bool = false,
        acceptsHandshakeQueryInProduction: Bool = false, organizationSync: ClerkOrganizationSync? = nil,
        refusedNonceExchangesPerMinute: Int = 30
    ) {
        self.organizationSync = organizationSync
        self.refusedNonceExchangesPerMinute = refusedNonceExchangesPerMinute
        self.publishableKey = publishableKey
        self.publicOrigin = publicOrigin
        self.isSatellite = isSatellite
        self.domain = domain
        self.proxyURL = proxyURL
        self.signInURL = signInURL
        self.satelliteAutoSync = satelliteAutoSync
        self.acceptsHandshakeQueryInProduction = acceptsHandshakeQueryInProduction
    }

    /// A production instance (`pk_live_`).
    public var isProduction: Bool { publishableKey.isLive }

    /// Checks the configuration as Clerk's SDK does before it handles a request: a fixed origin is an
    /// absolute `http(s)` origin; a satellite has a ``proxyURL`` or a ``domain``; a development satellite
    /// has a ``signInURL``; a sign-in URL is absolute; ``refusedNonceExchangesPerMinute`` is at least 1.
    ///
    /// - Throws: ``ClerkSession/ClerkVerificationError`` with code `configuration-invalid`.
    public func validate() throws(ClerkVerificationError) {
        func invalid(_ message: String) -> ClerkVerificationError {
            ClerkVerificationError(.configurationInvalid, message)
        }
        switch publicOrigin {
        case .fixed(let origin):
            guard ClerkURL.normalizedOrigin(origin) != nil else {
                throw invalid("publicOrigin .fixed must be an http(s) origin such as https://app.example.com")
            }
        case .hostHeader(let scheme):
            guard scheme.utf8.elementsEqual("http".utf8) || scheme.utf8.elementsEqual("https".utf8) else {
                throw invalid("publicOrigin .hostHeader needs the scheme http or https")
            }
        case .forwardedHeaders: break
        }
        if let signInURL, ClerkURL(absolute: signInURL) == nil {
            throw invalid("signInURL must be an absolute http(s) URL")
        }
        if let proxyURL, !proxyURL.hasPrefix("/"), ClerkURL(absolute: proxyURL) == nil {
            throw invalid("proxyURL must be an absolute http(s) URL or a path starting with /")
        }
        try organizationSync?.validate()
        guard refusedNonceExchangesPerMinute >= 1 else {
            throw invalid("refusedNonceExchangesPerMinute is \(refusedNonceExchangesPerMinute); it must be at least 1")
        }
        if isSatellite {
            if !isProduction, signInURL == nil {
                throw invalid("Missing signInURL. Pass a signInURL for dev instances if an app is satellite")
            }
            if proxyURL == nil, domain == nil {
                throw invalid(
                    "Missing domain and proxyURL. A satellite application needs to specify a domain or a proxyURL")
            }
        }
    }

    /// The Frontend API this request's browser talks to (the handshake goes there): the proxy (a relative
    /// proxy resolved against `appOrigin`), else `clerk.<domain>` for a production satellite, else the
    /// publishable key's host. Without a scheme when it came without one.
    func frontendAPI(appOrigin: String) -> String {
        if let proxyURL {
            return proxyURL.hasPrefix("/") ? appOrigin + proxyURL : proxyURL
        }
        return originalFrontendAPI
    }

    /// The Frontend API ignoring the proxy: decides which session cookie belongs to this instance.
    var originalFrontendAPI: String {
        if isProduction, isSatellite, let domain, !domain.isEmpty { return "clerk.\(domain)" }
        return publishableKey.frontendAPIHost
    }
}
