-- New trigram entries first go to each GIN index's pending list; the insert that finds the list
-- past gin_pending_list_limit (4 MB by default) moves all of it into the index itself, inside its own
-- statement. On a busy workspace that was about one batch insert a second taking 25–86 ms instead of
-- ~5 (7,700–9,100 buffers read instead of 1,100–2,400; docs/performance.md). At 256 kB each move is
-- sixteen times smaller, at the same create rate, and a ?q= search has less unsorted list to read.
-- (What a request waits for at p99 on a saturated machine is mostly elsewhere: see the same page.)
-- Autovacuum also empties the lists, where it runs. Where V42 could not create the indexes and they
-- are created by hand later, create them with (gin_pending_list_limit = 256).
do $$
begin
    if to_regclass('leads_search_trgm_idx') is not null then
        alter index leads_search_trgm_idx set (gin_pending_list_limit = 256);
    end if;
    if to_regclass('leads_phone_trgm_idx') is not null then
        alter index leads_phone_trgm_idx set (gin_pending_list_limit = 256);
    end if;
end $$;
