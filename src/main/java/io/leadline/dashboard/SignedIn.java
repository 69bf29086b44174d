package io.leadline.dashboard;

import java.io.Serializable;

/**
 * What the session remembers about a signed-in person: their user id and the session epoch they
 * signed in under. Role, workspace and instance-admin flag are read fresh on every request, so a
 * changed role or a removed member takes effect at once; a password change moves the epoch on, which
 * ends the person's other sessions. (A session stored before the epoch existed reads it as 0, the
 * epoch every user starts with: record serialization matches fields by name.)
 */
record SignedIn(String userId, int sessionEpoch) implements Serializable {}
