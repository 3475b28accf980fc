import ServiceLifecycle

/// A swift-service-lifecycle `Service` that pre-warms a ``SessionKeyStore`` and keeps it fresh.
///
/// Add it to your `ServiceGroup` (Hummingbird: `Application(services:)`). It loads the keys at start,
/// then sleeps until the next refresh is due (TTL minus the refresh-ahead margin, or the back-off after a
/// failure) and refreshes, until graceful shutdown. Without it, the store still refreshes itself on demand
/// from the request path; with it, no request ever waits for the first load.
public struct SessionKeyRefreshService: Service {
    public let store: SessionKeyStore

    public init(store: SessionKeyStore) { self.store = store }

    public func run() async throws {
        await store.prewarm()
        guard store.source.isRefreshable else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            // At least a second, at most a day (then it looks again): no policy, however large, can
            // overflow the conversion to a Duration.
            let next = store.secondsUntilNextRefresh()
            let wait = next.isFinite ? min(max(1, next), 86_400) : 1
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
                }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully { return }
            await store.refresh()
        }
    }
}
