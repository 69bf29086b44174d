-- PostgreSQL bounds its trigram indexes' pending lists here (db/vendor/postgresql); H2 has no
-- trigram index. This file keeps the version history the same on both databases.
select 1;
