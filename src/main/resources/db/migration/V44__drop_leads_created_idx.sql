-- leads (created_at) served the instance admin's "leads this month per workspace", which now reads
-- the usage counter (workspace_usage); every lead query is workspace-scoped and ordered by
-- leads_recent_idx. One index less to write for every new lead.
drop index if exists leads_created_idx;
