package io.leadline.apikey;

/** Who is calling the private API: the secret key, its user and the workspace they belong to. */
public record Caller(String apiKeyId, String workspaceId, String userId, int rateLimitPerMinute) {

    static final String ATTRIBUTE = Caller.class.getName();
}
