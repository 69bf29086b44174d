package io.leadline.lead;

import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import io.leadline.workspace.WorkspaceLimit;
import io.leadline.workspace.Workspaces;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Tags of a workspace; their SQL is small enough to live here. */
@Service
public class Tags {

    private final JdbcClient jdbc;
    private final Workspaces workspaces;

    Tags(JdbcClient jdbc, Workspaces workspaces) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
    }

    /**
     * Creates a tag; 409 TAG_EXISTS when the workspace already has one of that name, 409
     * LIMIT_REACHED when it has {@link WorkspaceLimit#TAGS} already.
     */
    public Tag create(String workspaceId, String name, String color) {
        Tag tag = new Tag(Ids.prefixed("tag"), workspaceId, name.strip(), color, Leads.now());
        try {
            return workspaces.createWithin(
                    workspaceId,
                    WorkspaceLimit.TAGS,
                    () -> jdbc.sql("select count(*) from tags where workspace_id = ?")
                            .param(workspaceId)
                            .query(Integer.class)
                            .single(),
                    () -> {
                        jdbc.sql("insert into tags (id, workspace_id, name, name_key, color, created_at)"
                                        + " values (?, ?, ?, ?, ?, ?)")
                                .params(
                                        tag.id(),
                                        workspaceId,
                                        tag.name(),
                                        Lead.tagKey(tag.name()),
                                        color,
                                        tag.createdAt())
                                .update();
                        return tag;
                    });
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "TAG_EXISTS", "A tag with this name already exists.");
        }
    }

    /** Renames and recolours a tag of the workspace; 404 for another workspace's tag, 409 TAG_EXISTS. */
    public Tag update(String workspaceId, String id, String name, String color) {
        try {
            int changed = jdbc.sql(
                            "update tags set name = ?, name_key = ?, color = ? where workspace_id = ? and id = ?")
                    .params(name.strip(), Lead.tagKey(name), color, workspaceId, id)
                    .update();
            if (changed == 0) {
                throw ApiException.notFound("Tag");
            }
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "TAG_EXISTS", "A tag with this name already exists.");
        }
        return find(workspaceId, id).orElseThrow();
    }

    /** Deletes a tag of the workspace; leads lose it. 404 for another workspace's tag. */
    public void delete(String workspaceId, String id) {
        if (jdbc.sql("delete from tags where workspace_id = ? and id = ?")
                        .params(workspaceId, id)
                        .update()
                == 0) {
            throw ApiException.notFound("Tag");
        }
    }

    /** How many leads carry each of the workspace's tags (tags on no lead are absent). */
    public java.util.Map<String, Long> leadCounts(String workspaceId) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select lt.tag_id, count(*) as n from lead_tags lt join tags t on t.id = lt.tag_id"
                        + " where t.workspace_id = ? group by lt.tag_id")
                .param(workspaceId)
                .query(rs -> {
                    counts.put(rs.getString("tag_id"), rs.getLong("n"));
                });
        return counts;
    }

    public List<Tag> list(String workspaceId) {
        return jdbc.sql("select id, workspace_id, name, color, created_at from tags where workspace_id = ?"
                        + " order by name_key")
                .param(workspaceId)
                .query((rs, row) -> new Tag(
                        rs.getString("id"),
                        rs.getString("workspace_id"),
                        rs.getString("name"),
                        rs.getString("color"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }

    /** A tag's name as tags are told apart: case, spacing and invisible characters ignored. */
    public static String nameKey(String name) {
        return Lead.tagKey(name);
    }

    /** The workspace's tags by {@link #nameKey} of their names. */
    public java.util.Map<String, Tag> byName(String workspaceId) {
        java.util.Map<String, Tag> out = new java.util.HashMap<>();
        list(workspaceId).forEach(t -> out.put(nameKey(t.name()), t));
        return out;
    }

    public Optional<Tag> find(String workspaceId, String id) {
        return jdbc.sql("select id, workspace_id, name, color, created_at from tags where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query((rs, row) -> new Tag(
                        rs.getString("id"),
                        rs.getString("workspace_id"),
                        rs.getString("name"),
                        rs.getString("color"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .optional();
    }
}
