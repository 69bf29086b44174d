-- A lead's creator is history, not a live reference (why: the PostgreSQL V58). H2 named V1's inline
-- foreign key itself, so the column is rebuilt instead: dropping it drops its constraint.
alter table leads add column created_by_id varchar(32);
update leads set created_by_id = created_by;
alter table leads drop column created_by;
alter table leads alter column created_by_id rename to created_by;
