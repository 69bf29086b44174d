package io.leadline.capture;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param perIpPerMinute submissions per minute one client IP may send to one project (abuse limit).
 *     The client IP is the connection's remote address; X-Forwarded-For counts only when
 *     {@code server.forward-headers-strategy} is set (behind a trusted proxy).
 */
@ConfigurationProperties("leadline.capture")
public record CaptureSettings(@DefaultValue("60") int perIpPerMinute) {}
