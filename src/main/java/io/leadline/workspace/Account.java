package io.leadline.workspace;

/**
 * A user as the dashboard needs them on every request: who they are, whether they run this instance,
 * and whether they still hold a one-time password they must replace.
 */
public record Account(User user, boolean instanceAdmin, boolean mustChangePassword) {}
