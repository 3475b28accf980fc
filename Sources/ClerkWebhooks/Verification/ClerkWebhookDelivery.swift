/// One verified webhook delivery: its Svix message id (the same on every retry), the timestamp of this attempt,
/// and the event.
public struct ClerkWebhookDelivery: Sendable {
    /// `svix-id`: identifies the message across retries (the idempotency key).
    public let id: String
    /// `svix-timestamp`: seconds since 1970 of this delivery attempt.
    public let timestamp: Int64
    /// The Clerk event the body carries.
    public let event: ClerkWebhookEvent
}
