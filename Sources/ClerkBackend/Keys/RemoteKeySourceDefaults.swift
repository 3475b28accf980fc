import AsyncHTTPClient
import NIOCore

/// Limits and the HTTP client shared by the remote key sources.
public enum RemoteKeySourceDefaults {
    /// The largest JWKS body accepted (256 KiB); the download is aborted beyond it.
    public static let maximumBodyBytes = 256 * 1024
    /// The default time limit of one key fetch.
    public static let timeout: Duration = .seconds(5)

    /// A process-wide `HTTPClient` that never follows redirects, used by ``JWKSURLKeySource`` and
    /// ``FrontendAPIKeySource`` unless another client is given. Like `HTTPClient.shared`, it lives for the
    /// whole process and must not be shut down.
    public static let noRedirectsHTTPClient: HTTPClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: noRedirectsConfiguration)

    /// An `HTTPClient` configuration that does not follow redirects (for clients you create and own), and
    /// leaves tracing to this package: AsyncHTTPClient's own span per request (on by default once a tracer
    /// is bootstrapped) would repeat the package's client span, with the full URL, ids included.
    public static var noRedirectsConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.tracing.tracer = nil
        return configuration
    }
}
