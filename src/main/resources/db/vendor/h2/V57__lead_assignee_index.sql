-- Leads by assignee, newest first (H2 has no partial indexes: the PostgreSQL index without its where).
create index leads_assignee_idx on leads (workspace_id, assigned_to, created_at, id);
