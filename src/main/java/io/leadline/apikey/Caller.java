package io.leadline.apikey;

/**
 * Who is calling the private API: the secret key, its user (with the name and email a lead's
 * {@code createdBy} shows; neither changes after the user is added) and the workspace they belong to.
 */
public record Caller(
        String apiKeyId, String workspaceId, String userId, String userName, String userEmail, int rateLimitPerMinute) {

    static final String ATTRIBUTE = Caller.class.getName();
}
