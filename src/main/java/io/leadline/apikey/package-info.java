/**
 * Secret API keys and everything that guards the private API: key authentication from headers,
 * per-key rate limits (Bucket4j; shared through Redis when configured) and their headers.
 */
package io.leadline.apikey;
