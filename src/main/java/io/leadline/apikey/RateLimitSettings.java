package io.leadline.apikey;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param defaultPerMinute requests per minute a new secret key gets (the document says 200) */
@ConfigurationProperties("leadline.rate-limit")
public record RateLimitSettings(int defaultPerMinute) {}
