import AsyncHTTPClient
import Logging

extension ClerkBackendClient {
    /// Runs `body` with a client over a fresh `HTTPClient` that does not follow redirects, and shuts that
    /// `HTTPClient` down afterwards (also when `body` throws). Handy for command-line tools and scripts.
    ///
    /// Do not let the client escape `body`: its `HTTPClient` is shut down when `body` returns.
    ///
    /// A one-shot client fails fast: its `HTTPClient` does not keep re-dialling a host that refuses the
    /// connection until the request's deadline (AsyncHTTPClient's `retryConnectionEstablishment`, right
    /// for long-lived servers); a refused connection is a transport error at once, and the client's
    /// ``RetryPolicy`` decides whether to try again.
    public static func withClient<T, E: Error>(
        configuration: Configuration,
        logger: Logger = Logger(label: "clerk.backend"),
        _ body: (ClerkBackendClient) async throws(E) -> T
    ) async throws(E) -> T {
        var httpConfiguration = RemoteKeySourceDefaults.noRedirectsConfiguration
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        let client = ClerkBackendClient(configuration: configuration, httpClient: httpClient, logger: logger)
        let result: Result<T, E>
        do { result = .success(try await body(client)) } catch { result = .failure(error) }
        try? await httpClient.shutdown()
        return try result.get()
    }
}
