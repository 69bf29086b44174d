package io.leadline.lead;

import java.util.Locale;

/** How a lead arrived: the private API, a web capture, or WhatsApp. */
public enum Channel {
    API,
    WEB,
    WHATSAPP;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel parse(String value) {
        for (Channel channel : values()) {
            if (channel.name().equalsIgnoreCase(value.trim())) {
                return channel;
            }
        }
        return null;
    }
}
