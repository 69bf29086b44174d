package io.leadline.lead;

import java.util.Locale;

/** How a lead arrived: the private API, a web capture, or WhatsApp. */
public enum Channel {
    API,
    WEB,
    WHATSAPP;

    private final String json = name().toLowerCase(Locale.ROOT);

    /** The lower-case name of the JSON APIs; computed once, as every lead of every page asks. */
    public String json() {
        return json;
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
