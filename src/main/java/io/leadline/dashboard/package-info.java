/**
 * The dashboard people use at {@code /app}: accounts, leads, tags, API access, projects, team and
 * instance admin, server-rendered with Thymeleaf behind Spring Security sessions. Nothing depends on it.
 */
package io.leadline.dashboard;
