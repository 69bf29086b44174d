package io.leadline.whatsapp;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stored WhatsApp messages and their statuses. Every statement is scoped by workspace. */
@Repository
class WhatsAppRepository {

    static final String PROCESSED = "processed";
    static final String HELD = "held_over_limit";

    /** A message as it is stored, before its outcome is known. */
    record Row(
            String workspaceId,
            String projectId,
            InboundMessage message,
            String description,
            String payload,
            String requestId,
            OffsetDateTime receivedAt) {}

    /** A message held over the plan limit, as listed to the workspace and replayed on release. */
    record Held(
            long id,
            String messageId,
            String projectId,
            String from,
            String fromUserId,
            String profileName,
            String type,
            String description,
            String phoneNumberId,
            String payload,
            OffsetDateTime sentAt,
            OffsetDateTime receivedAt) {}

    private final JdbcClient jdbc;

    WhatsAppRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the message unless the workspace has one with the same id: the unique constraint
     * decides, so concurrent deliveries of one message store it once. True when this call stored it.
     */
    boolean insert(Row r, String status, Long leadId) {
        InboundMessage m = r.message();
        return jdbc.sql("""
                        insert into whatsapp_messages (workspace_id, project_id, wa_message_id, status, lead_id,
                            from_wa_id, from_user_id, profile_name, message_type, description, phone_number_id,
                            payload, sent_at, received_at, request_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                        .params(
                                r.workspaceId(),
                                r.projectId(),
                                m.id(),
                                status,
                                leadId,
                                m.from(),
                                m.userId(),
                                m.profileName(),
                                m.type(),
                                r.description(),
                                m.phoneNumberId(),
                                r.payload(),
                                m.sentAt(),
                                r.receivedAt(),
                                r.requestId())
                        .update()
                == 1;
    }

    /** Marks a held message as processed on {@code leadId}; false when it is not (or no longer) held. */
    boolean release(String workspaceId, String messageId, long leadId) {
        return jdbc.sql("""
                        update whatsapp_messages set status = ?, lead_id = ?
                         where workspace_id = ? and wa_message_id = ? and status = ?
                        """)
                        .params(PROCESSED, leadId, workspaceId, messageId, HELD)
                        .update()
                == 1;
    }

    /** The lead (its number) of a sender known by their business-scoped user id. */
    Optional<Long> leadOfUser(String workspaceId, String userId) {
        return jdbc.sql("select lead_id from whatsapp_contacts where workspace_id = ? and user_id = ?")
                .params(workspaceId, userId)
                .query(Long.class)
                .optional();
    }

    /**
     * Records {@code leadId} as the lead of this user id unless the workspace has one for it already
     * (the first stays). True when this call recorded it. A simultaneous first record waits for the
     * other transaction and then records nothing.
     */
    boolean linkUser(String workspaceId, String userId, long leadId, OffsetDateTime now) {
        return jdbc.sql("""
                        insert into whatsapp_contacts (workspace_id, user_id, lead_id, created_at)
                        values (?, ?, ?, ?)
                        on conflict do nothing
                        """).params(workspaceId, userId, leadId, now).update() == 1;
    }

    Optional<Long> findId(String workspaceId, String messageId) {
        return jdbc.sql("select id from whatsapp_messages where workspace_id = ? and wa_message_id = ?")
                .params(workspaceId, messageId)
                .query(Long.class)
                .optional();
    }

    /** Records a status once per message and status; true when this call recorded it. */
    boolean insertStatus(
            String workspaceId, long messageRowId, StatusUpdate s, String errors, OffsetDateTime receivedAt) {
        return jdbc.sql("""
                        insert into whatsapp_message_statuses (message_id, workspace_id, status, recipient_id,
                            occurred_at, errors, received_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                        .params(messageRowId, workspaceId, s.status(), s.recipientId(), s.at(), errors, receivedAt)
                        .update()
                == 1;
    }

    /** The workspace's held messages, oldest first. */
    List<Held> held(String workspaceId, int limit) {
        return jdbc.sql("""
                        select id, wa_message_id, project_id, from_wa_id, from_user_id, profile_name, message_type,
                               description, phone_number_id, payload, sent_at, received_at
                          from whatsapp_messages
                         where workspace_id = ? and status = ?
                         order by received_at, id
                         limit ?
                        """)
                .params(workspaceId, HELD, limit)
                .query((rs, row) -> new Held(
                        rs.getLong("id"),
                        rs.getString("wa_message_id"),
                        rs.getString("project_id"),
                        rs.getString("from_wa_id"),
                        rs.getString("from_user_id"),
                        rs.getString("profile_name"),
                        rs.getString("message_type"),
                        rs.getString("description"),
                        rs.getString("phone_number_id"),
                        rs.getString("payload"),
                        rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getObject("received_at", OffsetDateTime.class)))
                .list();
    }

    int countHeld(String workspaceId) {
        return jdbc.sql("select count(*) from whatsapp_messages where workspace_id = ? and status = ?")
                .params(workspaceId, HELD)
                .query(Integer.class)
                .single();
    }
}
