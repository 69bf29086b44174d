package io.leadline.dashboard;

import java.io.Serializable;

/**
 * What the session remembers about a signed-in person: only their user id. Role, workspace and
 * instance-admin flag are read fresh on every request, so a changed role or a removed member takes
 * effect at once.
 */
record SignedIn(String userId) implements Serializable {}
