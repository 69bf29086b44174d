package io.leadline.workspace;

/** A member just added with a one-time password: the only moment that password exists in plain text. */
public record Invitation(User user, String oneTimePassword) {}
