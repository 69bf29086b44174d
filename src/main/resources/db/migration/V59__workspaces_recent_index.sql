-- The instance admin's list of workspaces pages newest first by (created_at, id): an open instance,
-- where anyone may sign up, can hold very many.
create index workspaces_recent_idx on workspaces (created_at, id);
