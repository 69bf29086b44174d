-- pgbench: the rows of raw-insert.sql, 50 to a statement (one transaction) into bench_raw: what
-- PostgreSQL alone allows batched writes into a table of leads' shape, with no HTTP, JSON or rules
-- in front. One INSERT … SELECT over generate_series (a VALUES list of 50 rows would need more bind
-- parameters than pgbench allows).
\set n random(1, 9000000000000000000)
insert into bench_raw (public_id, workspace_id, channel, status, first_name, last_name, email, phone,
    company, source, city, email_key, name_key, phone_key, search_text, created_at, updated_at)
select 'ld_' || :client_id || '_' || :n || '_' || k, 'ws_bench_raw', 'API', 'NEW', 'Bench', 'L' || :n || '_' || k,
    :n || '_' || k || '@bench.example.com', '+1 555 0100', 'Acme', 'website', 'Berlin',
    :n || '_' || k || '@bench.example.com', 'bench l' || :n || '_' || k, '15550100',
    'bench l' || :n || '_' || k || ' ' || :n || '_' || k || '@bench.example.com acme', now(), now()
  from generate_series(1, 50) k;
