package io.leadline.workspace;

/**
 * A user as the dashboard needs them on every request: who they are, whether they run this instance,
 * whether they still hold a one-time password they must replace, and their session epoch (moved on by
 * every password change: a session signed in under an older epoch has ended).
 */
public record Account(User user, boolean instanceAdmin, boolean mustChangePassword, int sessionEpoch) {}
