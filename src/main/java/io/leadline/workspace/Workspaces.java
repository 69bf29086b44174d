package io.leadline.workspace;

import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import io.leadline.platform.Invalidations;
import io.leadline.platform.LookupCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The tenancy API other modules use: workspaces, their users and their projects. */
@Service
public class Workspaces {

    /** {@link Invalidations} topics for changes of these tables. */
    static final String USERS = "users";

    static final String PROJECTS = "projects";

    private final WorkspaceRepository repository;
    private final TransactionTemplate tx;
    private final Invalidations invalidations;
    private final ApplicationEventPublisher events;
    /** Projects by publishable key, for capture and the WhatsApp webhook. */
    private final LookupCache<String, Project> projectsByKey;

    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    /** Compared against when an email is unknown, so a sign-in takes as long either way. */
    private final String unknownUserHash = passwords.encode(Ids.random(32));

    Workspaces(
            WorkspaceRepository repository,
            TransactionTemplate tx,
            Invalidations invalidations,
            MeterRegistry meters,
            ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.tx = tx;
        this.invalidations = invalidations;
        this.projectsByKey = new LookupCache<>("project-keys", meters);
        invalidations.on(PROJECTS, projectsByKey::invalidateAll);
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
        repository.claimInstanceAdmin(user.id(), now());
        return user;
    }

    /**
     * Self-service sign-up: a new workspace with this person as its owner, both or neither. The first
     * user of a fresh instance also becomes its instance admin.
     */
    public User signUp(String workspaceName, String email, String name, String password) {
        return tx.execute(status -> {
            Workspace workspace = create(workspaceName, null);
            return addUser(workspace.id(), email, name, password, Role.OWNER);
        });
    }

    /** The user behind an email and password; empty when either is wrong. */
    public Optional<User> authenticate(String email, String password) {
        if (email == null || password == null) {
            return Optional.empty();
        }
        Optional<WorkspaceRepository.Credentials> found =
                repository.findCredentials(email.trim().toLowerCase(Locale.ROOT));
        boolean matches = passwords.matches(
                password,
                found.map(WorkspaceRepository.Credentials::passwordHash).orElse(unknownUserHash));
        return matches ? found.flatMap(c -> repository.findUser(c.userId())) : Optional.empty();
    }

    public Optional<Account> findAccount(String userId) {
        return repository.findAccount(userId);
    }

    /**
     * Replaces the password when {@code current} is right; false otherwise. Clears a one-time
     * password — so the new one must differ: keeping a one-time password (which its issuer knows)
     * is a 400 on {@code next}.
     */
    public boolean changePassword(String userId, String current, String next) {
        String hash = repository.findPasswordHash(userId).orElseThrow(() -> ApiException.notFound("User"));
        if (!passwords.matches(current, hash)) {
            return false;
        }
        if (next.equals(current)) {
            throw ApiException.validation("next", "must differ from the current password");
        }
        repository.updatePassword(userId, passwords.encode(next), false);
        return true;
    }

    /**
     * Takes the workspace's turn in the caller's transaction, until it ends: the captures of one
     * workspace (web and WhatsApp, batches and single ones) decide one after another on every
     * instance, so their matching by email and phone digits is exact; creations bounded by a {@link
     * WorkspaceLimit} count under it too. Not the usage row: a capture counts its new leads on that row
     * last, as a private-API create does, so neither holds it while waiting for the other's new lead
     * rows (which deadlocked them, a second each, when captures took the usage row as their turn).
     */
    public void takeTurn(String workspaceId) {
        repository.takeTurn(workspaceId);
    }

    /**
     * Creates one more of the things {@code limit} bounds, exactly under concurrency and across
     * instances: in one transaction holding the workspace's turn (its row, as captures take it), the
     * workspace's current number ({@code count}) is checked against the limit before {@code create}
     * runs; 409 LIMIT_REACHED when it is reached.
     */
    public <T> T createWithin(
            String workspaceId, WorkspaceLimit limit, java.util.function.IntSupplier count, Supplier<T> create) {
        return tx.execute(status -> {
            repository.takeTurn(workspaceId);
            if (count.getAsInt() >= limit.max()) {
                throw limit.reached();
            }
            return create.get();
        });
    }

    /** One page of the instance's workspaces, newest first, and where the next one starts (null: none). */
    public record WorkspacePage(List<Workspace> workspaces, String next) {}

    /**
     * A page of up to {@code limit} workspaces after {@code cursor} (a previous page's {@code next}, or
     * null for the first page; anything else is a 400 naming it), for the instance admin. {@code
     * search} matches a name anywhere, a workspace id, or one of its people's email (any case).
     */
    public WorkspacePage page(String search, String cursor, int limit) {
        String q = search == null || search.isBlank() ? null : search.trim();
        OffsetDateTime afterCreated = null;
        String afterId = null;
        if (cursor != null) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split(" ", 2);
                afterCreated = OffsetDateTime.parse(parts[0]);
                afterId = parts[1];
            } catch (RuntimeException e) {
                throw ApiException.validation("cursor", "is not a cursor this API returned");
            }
        }
        List<Workspace> rows = repository.findPage(q, afterCreated, afterId, limit + 1);
        if (rows.size() <= limit) {
            return new WorkspacePage(rows, null);
        }
        Workspace last = rows.get(limit - 1);
        String next = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.createdAt() + " " + last.id()).getBytes(StandardCharsets.UTF_8));
        return new WorkspacePage(rows.subList(0, limit), next);
    }

    public List<User> members(String workspaceId) {
        return repository.findUsers(workspaceId);
    }

    /**
     * Adds a member with a generated one-time password they must replace at the first sign-in. Only
     * owners and admins add members, and only an owner adds another owner.
     */
    public Invitation invite(String workspaceId, String actorUserId, String email, String name, Role role) {
        User actor = member(workspaceId, actorUserId);
        requireManager(actor);
        if (role == Role.OWNER && actor.role() != Role.OWNER) {
            throw forbidden("Only an owner can add another owner.");
        }
        String oneTimePassword = Ids.random(16);
        User user = addUser(workspaceId, email, name, oneTimePassword, role);
        repository.updatePassword(user.id(), passwords.encode(oneTimePassword), true);
        return new Invitation(user, oneTimePassword);
    }

    /**
     * Makes a user instance admin (the dashboard's operator pages) or no longer one. Only the admin
     * token reaches this, so a flag taken by mistake can always be given again.
     */
    public Account setInstanceAdmin(String userId, boolean instanceAdmin) {
        if (!repository.setInstanceAdmin(userId, instanceAdmin)) {
            throw ApiException.notFound("User");
        }
        return repository.findAccount(userId).orElseThrow();
    }

    /** Changes the name a person goes by (shown to their team and as the creator of their leads). */
    public User rename(String userId, String name) {
        if (name == null || name.isBlank() || name.strip().length() > 255) {
            throw ApiException.validation("name", "must be 1 to 255 characters");
        }
        repository.updateName(userId, name.strip());
        invalidations.publish(USERS); // secret keys' callers carry their creator's name
        return repository.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
    }

    /**
     * Gives a member who forgot their password a new one-time password (which they must replace at
     * their next sign-in) and signs them out everywhere. Same rules as {@link #changeRole}: owners
     * and admins manage members, only an owner resets an owner, and nobody resets themselves here
     * (they change their password on the account page).
     */
    public Invitation resetPassword(String workspaceId, String actorUserId, String userId) {
        User actor = member(workspaceId, actorUserId);
        User target = member(workspaceId, userId);
        requireManager(actor);
        if (actor.id().equals(target.id())) {
            throw new ApiException(HttpStatus.CONFLICT, "SELF_RESET", "Change your own password on the account page.");
        }
        if (target.role() == Role.OWNER && actor.role() != Role.OWNER) {
            throw forbidden("Only an owner can reset an owner's password.");
        }
        if (repository.findAccount(userId).map(Account::instanceAdmin).orElse(false)) {
            // A password reset hands the account to whoever reset it: not the one that runs the instance.
            throw forbidden(target.name() + " runs this Leadline instance; only they can change their password.");
        }
        String oneTimePassword = Ids.random(16);
        repository.updatePassword(target.id(), passwords.encode(oneTimePassword), true);
        return new Invitation(target, oneTimePassword);
    }

    /**
     * Changes a member's role. Owners and admins manage members; only an owner grants or takes the
     * owner role; the last owner stays an owner.
     */
    public User changeRole(String workspaceId, String actorUserId, String userId, Role role) {
        // Team changes of one workspace take turns (the workspace row is locked), and the rules are
        // checked inside that turn: two owners demoting each other at once cannot leave none.
        return tx.execute(status -> {
            repository.lockWorkspace(workspaceId);
            User actor = member(workspaceId, actorUserId);
            User target = member(workspaceId, userId);
            requireManager(actor);
            if ((role == Role.OWNER || target.role() == Role.OWNER) && actor.role() != Role.OWNER) {
                throw forbidden("Only an owner can change who is an owner.");
            }
            repository.updateRole(workspaceId, userId, role);
            if (repository.countOwners(workspaceId) == 0) {
                throw new ApiException(HttpStatus.CONFLICT, "LAST_OWNER", "A workspace needs at least one owner.");
            }
            if (role != target.role()) {
                // In this transaction: a member's secret keys stop working with the demotion itself.
                events.publishEvent(new RoleChanged(workspaceId, userId, target.role(), role));
            }
            return repository.findUser(userId).orElseThrow();
        });
    }

    /** Removes a member and, with them, their secret keys. Same rules as {@link #changeRole}; nobody removes themselves. */
    public void removeMember(String workspaceId, String actorUserId, String userId) {
        // Checked first without removing anyone (a refusal lets nothing go), then what points at the
        // person is let go in steps of its own (MemberLeaving), then the removal, checked again.
        tx.executeWithoutResult(status -> {
            checkRemoval(workspaceId, actorUserId, userId);
            if (member(workspaceId, userId).role() == Role.OWNER && repository.countOwners(workspaceId) <= 1) {
                throw new ApiException(HttpStatus.CONFLICT, "LAST_OWNER", "A workspace needs at least one owner.");
            }
        });
        events.publishEvent(new MemberLeaving(workspaceId, userId));
        tx.executeWithoutResult(status -> {
            checkRemoval(workspaceId, actorUserId, userId);
            repository.deleteUser(workspaceId, userId);
            if (repository.countOwners(workspaceId) == 0) {
                throw new ApiException(HttpStatus.CONFLICT, "LAST_OWNER", "A workspace needs at least one owner.");
            }
            invalidations.publish(USERS);
        });
    }

    /** Who may remove whom, checked under the workspace's lock; refusals as {@link ApiException}s. */
    private void checkRemoval(String workspaceId, String actorUserId, String userId) {
        repository.lockWorkspace(workspaceId);
        {
            User actor = member(workspaceId, actorUserId);
            User target = member(workspaceId, userId);
            requireManager(actor);
            if (actor.id().equals(target.id())) {
                throw new ApiException(HttpStatus.CONFLICT, "SELF_REMOVAL", "You cannot remove yourself.");
            }
            if (target.role() == Role.OWNER && actor.role() != Role.OWNER) {
                throw forbidden("Only an owner can remove an owner.");
            }
            if (repository.findAccount(userId).map(Account::instanceAdmin).orElse(false)) {
                // Nothing else can make someone instance admin again: the account must stay.
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "INSTANCE_ADMIN",
                        target.name() + " runs this Leadline instance (instance admin) and cannot be removed"
                                + " (an operator can hand that role on with the admin API first).");
            }
        }
    }

    /** The workspace's projects, deleted ones left out. */
    public List<Project> projects(String workspaceId) {
        return repository.findProjects(workspaceId);
    }

    /**
     * A project of this workspace that is not deleted; empty for another workspace's project, as if
     * it did not exist.
     */
    public Optional<Project> findProject(String workspaceId, String projectId) {
        return findProjectOfLead(workspaceId, projectId).filter(p -> !p.deleted());
    }

    /** A project a lead of this workspace names, deleted or not (a lead keeps where it came from). */
    public Optional<Project> findProjectOfLead(String workspaceId, String projectId) {
        return repository.findProject(projectId).filter(p -> p.workspaceId().equals(workspaceId));
    }

    /** Project id → name for the workspace's leads, deleted projects included. */
    public Map<String, String> projectNames(String workspaceId) {
        return repository.projectNames(workspaceId);
    }

    /**
     * Deletes a project of this workspace (null: of any workspace, for the operator): its key stops
     * working at once, here and on the other instances, and it leaves every list. Its leads,
     * submissions and WhatsApp messages stay and keep naming it; webhook endpoints that send only
     * its leads are disabled in the same transaction ({@link ProjectDeleted}). 404 for a project
     * that does not exist, is another workspace's or is deleted already.
     */
    public Project deleteProject(String workspaceId, String projectId) {
        Project deleted = tx.execute(status -> {
            Project project = repository
                    .findProject(projectId)
                    .filter(p -> workspaceId == null || p.workspaceId().equals(workspaceId))
                    .orElseThrow(() -> ApiException.notFound("Project"));
            if (!repository.markProjectDeleted(project.id(), now())) {
                throw ApiException.notFound("Project");
            }
            events.publishEvent(new ProjectDeleted(project.workspaceId(), project.id(), project.name()));
            return project;
        });
        invalidations.publish(PROJECTS);
        return deleted;
    }

    /** Gives the project a new publishable key; the old one stops working at once. */
    public Project rotateProjectKey(String workspaceId, String projectId) {
        Project project = findProject(workspaceId, projectId).orElseThrow(() -> ApiException.notFound("Project"));
        repository.updateProjectKey(project.id(), Project.KEY_PREFIX + Ids.random(32));
        invalidations.publish(PROJECTS);
        return repository.findProject(project.id()).orElseThrow();
    }

    public Optional<User> findUser(String id) {
        return repository.findUser(id);
    }

    /** A person of this workspace by id; empty for anyone else, as if they did not exist. */
    public Optional<User> findMember(String workspaceId, String userId) {
        return repository.findUser(userId).filter(u -> u.workspaceId().equals(workspaceId));
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
                now(),
                null);
        return createWithin(workspaceId, WorkspaceLimit.PROJECTS, () -> repository.countProjects(workspaceId), () -> {
            repository.insertProject(project);
            return project;
        });
    }

    /** Changes the allowlist and/or the WhatsApp app secret; null arguments leave a setting as it is. */
    public Project updateProject(String projectId, AllowedDomains domains, Optional<String> appSecret) {
        return updateProject(projectId, null, domains, appSecret);
    }

    /**
     * Changes the name, the allowlist and/or the WhatsApp app secret; null arguments leave a setting
     * as it is. A name is trimmed and may not be blank (400 on {@code name}).
     */
    public Project updateProject(String projectId, String name, AllowedDomains domains, Optional<String> appSecret) {
        Project current = repository
                .findProject(projectId)
                .filter(p -> !p.deleted())
                .orElseThrow(() -> ApiException.notFound("Project"));
        if (name != null && (name.isBlank() || name.strip().length() > 255)) {
            throw ApiException.validation("name", "must be 1 to 255 characters");
        }
        Project changed = new Project(
                current.id(),
                current.workspaceId(),
                name != null ? name.strip() : current.name(),
                current.apiKey(),
                domains != null ? domains : current.allowedDomains(),
                current.whatsappVerifyToken(),
                appSecret != null ? blankToNull(appSecret.orElse(null)) : current.whatsappAppSecret(),
                current.createdAt(),
                null);
        repository.updateProject(changed);
        invalidations.publish(PROJECTS);
        return changed;
    }

    /**
     * The project behind a publishable key. Found projects are cached for up to a second; a key
     * rotation or a settings change clears the cache at once here and, through {@link
     * Invalidations}, on the other instances.
     */
    public Optional<Project> findProjectByKey(String apiKey) {
        return projectsByKey.get(apiKey, repository::findProjectByKey);
    }

    private User member(String workspaceId, String userId) {
        return repository
                .findUser(userId)
                .filter(u -> u.workspaceId().equals(workspaceId))
                .orElseThrow(() -> ApiException.notFound("Member"));
    }

    private static void requireManager(User actor) {
        if (!actor.role().managesWorkspace()) {
            throw forbidden("Only owners and admins manage members.");
        }
    }

    private static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", message);
    }

    private void require(String workspaceId) {
        if (repository.find(workspaceId).isEmpty()) {
            throw ApiException.notFound("Workspace");
        }
    }

    /** Trimmed, null when blank: a secret pasted with a stray space or newline still matches. */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
