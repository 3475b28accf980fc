import Testing

@testable import ClerkWebhooks

/// Issue 14 (2): a retry with the same `svix-id` is acknowledged, not applied again; the memory is bounded.
@Suite("Webhook replay guard")
struct WebhookReplayGuardTests {
    @Test("the first delivery of an id is applied, its retries are not")
    func retries() {
        let guardian = ClerkWebhookReplayGuard()
        #expect(guardian.recordFirstDelivery(of: "msg_1"))
        #expect(!guardian.recordFirstDelivery(of: "msg_1"))
        #expect(!guardian.recordFirstDelivery(of: "msg_1"))
        #expect(guardian.recordFirstDelivery(of: "msg_2"))
        // Bytes, not canonical text: these two ids are distinct messages.
        #expect(guardian.recordFirstDelivery(of: "msg_K"))
        #expect(guardian.recordFirstDelivery(of: "msg_\u{212A}"))
    }

    @Test("a flood of ids keeps at most the capacity; the oldest are forgotten first")
    func bounded() {
        let guardian = ClerkWebhookReplayGuard(capacity: 100)
        for i in 0..<10_000 { #expect(guardian.recordFirstDelivery(of: "msg_\(i)")) }
        #expect(guardian.count == 100)
        #expect(!guardian.recordFirstDelivery(of: "msg_9999"))
        #expect(!guardian.recordFirstDelivery(of: "msg_9900"))
        #expect(guardian.recordFirstDelivery(of: "msg_0"))
        #expect(guardian.count == 100)
    }

    @Test("concurrent deliveries of one id: exactly one is applied")
    func concurrent() async {
        let guardian = ClerkWebhookReplayGuard()
        let applied = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { guardian.recordFirstDelivery(of: "msg_race") } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(applied == 1)
    }
}
