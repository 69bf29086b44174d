package io.leadline.dashboard;

import io.leadline.lead.Channel;
import io.leadline.lead.DailyCount;
import io.leadline.lead.LeadSearch;
import io.leadline.lead.LeadStats;
import io.leadline.lead.Leads;
import io.leadline.platform.RequestIds;
import io.leadline.whatsapp.HeldMessages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The first page after sign-in: usage against the plan, new leads per day, and the newest leads. */
@Controller
class OverviewController {

    static final int DAYS = 30;

    /** Usage of the plan this UTC month; {@code limit} null means unlimited. */
    record Usage(long used, Integer limit) {
        /** Of the plan, as it is: over 100 when the limit was lowered below what the month already has. */
        public long percent() {
            return limit == null || limit == 0 ? (used > 0 && limit != null ? 100 : 0) : used * 100 / limit;
        }

        /** The meter's fill, 0–100. */
        public long meter() {
            return Math.min(100, percent());
        }

        public boolean reached() {
            return limit != null && used >= limit;
        }
    }

    /** One day's stacked bar: heights in chart units (0–100), bottom-up api, web, whatsapp. */
    record Bar(
            String label,
            String title,
            double x,
            double apiY,
            double apiH,
            double webY,
            double webH,
            double waY,
            double waH) {}

    /** {@code byChannel} is keyed by the channel's JSON name: api, web, whatsapp. */
    record Chart(List<Bar> bars, long max, long total, Map<String, Long> byChannel, String firstDay, String lastDay) {}

    private final LeadStats stats;
    private final Leads leads;

    private final io.leadline.workspace.MonthlyUsage usage;
    private final HeldMessages held;

    OverviewController(LeadStats stats, Leads leads, io.leadline.workspace.MonthlyUsage usage, HeldMessages held) {
        this.held = held;
        this.usage = usage;
        this.stats = stats;
        this.leads = leads;
    }

    @GetMapping("/app")
    String overview(Member me, Model model) {
        model.addAttribute("usage", usage(usage, me));
        model.addAttribute("held", held.count(me.workspaceId()));
        model.addAttribute("chart", chart(me));
        model.addAttribute(
                "newest",
                leads.search(me.workspaceId(), LeadSearch.everything(), null, 8).data());
        return "app/overview";
    }

    /**
     * Puts WhatsApp messages held over the plan limit on leads now (a number with a lead joins it; a
     * new number makes a lead while the plan allows). Owners and admins: it spends the plan.
     */
    @PostMapping("/app/whatsapp/held/release")
    String releaseHeld(Member me, HttpServletRequest request, RedirectAttributes redirect) {
        me.requireManager();
        HeldMessages.Released done = held.release(me.workspaceId(), RequestIds.current(request));
        if (done.stillHeld() == 0) {
            redirect.addFlashAttribute("flash", count(done.released()) + " put on leads; none is held any more.");
        } else {
            redirect.addFlashAttribute(
                    done.released() == 0 ? "flashError" : "flash",
                    count(done.released()) + " put on leads; " + count(done.stillHeld())
                            + " still held: the plan's monthly limit is reached. Ask your admin to raise it.");
        }
        return "redirect:/app";
    }

    private static String count(int messages) {
        return messages == 1 ? "1 message" : messages + " messages";
    }

    /**
     * The newest leads table and the plan's usage alone, which the page polls so new leads and the
     * month's count move without a reload (the chart, a heavier query, waits for one).
     */
    @GetMapping("/app/overview/newest")
    String newest(Member me, Model model) {
        model.addAttribute("usage", usage(usage, me));
        model.addAttribute(
                "newest",
                leads.search(me.workspaceId(), LeadSearch.everything(), null, 8).data());
        return "app/overview-live";
    }

    /** This month's new leads as the plan limit counts them (deleting a lead does not give its unit back). */
    static Usage usage(io.leadline.workspace.MonthlyUsage usage, Member me) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        return new Usage(usage.newLeads(me.workspaceId(), month), me.workspace().monthlyLeadLimit());
    }

    private Chart chart(Member me) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(DAYS - 1);
        List<DailyCount> counts = stats.daily(
                me.workspaceId(),
                first.atStartOfDay().atOffset(ZoneOffset.UTC),
                today.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        Map<LocalDate, Map<Channel, Long>> byDay = new HashMap<>();
        Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            byChannel.put(c, 0L);
        }
        for (DailyCount c : counts) {
            byDay.computeIfAbsent(c.day(), d -> new EnumMap<>(Channel.class)).merge(c.channel(), c.count(), Long::sum);
            byChannel.merge(c.channel(), c.count(), Long::sum);
        }
        long max = 1;
        for (Map<Channel, Long> day : byDay.values()) {
            max = Math.max(max, day.values().stream().mapToLong(Long::longValue).sum());
        }
        List<Bar> bars = new ArrayList<>();
        double slot = 100.0 / DAYS;
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = first.plusDays(i);
            Map<Channel, Long> n = byDay.getOrDefault(day, Map.of());
            long api = n.getOrDefault(Channel.API, 0L);
            long web = n.getOrDefault(Channel.WEB, 0L);
            long wa = n.getOrDefault(Channel.WHATSAPP, 0L);
            double apiH = api * 100.0 / max;
            double webH = web * 100.0 / max;
            double waH = wa * 100.0 / max;
            bars.add(new Bar(
                    day.toString(),
                    day + ": " + (api + web + wa) + " new (API " + api + ", web " + web + ", WhatsApp " + wa + ")",
                    i * slot + slot * 0.15,
                    100 - apiH,
                    apiH,
                    100 - apiH - webH,
                    webH,
                    100 - apiH - webH - waH,
                    waH));
        }
        long total = byChannel.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> named = new java.util.LinkedHashMap<>();
        byChannel.forEach((c, n) -> named.put(c.json(), n));
        return new Chart(bars, max, total, named, first.toString(), today.toString());
    }
}
