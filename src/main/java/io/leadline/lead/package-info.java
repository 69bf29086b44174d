/**
 * Leads and tags: the private API ({@code /api/v1/leads}, {@code /api/v1/tags}), dedup through
 * unique constraints, Idempotency-Key replay, filtering with keyset pagination, and the timeline.
 */
package io.leadline.lead;
