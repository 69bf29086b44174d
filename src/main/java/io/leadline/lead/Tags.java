package io.leadline.lead;

import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
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

    Tags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a tag; 409 TAG_EXISTS when the workspace already has one of that name. */
    public Tag create(String workspaceId, String name, String color) {
        Tag tag = new Tag(Ids.prefixed("tag"), workspaceId, name.strip(), color, Leads.now());
        try {
            jdbc.sql("insert into tags (id, workspace_id, name, name_key, color, created_at)"
                            + " values (?, ?, ?, ?, ?, ?)")
                    .params(tag.id(), workspaceId, tag.name(), Lead.normalise(tag.name()), color, tag.createdAt())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "TAG_EXISTS", "A tag with this name already exists.");
        }
        return tag;
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
