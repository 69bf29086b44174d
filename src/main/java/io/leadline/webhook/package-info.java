/**
 * Outbound webhooks: endpoints per workspace, lead events written to an outbox in the same
 * transaction as the change, and signed deliveries with retries, a delivery log and replay.
 */
package io.leadline.webhook;
