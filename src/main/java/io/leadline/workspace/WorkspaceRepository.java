package io.leadline.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for workspaces, users and projects. */
@Repository
class WorkspaceRepository {

    private final JdbcClient jdbc;
    private final boolean postgres;

    WorkspaceRepository(JdbcClient jdbc, io.leadline.platform.Dialect dialect) {
        this.jdbc = jdbc;
        this.postgres = dialect.postgres();
    }

    void insert(Workspace w) {
        jdbc.sql("insert into workspaces (id, name, monthly_lead_limit, created_at) values (?, ?, ?, ?)")
                .params(w.id(), w.name(), w.monthlyLeadLimit(), w.createdAt())
                .update();
    }

    Optional<Workspace> find(String id) {
        return jdbc.sql("select id, name, monthly_lead_limit, created_at from workspaces where id = ?")
                .param(id)
                .query(WorkspaceRepository::workspace)
                .optional();
    }

    /** Locks the workspace row until the transaction ends: team changes of one workspace take turns. */
    void lockWorkspace(String id) {
        jdbc.sql("select id from workspaces where id = ? for update")
                .param(id)
                .query(String.class)
                .optional();
    }

    /**
     * Takes the workspace's turn until the transaction ends: its row, locked so that it does not hold
     * up the foreign-key checks of inserts (PostgreSQL's {@code for no key update}; H2, one instance,
     * has only {@code for update} and takes no lock for those checks).
     */
    void takeTurn(String id) {
        jdbc.sql("select id from workspaces where id = ? for " + (postgres ? "no key update" : "update"))
                .param(id)
                .query(String.class)
                .optional();
    }

    /** The workspace's projects that are not deleted. */
    int countProjects(String workspaceId) {
        return jdbc.sql("select count(*) from projects where workspace_id = ? and deleted_at is null")
                .param(workspaceId)
                .query(Integer.class)
                .single();
    }

    boolean updateLimit(String id, Integer limit) {
        return jdbc.sql("update workspaces set monthly_lead_limit = ? where id = ?")
                        .params(limit, id)
                        .update()
                > 0;
    }

    void insertUser(User u, String emailKey, String passwordHash) {
        jdbc.sql("""
                        insert into users (id, workspace_id, email, email_key, name, password_hash, role, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        u.id(),
                        u.workspaceId(),
                        u.email(),
                        emailKey,
                        u.name(),
                        passwordHash,
                        u.role().name(),
                        u.createdAt())
                .update();
    }

    Optional<User> findUser(String id) {
        return jdbc.sql("select id, workspace_id, email, name, role, created_at from users where id = ?")
                .param(id)
                .query(WorkspaceRepository::user)
                .optional();
    }

    /**
     * Up to {@code limit} workspaces, newest first, after ({@code afterCreated}, {@code afterId}) when
     * given; {@code search} (or null for all) matches a workspace's name anywhere and the email of one
     * of its people in any case, and its id exactly.
     */
    List<Workspace> findPage(String search, OffsetDateTime afterCreated, String afterId, int limit) {
        StringBuilder sql =
                new StringBuilder("select id, name, monthly_lead_limit, created_at from workspaces w where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (search != null) {
            sql.append(" and (lower(w.name) like ? escape '\\' or w.id = ?"
                    + " or w.id in (select u.workspace_id from users u where u.email_key = ?))");
            String lower = search.toLowerCase(java.util.Locale.ROOT);
            params.add("%" + lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.add(search);
            params.add(lower);
        }
        if (afterCreated != null) {
            sql.append(" and (w.created_at < ? or (w.created_at = ? and w.id < ?))");
            params.add(afterCreated);
            params.add(afterCreated);
            params.add(afterId);
        }
        sql.append(" order by w.created_at desc, w.id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(WorkspaceRepository::workspace)
                .list();
    }

    List<User> findUsers(String workspaceId) {
        return jdbc.sql("select id, workspace_id, email, name, role, created_at from users where workspace_id = ?"
                        + " order by created_at, id")
                .param(workspaceId)
                .query(WorkspaceRepository::user)
                .list();
    }

    Optional<Account> findAccount(String userId) {
        return jdbc.sql("select id, workspace_id, email, name, role, created_at, instance_admin, must_change_password,"
                        + " session_epoch from users where id = ?")
                .param(userId)
                .query((rs, row) -> new Account(
                        user(rs, row),
                        rs.getBoolean("instance_admin"),
                        rs.getBoolean("must_change_password"),
                        rs.getInt("session_epoch")))
                .optional();
    }

    /** The user id and password hash behind a sign-in email; the hash never leaves this module. */
    record Credentials(String userId, String passwordHash) {}

    Optional<Credentials> findCredentials(String emailKey) {
        return jdbc.sql("select id, password_hash from users where email_key = ?")
                .param(emailKey)
                .query((rs, row) -> new Credentials(rs.getString("id"), rs.getString("password_hash")))
                .optional();
    }

    Optional<String> findPasswordHash(String userId) {
        return jdbc.sql("select password_hash from users where id = ?")
                .param(userId)
                .query(String.class)
                .optional();
    }

    void updatePassword(String userId, String passwordHash, boolean mustChange) {
        jdbc.sql("update users set password_hash = ?, must_change_password = ?, session_epoch = session_epoch + 1"
                        + " where id = ?")
                .params(passwordHash, mustChange, userId)
                .update();
    }

    void updateName(String userId, String name) {
        jdbc.sql("update users set name = ? where id = ?").params(name, userId).update();
    }

    void updateRole(String workspaceId, String userId, Role role) {
        jdbc.sql("update users set role = ? where workspace_id = ? and id = ?")
                .params(role.name(), workspaceId, userId)
                .update();
    }

    void deleteUser(String workspaceId, String userId) {
        jdbc.sql("delete from users where workspace_id = ? and id = ?")
                .params(workspaceId, userId)
                .update();
    }

    int countOwners(String workspaceId) {
        return jdbc.sql("select count(*) from users where workspace_id = ? and role = 'OWNER'")
                .param(workspaceId)
                .query(Integer.class)
                .single();
    }

    /**
     * Makes the user the instance admin when nobody has claimed that yet. The claim table's single
     * row decides the race between two first sign-ups; the loser simply stays a normal user.
     */
    boolean claimInstanceAdmin(String userId, OffsetDateTime now) {
        try {
            int claimed = jdbc.sql("insert into instance_admin_claim (id, user_id, claimed_at)"
                            + " select 1, ?, ? where not exists (select 1 from instance_admin_claim)")
                    .params(userId, now)
                    .update();
            if (claimed == 0) {
                return false;
            }
        } catch (DuplicateKeyException e) {
            return false;
        }
        jdbc.sql("update users set instance_admin = true where id = ?")
                .param(userId)
                .update();
        return true;
    }

    boolean setInstanceAdmin(String userId, boolean instanceAdmin) {
        return jdbc.sql("update users set instance_admin = ? where id = ?")
                        .params(instanceAdmin, userId)
                        .update()
                > 0;
    }

    /** The workspace's projects that are not deleted. */
    List<Project> findProjects(String workspaceId) {
        return jdbc.sql(PROJECT_SELECT + " where workspace_id = ? and deleted_at is null order by created_at, id")
                .param(workspaceId)
                .query(WorkspaceRepository::project)
                .list();
    }

    void updateProjectKey(String projectId, String apiKey) {
        jdbc.sql("update projects set api_key = ? where id = ? and deleted_at is null")
                .params(apiKey, projectId)
                .update();
    }

    void insertProject(Project p) {
        jdbc.sql("""
                        insert into projects (id, workspace_id, name, api_key, allowed_domains,
                                              whatsapp_verify_token, whatsapp_app_secret, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        p.id(),
                        p.workspaceId(),
                        p.name(),
                        p.apiKey(),
                        p.allowedDomains().stored(),
                        p.whatsappVerifyToken(),
                        p.whatsappAppSecret(),
                        p.createdAt())
                .update();
    }

    void updateProject(Project p) {
        jdbc.sql("update projects set name = ?, allowed_domains = ?, whatsapp_app_secret = ?"
                        + " where id = ? and deleted_at is null")
                .params(p.name(), p.allowedDomains().stored(), p.whatsappAppSecret(), p.id())
                .update();
    }

    /** Marks the project deleted; false when it was already (a second delete changes nothing). */
    boolean markProjectDeleted(String projectId, OffsetDateTime at) {
        return jdbc.sql("update projects set deleted_at = ? where id = ? and deleted_at is null")
                        .params(at, projectId)
                        .update()
                > 0;
    }

    /** Names of all the workspace's projects, deleted ones included: what its leads came from. */
    Map<String, String> projectNames(String workspaceId) {
        Map<String, String> names = new HashMap<>();
        jdbc.sql("select id, name from projects where workspace_id = ?")
                .param(workspaceId)
                .query(rs -> {
                    names.put(rs.getString("id"), rs.getString("name"));
                });
        return names;
    }

    /** By id, deleted or not. */
    Optional<Project> findProject(String id) {
        return jdbc.sql(PROJECT_SELECT + " where id = ?")
                .param(id)
                .query(WorkspaceRepository::project)
                .optional();
    }

    Optional<Project> findProjectByKey(String apiKey) {
        return jdbc.sql(PROJECT_SELECT + " where api_key = ? and deleted_at is null")
                .param(apiKey)
                .query(WorkspaceRepository::project)
                .optional();
    }

    private static final String PROJECT_SELECT = """
            select id, workspace_id, name, api_key, allowed_domains, whatsapp_verify_token,
                   whatsapp_app_secret, created_at, deleted_at
              from projects""";

    private static Workspace workspace(ResultSet rs, int row) throws SQLException {
        // getObject, not getInt + wasNull: wasNull must follow its own column's read.
        return new Workspace(
                rs.getString("id"),
                rs.getString("name"),
                rs.getObject("monthly_lead_limit", Integer.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static User user(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("email"),
                rs.getString("name"),
                Role.valueOf(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    private static Project project(ResultSet rs, int row) throws SQLException {
        return new Project(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("name"),
                rs.getString("api_key"),
                AllowedDomains.fromStored(rs.getString("allowed_domains")),
                rs.getString("whatsapp_verify_token"),
                rs.getString("whatsapp_app_secret"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("deleted_at", OffsetDateTime.class));
    }
}
