-- The source filter matches a lead's source whatever its case ("Website", "website "): leads keep the
-- source as it was sent and are found by source_key, the source trimmed and in lower case
-- (Lead.sourceKey). The list index by source moves to the key.
alter table leads add column source_key varchar(255);
update leads set source_key = lower(trim(source)) where source is not null;
drop index leads_source_idx;
create index leads_source_idx on leads (workspace_id, source_key, created_at, id);
