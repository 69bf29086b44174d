package io.leadline.lead;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a lead is in the sales process. Any status may follow any other: people correct mistakes. */
public enum LeadStatus {
    NEW,
    CONTACTED,
    QUALIFIED,
    UNQUALIFIED,
    WON,
    LOST;

    static final String ALLOWED = Arrays.stream(values()).map(LeadStatus::json).collect(Collectors.joining(", "));

    private final String json = name().toLowerCase(Locale.ROOT);

    /** The lower-case name of the JSON APIs; computed once, as every lead of every page asks. */
    public String json() {
        return json;
    }

    /** The status named {@code value} (case-insensitive), or null when there is none. */
    public static LeadStatus parse(String value) {
        if (value == null) {
            return null;
        }
        for (LeadStatus status : values()) {
            if (status.name().equalsIgnoreCase(value.trim())) {
                return status;
            }
        }
        return null;
    }
}
