-- The list indexes end in (created_at, id): each new lead is the newest of its workspace (and of its
-- status, source, channel and project), so it goes to the far end of its group. Declared
-- descending, that end is the left one: a full leaf page splits in half and the left half, which
-- takes every later lead, fills and splits again, so these indexes stayed half full — 1.8 times the
-- pages of the same index ascending, and twice the page splits for every create. Ascending, the new
-- entry is the rightmost of its group and PostgreSQL splits the page after it, leaving full pages
-- behind. The pages read newest first (order by created_at desc, id desc) scan the same index
-- backwards, as cheaply; docs/performance.md has the measurements.
-- Rebuilding takes a lock on the tables while it runs; on a large installation, run the
-- statements of this file with CREATE INDEX CONCURRENTLY by hand first (the same names), and this
-- migration finds them ascending and leaves them alone.
do $$
declare
    idx record;
begin
    for idx in
        select * from (values
            ('leads_recent_idx', 'leads', 'workspace_id, created_at, id'),
            ('leads_status_idx', 'leads', 'workspace_id, status, created_at, id'),
            ('leads_source_idx', 'leads', 'workspace_id, source, created_at, id'),
            ('leads_channel_idx', 'leads', 'workspace_id, channel, created_at, id'),
            ('leads_project_idx', 'leads', 'workspace_id, project_id, created_at, id'),
            ('submissions_recent_idx', 'submissions', 'workspace_id, received_at, id')
        ) as i (name, tab, cols)
    loop
        if coalesce(pg_get_indexdef(to_regclass(idx.name)), '') not like '%(' || idx.cols || ')' then
            execute format('drop index if exists %I', idx.name);
            execute format('create index %I on %I (%s)', idx.name, idx.tab, idx.cols);
        end if;
    end loop;
end $$;
