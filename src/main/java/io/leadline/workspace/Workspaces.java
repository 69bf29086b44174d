package io.leadline.workspace;

import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The tenancy API other modules use: workspaces, their users and their projects. */
@Service
public class Workspaces {

    private final WorkspaceRepository repository;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    Workspaces(WorkspaceRepository repository) {
        this.repository = repository;
    }

    public Workspace create(String name, Integer monthlyLeadLimit) {
        Workspace workspace = new Workspace(Ids.prefixed("ws"), name.trim(), monthlyLeadLimit, now());
        repository.insert(workspace);
        return workspace;
    }

    public Optional<Workspace> find(String id) {
        return repository.find(id);
    }

    public Workspace setMonthlyLeadLimit(String id, Integer limit) {
        if (!repository.updateLimit(id, limit)) {
            throw ApiException.notFound("Workspace");
        }
        return repository.find(id).orElseThrow(() -> ApiException.notFound("Workspace"));
    }

    /** Adds a user; 409 EMAIL_TAKEN when the email already belongs to someone (on this instance). */
    public User addUser(String workspaceId, String email, String name, String password, Role role) {
        require(workspaceId);
        User user = new User(Ids.prefixed("usr"), workspaceId, email.trim(), name.trim(), role, now());
        try {
            repository.insertUser(user, email.trim().toLowerCase(Locale.ROOT), passwords.encode(password));
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "EMAIL_TAKEN", "A user with this email already exists.");
        }
        return user;
    }

    public Optional<User> findUser(String id) {
        return repository.findUser(id);
    }

    public Project createProject(String workspaceId, String name, AllowedDomains domains, String appSecret) {
        require(workspaceId);
        Project project = new Project(
                Ids.prefixed("prj"),
                workspaceId,
                name.trim(),
                Project.KEY_PREFIX + Ids.random(32),
                domains,
                Ids.random(32),
                blankToNull(appSecret),
                now());
        repository.insertProject(project);
        return project;
    }

    /** Changes the allowlist and/or the WhatsApp app secret; null arguments leave a setting as it is. */
    public Project updateProject(String projectId, AllowedDomains domains, Optional<String> appSecret) {
        Project current = repository.findProject(projectId).orElseThrow(() -> ApiException.notFound("Project"));
        Project changed = new Project(
                current.id(),
                current.workspaceId(),
                current.name(),
                current.apiKey(),
                domains != null ? domains : current.allowedDomains(),
                current.whatsappVerifyToken(),
                appSecret != null ? blankToNull(appSecret.orElse(null)) : current.whatsappAppSecret(),
                current.createdAt());
        repository.updateProject(changed);
        return changed;
    }

    /** The project, only if it belongs to the workspace. */
    public Optional<Project> findProject(String workspaceId, String projectId) {
        return repository.findProject(projectId).filter(p -> p.workspaceId().equals(workspaceId));
    }

    public Optional<Project> findProjectByKey(String apiKey) {
        return repository.findProjectByKey(apiKey);
    }

    private void require(String workspaceId) {
        if (repository.find(workspaceId).isEmpty()) {
            throw ApiException.notFound("Workspace");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
