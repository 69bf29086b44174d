-- Fast data loading for the large-table benchmark: one INSERT … SELECT over generate_series, no
-- round trips per row. Leads numbered :from..:to go into workspace :ws, created by user :user,
-- newest = highest number, spread 10 ms apart; statuses, sources and channels mixed so filtered
-- pages have something to filter. Usage: psql -v ws=… -v user=… -v from=1 -v to=1000000 -f load-leads.sql
\set ON_ERROR_STOP on
set synchronous_commit = off;
insert into leads (public_id, workspace_id, channel, status, first_name, last_name, email, phone, company,
    source, city, created_by, email_key, name_key, phone_key, source_key, search_text, created_at, updated_at)
select 'ld_L' || substr(md5(:'ws'), 1, 8) || '_' || g,
       :'ws',
       case when g % 4 = 0 then 'WEB' else 'API' end,
       (array['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'WON', 'LOST'])[1 + g % 6],
       'Load',
       'L' || g,
       'load-' || g || '@bench.example.com',
       '+1 555 ' || lpad((g % 10000)::text, 4, '0'),
       'Acme ' || (g % 1000),
       (array['website', 'referral', 'cold_call', 'ads', 'event'])[1 + (g / 7) % 5],
       'Berlin',
       :'user',
       'load-' || g || '@bench.example.com',
       case when g % 4 = 0 then null else 'load l' || g end,
       '1555' || lpad((g % 10000)::text, 4, '0'),
       (array['website', 'referral', 'cold_call', 'ads', 'event'])[1 + (g / 7) % 5],
       'load l' || g || ' load-' || g || '@bench.example.com acme ' || (g % 1000),
       now() - make_interval(secs => (:to - g) * 0.01),
       now() - make_interval(secs => (:to - g) * 0.01)
  from generate_series(:from, :to) g;
analyze leads;
