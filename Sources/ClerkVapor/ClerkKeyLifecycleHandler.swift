#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Vapor

    /// Loads the configured key store when the application boots and, optionally, keeps it fresh with
    /// ``SessionKeyRefreshService`` until shutdown.
    ///
    /// Registered by ``Vapor/Application/Clerk-swift.struct/configure(authenticator:prewarmsKeys:refreshesKeysInBackground:)``;
    /// it reads the authenticator configured at boot time. The hooks are the async ones, run by
    /// `app.execute()` / `app.asyncBoot()`; a synchronous `app.boot()` skips the pre-warm, and the first
    /// request then loads the keys itself.
    public final class ClerkKeyLifecycleHandler: LifecycleHandler {
        private let prewarmsKeys: Bool
        private let refreshesKeysInBackground: Bool
        private let refresher = Locked<Task<Void, Never>?>(nil)

        /// A handler that pre-warms and/or refreshes the keys of `application.clerk.authenticator`.
        public init(prewarmsKeys: Bool = true, refreshesKeysInBackground: Bool = true) {
            self.prewarmsKeys = prewarmsKeys
            self.refreshesKeysInBackground = refreshesKeysInBackground
        }

        /// Pre-warms the key store, then starts the background refresher.
        public func didBootAsync(_ application: Application) async throws {
            guard let store = application.clerk.authenticator?.verifier.keyStore else { return }
            if prewarmsKeys {
                await store.prewarm()
                if store.currentKeySet == nil {
                    application.logger.warning(
                        "Clerk session keys could not be loaded at boot; requests answer 503 until they can")
                }
            }
            guard refreshesKeysInBackground, store.source.isRefreshable else { return }
            let service = SessionKeyRefreshService(store: store)
            let task = Task<Void, Never> {
                // Cancellation (at shutdown) ends the service's sleep; it never throws anything else.
                _ = try? await service.run()
            }
            let previous = refresher.withLock { slot in
                defer { slot = task }
                return slot
            }
            previous?.cancel()
        }

        /// Stops the background refresher.
        public func shutdownAsync(_ application: Application) async {
            let task = refresher.withLock { slot in
                defer { slot = nil }
                return slot
            }
            task?.cancel()
            await task?.value
        }

        /// Stops the background refresher (synchronous shutdown path).
        public func shutdown(_ application: Application) {
            refresher.withLock { slot in
                slot?.cancel()
                slot = nil
            }
        }
    }
#endif
