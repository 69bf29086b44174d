/**
 * The operator's API ({@code /api/admin/**}, admin token as Bearer): workspaces and plan limits,
 * users, secret keys and their rate limits, projects and tags.
 */
package io.leadline.admin;
