-- pgbench: one lead-shaped row per transaction into bench_raw (created LIKE leads INCLUDING ALL:
-- same columns, identity, unique constraints and indexes; no foreign keys).
\set n random(1, 9000000000000000000)
insert into bench_raw (public_id, workspace_id, channel, status, first_name, last_name, email, phone,
    company, source, city, email_key, name_key, phone_key, search_text, created_at, updated_at)
values ('ld_' || :client_id || '_' || :n, 'ws_bench_raw', 'API', 'NEW', 'Bench', 'L' || :n,
    :n || '@bench.example.com', '+1 555 0100', 'Acme', 'website', 'Berlin', :n || '@bench.example.com',
    'bench l' || :n, '15550100', 'bench l' || :n || ' ' || :n || '@bench.example.com acme',
    now(), now());
