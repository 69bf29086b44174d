package io.leadline.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for workspaces, users and projects. */
@Repository
class WorkspaceRepository {

    private final JdbcClient jdbc;

    WorkspaceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        jdbc.sql("update projects set allowed_domains = ?, whatsapp_app_secret = ? where id = ?")
                .params(p.allowedDomains().stored(), p.whatsappAppSecret(), p.id())
                .update();
    }

    Optional<Project> findProject(String id) {
        return jdbc.sql(PROJECT_SELECT + " where id = ?")
                .param(id)
                .query(WorkspaceRepository::project)
                .optional();
    }

    Optional<Project> findProjectByKey(String apiKey) {
        return jdbc.sql(PROJECT_SELECT + " where api_key = ?")
                .param(apiKey)
                .query(WorkspaceRepository::project)
                .optional();
    }

    private static final String PROJECT_SELECT = """
            select id, workspace_id, name, api_key, allowed_domains, whatsapp_verify_token,
                   whatsapp_app_secret, created_at
              from projects""";

    private static Workspace workspace(ResultSet rs, int row) throws SQLException {
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
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
