package io.leadline.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Leadline keeps its data and how it reaches its services; all from the environment.
 *
 * @param dataDir directory for the embedded H2 database and the generated admin token
 * @param databaseUrl {@code postgresql://user:pass@host:port/db} or {@code jdbc:…}; blank means H2
 * @param redisUrl {@code redis://…}; blank means in-process limits (single instance)
 * @param publicBaseUrl the address clients and Meta use to reach this instance
 */
@ConfigurationProperties("leadline")
public record PlatformSettings(String dataDir, String databaseUrl, String redisUrl, String publicBaseUrl) {

    public boolean redisConfigured() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    /** The public base URL without a trailing slash. */
    public String baseUrl() {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }
}
