/**
 * The public capture API: {@code POST /api/public/lead} with a project key, domain allowlist, CORS,
 * per-IP abuse limit and the plan limit, every raw submission kept, and the embeddable capture.js.
 */
package io.leadline.capture;
