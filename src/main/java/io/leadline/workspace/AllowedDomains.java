package io.leadline.workspace;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A project's domain allowlist. {@code example.com} matches that host only; {@code *.example.com}
 * matches any subdomain but not the apex. Comparison ignores case; an empty list allows any origin.
 * Entries are taken the way people paste them: an address ({@code https://example.com/pricing}) is
 * its host, a port or a trailing dot is dropped, and an international name ({@code bücher.de}) is
 * stored as the ASCII form browsers send in {@code Origin} ({@code xn--bcher-kva.de}).
 */
public record AllowedDomains(List<String> entries) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_ENTRIES = 100;

    public AllowedDomains {
        entries = List.copyOf(entries);
    }

    public static AllowedDomains none() {
        return new AllowedDomains(List.of());
    }

    /**
     * Normalises and validates entries; returns the problem with the first invalid one, or null.
     */
    public static String problem(List<String> raw) {
        if (raw.size() > MAX_ENTRIES) {
            return "at most " + MAX_ENTRIES + " entries";
        }
        for (String entry : raw) {
            if (entry == null || normalise(entry) == null) {
                return "'" + entry + "' is not a host name such as example.com or *.example.com";
            }
        }
        return null;
    }

    /** Builds the allowlist from entries already checked with {@link #problem}. */
    public static AllowedDomains of(List<String> raw) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String entry : raw) {
            out.add(normalise(entry));
        }
        return new AllowedDomains(new ArrayList<>(out));
    }

    static AllowedDomains fromStored(String stored) {
        if (stored == null || stored.isBlank()) {
            return none();
        }
        return new AllowedDomains(List.of(stored.split("\n")));
    }

    String stored() {
        return String.join("\n", entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether a request from {@code host} (no port) may use the project key. */
    public boolean allows(String host) {
        if (entries.isEmpty()) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String entry : entries) {
            if (entry.startsWith("*.")) {
                String suffix = entry.substring(1);
                if (h.endsWith(suffix) && h.length() > suffix.length()) {
                    return true;
                }
            } else if (h.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");

    private static String normalise(String entry) {
        String e = SCHEME.matcher(entry.trim().toLowerCase(Locale.ROOT)).replaceFirst("");
        int end = e.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = e.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        e = e.substring(0, end).replaceFirst(":[0-9]{1,5}$", "");
        if (e.endsWith(".")) {
            e = e.substring(0, e.length() - 1);
        }
        boolean wildcard = e.startsWith("*.");
        String host = wildcard ? e.substring(2) : e;
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
        if (host.isEmpty() || host.length() > 253) {
            return null;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        if (wildcard && !host.contains(".")) {
            return null;
        }
        return wildcard ? "*." + host : host;
    }
}
