-- New trigram entries first go to each GIN index's pending list; the insert that finds the list
-- past gin_pending_list_limit (4 MB by default) moves all of it into the index itself, in its own
-- statement. On a busy workspace that was one batch insert a second taking 25–86 ms instead of
-- 5 (8,000–9,000 buffer reads instead of ~1,500; docs/performance.md), and every request waiting
-- for that batch waited with it. At 256 kB each move is sixteen times smaller; the total work and
-- the create rate stay the same, and a ?q= search has less unsorted list to read. Autovacuum also
-- empties the lists, where it runs.
do $$
begin
    if to_regclass('leads_search_trgm_idx') is not null then
        alter index leads_search_trgm_idx set (gin_pending_list_limit = 256);
    end if;
    if to_regclass('leads_phone_trgm_idx') is not null then
        alter index leads_phone_trgm_idx set (gin_pending_list_limit = 256);
    end if;
end $$;
