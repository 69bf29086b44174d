/**
 * Cross-cutting plumbing every feature module relies on: the uniform error body, request ids, body
 * limits, JSON strictness, the database/Redis connections and the health and readiness probes.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.leadline.platform;
