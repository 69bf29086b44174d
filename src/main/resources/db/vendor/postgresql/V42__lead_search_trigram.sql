-- PostgreSQL only (db/vendor/h2 holds an empty V42). ?q= matches anywhere inside search_text and
-- phone_key (LIKE '%…%'); trigram indexes find a rare term without reading every lead of the
-- workspace (a term no lead of 1 M holds: 650 ms → 0.2 ms). pg_trgm is a trusted extension, so the
-- database's owner may create it; where it cannot be created the migration still succeeds and
-- searches scan as before (create the extension and these two indexes later to fix that).
do $$
begin
    create extension if not exists pg_trgm;
exception when insufficient_privilege or undefined_file or feature_not_supported then
    raise warning 'pg_trgm cannot be created (%): ?q= searches stay unindexed', sqlerrm;
end $$;

do $$
begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        create index leads_search_trgm_idx on leads using gin (search_text gin_trgm_ops);
        create index leads_phone_trgm_idx on leads using gin (phone_key gin_trgm_ops);
    end if;
end $$;
