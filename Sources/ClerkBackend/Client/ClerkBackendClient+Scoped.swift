import AsyncHTTPClient
import Logging

extension ClerkBackendClient {
    /// Runs `body` with a client over a fresh `HTTPClient` that does not follow redirects, and shuts that
    /// `HTTPClient` down afterwards (also when `body` throws). Handy for command-line tools and scripts.
    ///
    /// Do not let the client escape `body`: its `HTTPClient` is shut down when `body` returns.
    public static func withClient<T, E: Error>(configuration: Configuration,
                                               logger: Logger = Logger(label: "clerk.backend"),
                                               _ body: (ClerkBackendClient) async throws(E) -> T) async throws(E) -> T {
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                    configuration: RemoteKeySourceDefaults.noRedirectsConfiguration)
        let client = ClerkBackendClient(configuration: configuration, httpClient: httpClient, logger: logger)
        let result: Result<T, E>
        do { result = .success(try await body(client)) } catch { result = .failure(error) }
        try? await httpClient.shutdown()
        return try result.get()
    }
}
