-- PostgreSQL sets a fill factor on leads here (db/vendor/postgresql); H2 has no such setting.
select 1;
