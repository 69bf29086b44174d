-- H2 has no trigram index; PostgreSQL's V42 (db/vendor/postgresql) indexes ?q= searches. This file
-- keeps the version history the same on both databases.
select 1;
