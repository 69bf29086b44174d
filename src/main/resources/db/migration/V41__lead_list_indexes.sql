-- GET /api/v1/leads filters by one column and pages newest first in keyset order: an index per
-- filter with that order lets a page read only its own rows, however many leads the workspace holds
-- (status already has one, leads_status_idx). The project index also serves the project's monthly count.
create index leads_source_idx on leads (workspace_id, source, created_at desc, id desc);
create index leads_channel_idx on leads (workspace_id, channel, created_at desc, id desc);
create index leads_project_idx on leads (workspace_id, project_id, created_at desc, id desc);
