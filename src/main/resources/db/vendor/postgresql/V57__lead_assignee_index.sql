-- Leads by assignee, newest first (keyset like the other list indexes, ascending: V46). Partial: a
-- new lead is unassigned, so the ingest path writes no entry here; "unassigned" pages read the
-- workspace's recent-leads index and skip the assigned ones.
create index leads_assignee_idx on leads (workspace_id, assigned_to, created_at, id) where assigned_to is not null;
