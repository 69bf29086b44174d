package io.leadline.whatsapp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param perProjectPerMinute notifications a project's webhook accepts per minute (429 beyond; Meta retries)
 * @param maxItemsPerNotification messages plus statuses one notification may carry (400 beyond)
 */
@ConfigurationProperties("leadline.whatsapp")
record WhatsAppSettings(int perProjectPerMinute, int maxItemsPerNotification) {}
