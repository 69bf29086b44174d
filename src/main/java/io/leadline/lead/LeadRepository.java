package io.leadline.lead;

import io.leadline.platform.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for leads, their tags and their timeline. Every statement is scoped by workspace. */
@Repository
class LeadRepository {

    /** A search that is a phone number: digits and the punctuation phone numbers are written with. */
    private static final Pattern PHONE_QUERY = Pattern.compile("^[0-9+()./\\-\\s]*[0-9][0-9+()./\\-\\s]*$");

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    /** PostgreSQL answers INSERT … RETURNING; H2 does not, and reads the new ids back instead. */
    private final boolean postgres;

    LeadRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json, Dialect dialect) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.postgres = dialect.postgres();
    }

    private static final String INSERT_COLUMNS = """
            insert into leads (public_id, workspace_id, project_id, channel, created_by, created_at, status,
                first_name, last_name, name, email, phone, company, website, source, address, city, state, zipcode,
                attributes, utm, page_trail, source_url, referrer, email_key, name_key, phone_key, source_key,
                search_text, updated_at)
            values """;
    private static final String INSERT_ROW =
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Inserts the lead and returns its numeric id; unique constraints raise DuplicateKeyException. */
    long insert(Lead l) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT_COLUMNS + INSERT_ROW).params(values(l)).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * Inserts the leads of one workspace in one statement, skipping (not failing on) every lead that
     * a unique constraint refuses: one holding the email or full name of an existing lead, or of a
     * lead earlier in the list. Answers the numeric ids of the leads that went in, by public id.
     */
    Map<String, Long> insertAll(String workspaceId, List<Lead> leads) {
        if (leads.isEmpty()) {
            return Map.of();
        }
        List<Object> params = new ArrayList<>(leads.size() * 30);
        StringBuilder sql = new StringBuilder(INSERT_COLUMNS);
        for (int i = 0; i < leads.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
            params.addAll(values(leads.get(i)));
        }
        sql.append(" on conflict do nothing");
        Map<String, Long> ids = new HashMap<>();
        if (postgres) {
            jdbc.sql(sql.append(" returning id, public_id").toString())
                    .params(params)
                    .query((rs, row) -> ids.put(rs.getString("public_id"), rs.getLong("id")))
                    .list();
            return ids;
        }
        jdbc.sql(sql.toString()).params(params).update();
        jdbc.sql("select id, public_id from leads where workspace_id = :ws and public_id in (:ids)")
                .param("ws", workspaceId)
                .param("ids", leads.stream().map(Lead::publicId).toList())
                .query((rs, row) -> ids.put(rs.getString("public_id"), rs.getLong("id")))
                .list();
        return ids;
    }

    /** The workspace's leads with these ids, in no particular order. */
    List<Lead> findAll(String workspaceId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where l.workspace_id = :ws and l.id in (:ids)")
                .param("ws", workspaceId)
                .param("ids", ids)
                .query(this::lead)
                .list();
    }

    void deleteAll(String workspaceId, Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from leads where workspace_id = :ws and id in (:ids)")
                    .param("ws", workspaceId)
                    .param("ids", ids)
                    .update();
        }
    }

    /** The INSERT's values: what never changes, then {@link #editable}. */
    private List<Object> values(Lead l) {
        List<Object> values = new ArrayList<>(java.util.Arrays.asList(
                l.publicId(), l.workspaceId(), l.projectId(), l.channel().name(), l.createdBy(), l.createdAt()));
        values.addAll(editable(l));
        return values;
    }

    private static final String UPDATE = """
            update leads set status = ?, first_name = ?, last_name = ?, name = ?, email = ?, phone = ?,
                company = ?, website = ?, source = ?, address = ?, city = ?, state = ?, zipcode = ?,
                attributes = ?, utm = ?, page_trail = ?, source_url = ?, referrer = ?, email_key = ?,
                name_key = ?, phone_key = ?, source_key = ?, search_text = ?, updated_at = ?
             where id = ? and workspace_id = ?
            """;

    /** Writes every editable field back; unique constraints raise DuplicateKeyException. */
    void update(Lead l) {
        jdbc.sql(UPDATE).params(updateValues(l)).update();
    }

    /** Marks a lead changed at {@code at} (its version) when only its links changed, not its row. */
    void touch(String workspaceId, long id, OffsetDateTime at) {
        jdbc.sql("update leads set updated_at = ? where id = ? and workspace_id = ?")
                .params(at, id, workspaceId)
                .update();
    }

    /** {@link #update} for several leads in one round trip (a JDBC batch). */
    void updateAll(List<Lead> leads) {
        if (!leads.isEmpty()) {
            template.batchUpdate(
                    UPDATE, leads.stream().map(l -> updateValues(l).toArray()).toList());
        }
    }

    /** The UPDATE's values: {@link #editable}, then the row's id and workspace. */
    private List<Object> updateValues(Lead l) {
        List<Object> values = new ArrayList<>(editable(l));
        values.add(l.id());
        values.add(l.workspaceId());
        return values;
    }

    /** Every column a change may touch, in the order both INSERT and UPDATE list them. */
    private List<Object> editable(Lead l) {
        return java.util.Arrays.asList(
                l.status().name(),
                l.firstName(),
                l.lastName(),
                l.name(),
                l.email(),
                l.phone(),
                l.company(),
                l.website(),
                l.source(),
                l.address(),
                l.city(),
                l.state(),
                l.zipcode(),
                write(l.attributes()),
                write(l.utm()),
                write(l.pageTrail()),
                l.sourceUrl(),
                l.referrer(),
                l.emailKey(),
                l.nameKey(),
                l.phoneKey(),
                l.sourceKey(),
                l.searchText(),
                l.updatedAt());
    }

    /**
     * The workspace's leads holding any of these email keys or phone digits, oldest first, locked for
     * update until the transaction ends: what a batch of captured submissions may join.
     */
    List<Lead> findForCapture(String workspaceId, Collection<String> emailKeys, Collection<String> phoneKeys) {
        if (emailKeys.isEmpty() && phoneKeys.isEmpty()) {
            return List.of();
        }
        List<String> conditions = new ArrayList<>();
        if (!emailKeys.isEmpty()) {
            conditions.add("l.email_key in (:emails)");
        }
        if (!phoneKeys.isEmpty()) {
            conditions.add("l.phone_key in (:phones)");
        }
        // No ORDER BY: with it, PostgreSQL may walk the primary key through the whole workspace instead
        // of looking the keys up; the few rows are sorted here.
        var spec = jdbc.sql(
                        SELECT + " where l.workspace_id = :ws and (" + String.join(" or ", conditions) + ") for update")
                .param("ws", workspaceId);
        if (!emailKeys.isEmpty()) {
            spec = spec.param("emails", emailKeys);
        }
        if (!phoneKeys.isEmpty()) {
            spec = spec.param("phones", phoneKeys);
        }
        List<Lead> found = new ArrayList<>(spec.query(this::lead).list());
        found.sort(java.util.Comparator.comparingLong(Lead::id));
        return found;
    }

    Optional<Lead> find(String workspaceId, String publicId) {
        return jdbc.sql(SELECT + " where l.workspace_id = ? and l.public_id = ?")
                .params(workspaceId, publicId)
                .query(this::lead)
                .optional();
    }

    Optional<Lead> findForUpdate(String workspaceId, String publicId) {
        return jdbc.sql(SELECT + " where l.workspace_id = ? and l.public_id = ? for update")
                .params(workspaceId, publicId)
                .query(this::lead)
                .optional();
    }

    /** The workspace's lead with this number, locked for update until the transaction ends. */
    Optional<Lead> findByNumberForUpdate(String workspaceId, long id) {
        return jdbc.sql(SELECT + " where l.workspace_id = ? and l.id = ? for update")
                .params(workspaceId, id)
                .query(this::lead)
                .optional();
    }

    /** The workspace's lead with this email key, locked for update until the transaction ends. */
    Optional<Lead> findByEmailKeyForUpdate(String workspaceId, String emailKey) {
        return jdbc.sql(SELECT + " where l.workspace_id = ? and l.email_key = ? for update")
                .params(workspaceId, emailKey)
                .query(this::lead)
                .optional();
    }

    /** The oldest lead of the workspace with these phone digits, locked for update. */
    Optional<Lead> findByPhoneKeyForUpdate(String workspaceId, String phoneKey) {
        return jdbc.sql(SELECT + " where l.workspace_id = ? and l.phone_key = ? order by l.id limit 1 for update")
                .params(workspaceId, phoneKey)
                .query(this::lead)
                .optional();
    }

    /** The lead already holding this email or full name, for naming it in a 409. */
    Optional<Lead> findConflicting(String workspaceId, long exceptId, String emailKey, String nameKey) {
        return jdbc.sql(SELECT
                        + " where l.workspace_id = ? and l.id <> ? and (l.email_key = ? or l.name_key = ?)"
                        + " order by l.id limit 1")
                .params(workspaceId, exceptId, emailKey, nameKey)
                .query(this::lead)
                .optional();
    }

    /** A lead holding an email key or a name key, for {@link #holdersOf}. */
    record Holder(long id, String publicId, String emailKey, String nameKey) {}

    /**
     * The workspace's leads holding any of {@code emailKeys} or {@code nameKeys}: two look-ups along
     * the unique indexes, for checking many new leads at once (an import) rather than one query each.
     */
    List<Holder> holdersOf(
            String workspaceId, java.util.Collection<String> emailKeys, java.util.Collection<String> nameKeys) {
        List<Holder> out = new ArrayList<>();
        for (String column : List.of("email_key", "name_key")) {
            java.util.Collection<String> keys = column.equals("email_key") ? emailKeys : nameKeys;
            if (keys.isEmpty()) {
                continue;
            }
            out.addAll(jdbc.sql("select id, public_id, email_key, name_key from leads where workspace_id = :ws and "
                            + column + " in (:keys)")
                    .param("ws", workspaceId)
                    .param("keys", keys)
                    .query((rs, row) -> new Holder(
                            rs.getLong("id"),
                            rs.getString("public_id"),
                            rs.getString("email_key"),
                            rs.getString("name_key")))
                    .list());
        }
        return out;
    }

    boolean delete(String workspaceId, long id) {
        return jdbc.sql("delete from leads where workspace_id = ? and id = ?")
                        .params(workspaceId, id)
                        .update()
                > 0;
    }

    List<Lead> list(LeadFilter filter, int limit) {
        return list(filter, limit, false);
    }

    /** A page in keyset order: newest first (or oldest first), ties broken by id the same way. */
    List<Lead> list(LeadFilter filter, int limit, boolean oldestFirst) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" where l.workspace_id = ?");
        params.add(filter.workspaceId());
        if (filter.status() != null) {
            sql.append(" and l.status = ?");
            params.add(filter.status().name());
        }
        if (filter.channel() != null) {
            sql.append(" and l.channel = ?");
            params.add(filter.channel().name());
        }
        if (filter.source() != null) {
            sql.append(" and l.source_key = ?");
            params.add(Lead.sourceKey(filter.source()));
        }
        if (filter.projectId() != null) {
            sql.append(" and l.project_id = ?");
            params.add(filter.projectId());
        }
        if (LeadFilter.NOBODY.equals(filter.assignedTo())) {
            sql.append(" and l.assigned_to is null");
        } else if (filter.assignedTo() != null) {
            sql.append(" and l.assigned_to = ?");
            params.add(filter.assignedTo());
        }
        if (filter.tag() != null) {
            sql.append(" and exists (select 1 from lead_tags lt join tags t on t.id = lt.tag_id"
                    + " where lt.lead_id = l.id and t.workspace_id = l.workspace_id and (t.id = ? or t.name_key = ?))");
            params.add(filter.tag());
            params.add(Lead.tagKey(filter.tag()));
        }
        if (filter.createdAfter() != null) {
            sql.append(" and l.created_at >= ?");
            params.add(filter.createdAfter());
        }
        if (filter.createdBefore() != null) {
            sql.append(" and l.created_at < ?");
            params.add(filter.createdBefore());
        }
        if (filter.q() != null) {
            String text = "%" + like(Lead.normalise(filter.q())) + "%";
            // Digits match phone digits only when the query is a phone number ("555 123", "+1 (555)…"):
            // the digits of an email, a street or a zip code would match every phone that has them.
            // The digits as typed, and — for what reads as an international number ("+…", or "00…" of
            // eight digits or more) — as a stored key has them ("00" or "(0)" dropped): "0044 7700 900123"
            // finds "+44 7700 900123", while a fragment "0012" only finds "… 0012 …".
            boolean phone = PHONE_QUERY.matcher(filter.q()).matches();
            String typed = phone ? filter.q().replaceAll("[^0-9]", "") : "";
            boolean international = filter.q().strip().startsWith("+") || typed.length() >= 8;
            // The digits as typed and, for an international number, as keys have them: the query's
            // own key, and — for eight digits or more without "+" — the key of those digits read as
            // international ("5215512345678" finds the +52 1 … WhatsApp number keyed 525512345678).
            Set<String> digits = new LinkedHashSet<>();
            if (!typed.isEmpty()) {
                digits.add(typed);
                if (international) {
                    digits.add(Lead.phoneKey(filter.q()));
                    digits.add(typed.length() >= 8 ? Lead.phoneKey("+" + typed) : typed);
                }
            }
            digits.remove(null);
            sql.append(" and (l.search_text like ? escape '\\'");
            params.add(text);
            for (String d : digits) {
                sql.append(" or l.phone_key like ?");
                params.add("%" + d + "%");
            }
            sql.append(")");
        }
        if (filter.cursor() != null) {
            // The bare bound on created_at lets the index seek to the cursor; written as a single OR,
            // PostgreSQL reads and filters every lead before it (170 ms half-way down 1 M leads).
            sql.append(
                    oldestFirst
                            ? " and l.created_at >= ? and (l.created_at > ? or l.id > ?)"
                            : " and l.created_at <= ? and (l.created_at < ? or l.id < ?)");
            params.add(filter.cursor().createdAt());
            params.add(filter.cursor().createdAt());
            params.add(filter.cursor().id());
        }
        sql.append(
                oldestFirst
                        ? " order by l.created_at asc, l.id asc limit ?"
                        : " order by l.created_at desc, l.id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::lead).list();
    }

    long countCreatedForProject(String workspaceId, String projectId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("select count(*) from leads where workspace_id = ? and project_id = ?"
                        + " and created_at >= ? and created_at < ?")
                .params(workspaceId, projectId, from, to)
                .query(Long.class)
                .single();
    }

    List<DailyCount> dailyCounts(String workspaceId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("""
                        select cast(created_at at time zone 'UTC' as date) as created_day, channel, count(*) as n
                          from leads where workspace_id = ? and created_at >= ? and created_at < ?
                         group by cast(created_at at time zone 'UTC' as date), channel
                         order by created_day, channel
                        """)
                .params(workspaceId, from, to)
                .query((rs, row) -> new DailyCount(
                        rs.getObject("created_day", java.time.LocalDate.class),
                        Channel.valueOf(rs.getString("channel")),
                        rs.getLong("n")))
                .list();
    }

    /**
     * Whether {@code userId} is a person of the workspace (and may be assigned its leads), their row
     * locked until the commit so that their removal waits: PostgreSQL's key-share lock (what its
     * foreign-key check takes; assignments to one person do not wait for each other), H2's only one.
     */
    boolean lockMember(String workspaceId, String userId) {
        return !jdbc.sql("select id from users where id = ? and workspace_id = ? for "
                        + (postgres ? "key share" : "update"))
                .params(userId, workspaceId)
                .query(String.class)
                .list()
                .isEmpty();
    }

    /**
     * Assigns up to {@code batch} of the workspace's leads assigned to {@code userId} to nobody, in
     * the caller's transaction (or its own); how many it changed.
     */
    int unassignSome(String workspaceId, String userId, int batch) {
        return jdbc.sql("update leads set assigned_to = null where id in (select id from leads"
                        + " where workspace_id = ? and assigned_to = ? limit " + batch + ")")
                .params(workspaceId, userId)
                .update();
    }

    /** Assigns the lead to {@code userId}, or to nobody when null. */
    void assign(String workspaceId, long id, String userId) {
        jdbc.sql("update leads set assigned_to = ? where id = ? and workspace_id = ?")
                .params(userId, id, workspaceId)
                .update();
    }

    /**
     * The workspace's current people among {@code userIds}. A lead's creator is not a foreign key
     * (V58): a creator who has left is simply not found, and reads as nobody.
     */
    Map<String, LeadView.Person> people(String workspaceId, Collection<String> userIds) {
        Map<String, LeadView.Person> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select id, name, email from users where workspace_id = :ws and id in (:ids)")
                .param("ws", workspaceId)
                .param("ids", userIds)
                .query((rs, row) ->
                        new LeadView.Person(rs.getString("id"), rs.getString("name"), rs.getString("email")))
                .list()
                .forEach(p -> out.put(p.id(), p));
        return out;
    }

    Map<Long, List<LeadView.TagRef>> tags(Collection<Long> leadIds) {
        Map<Long, List<LeadView.TagRef>> out = new LinkedHashMap<>();
        if (leadIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select lt.lead_id, t.id, t.name from lead_tags lt join tags t on t.id = lt.tag_id"
                        + " where lt.lead_id in (:ids) order by t.name")
                .param("ids", leadIds)
                .query((rs, row) -> {
                    out.computeIfAbsent(rs.getLong("lead_id"), k -> new ArrayList<>())
                            .add(new LeadView.TagRef(rs.getString("id"), rs.getString("name")));
                    return null;
                })
                .list();
        return out;
    }

    void addTag(long leadId, String tagId) {
        jdbc.sql("insert into lead_tags (lead_id, tag_id) values (?, ?)")
                .params(leadId, tagId)
                .update();
    }

    /** Adds the links (lead id → tag id) in one statement; a lead may appear with several tags. */
    void addTags(List<Map.Entry<Long, String>> links) {
        if (links.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("insert into lead_tags (lead_id, tag_id) values ");
        links.forEach(link -> {
            sql.append(params.isEmpty() ? "(?, ?)" : ", (?, ?)");
            params.add(link.getKey());
            params.add(link.getValue());
        });
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** Links the tag unless it already is; true when a link was added. */
    boolean addTagIfAbsent(long leadId, String tagId) {
        return jdbc.sql("insert into lead_tags (lead_id, tag_id) select ?, ? where not exists"
                                + " (select 1 from lead_tags where lead_id = ? and tag_id = ?)")
                        .params(leadId, tagId, leadId, tagId)
                        .update()
                > 0;
    }

    boolean removeTag(long leadId, String tagId) {
        return jdbc.sql("delete from lead_tags where lead_id = ? and tag_id = ?")
                        .params(leadId, tagId)
                        .update()
                > 0;
    }

    void clearTags(long leadId) {
        jdbc.sql("delete from lead_tags where lead_id = ?").param(leadId).update();
    }

    void addEvent(
            long leadId, String workspaceId, String kind, String actor, Map<String, Object> detail, OffsetDateTime at) {
        jdbc.sql("insert into lead_events (lead_id, workspace_id, kind, actor, detail, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(leadId, workspaceId, kind, actor, write(detail), at)
                .update();
    }

    /** One timeline entry, for {@link #addEvents}. */
    record NewEvent(long leadId, String kind, String actor, Map<String, Object> detail) {}

    /** Adds timeline entries of one workspace in one statement, in list order. */
    void addEvents(String workspaceId, List<NewEvent> events, OffsetDateTime at) {
        if (events.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(events.size() * 6);
        StringBuilder sql = new StringBuilder(
                "insert into lead_events (lead_id, workspace_id, kind, actor, detail, created_at) values ");
        for (NewEvent e : events) {
            sql.append(params.isEmpty() ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
            params.addAll(java.util.Arrays.asList(e.leadId(), workspaceId, e.kind(), e.actor(), write(e.detail()), at));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /**
     * The lead's latest {@value #TIMELINE} timeline entries, oldest first: every submission that joins
     * a lead adds one (anyone with a page's publishable key can send them), so a lead's answer is
     * bounded by its latest history, not by how often it was submitted.
     */
    List<LeadView.TimelineEntry> timeline(long leadId) {
        List<LeadView.TimelineEntry> newestFirst = jdbc.sql(
                        "select e.kind, e.created_at, e.detail, u.id as user_id, u.name as user_name,"
                                + " u.email as user_email from lead_events e left join users u on u.id = e.actor"
                                + " where e.lead_id = ? order by e.id desc limit " + TIMELINE)
                .param(leadId)
                .query((rs, row) -> new LeadView.TimelineEntry(
                        rs.getString("kind"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("user_id") == null
                                ? null
                                : new LeadView.Person(
                                        rs.getString("user_id"), rs.getString("user_name"), rs.getString("user_email")),
                        read(rs.getString("detail"), OBJECT)))
                .list();
        return newestFirst.reversed();
    }

    static final int TIMELINE = 100;

    private static final String SELECT = """
            select l.id, l.public_id, l.workspace_id, l.project_id, l.channel, l.status, l.first_name, l.last_name,
                   l.name, l.email, l.phone, l.company, l.website, l.source, l.address, l.city, l.state, l.zipcode,
                   l.attributes, l.utm, l.page_trail, l.source_url, l.referrer, l.created_by, l.assigned_to,
                   l.created_at, l.updated_at
              from leads l""";

    private Lead lead(ResultSet rs, int row) throws SQLException {
        return new Lead(
                rs.getLong("id"),
                rs.getString("public_id"),
                rs.getString("workspace_id"),
                rs.getString("project_id"),
                Channel.valueOf(rs.getString("channel")),
                LeadStatus.valueOf(rs.getString("status")),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("company"),
                rs.getString("website"),
                rs.getString("source"),
                rs.getString("address"),
                rs.getString("city"),
                rs.getString("state"),
                rs.getString("zipcode"),
                read(rs.getString("attributes"), OBJECT),
                read(rs.getString("utm"), STRINGS),
                read(rs.getString("page_trail"), LIST),
                rs.getString("source_url"),
                rs.getString("referrer"),
                rs.getString("created_by"),
                rs.getString("assigned_to"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private String write(Object value) {
        if (value == null
                || (value instanceof Map<?, ?> m && m.isEmpty())
                || (value instanceof List<?> list && list.isEmpty())) {
            return null;
        }
        return json.writeValueAsString(value);
    }

    private <T> T read(String text, TypeReference<T> type) {
        return text == null ? null : json.readValue(text, type);
    }

    private static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
