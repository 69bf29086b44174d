-- Dashboard accounts. Runs unchanged on PostgreSQL 15+ and on H2 in PostgreSQL mode.

-- The first user of a fresh instance becomes its instance admin. The table's only possible row
-- (id = 1) is claimed by the first user ever added, so two concurrent first sign-ups cannot both win.
create table instance_admin_claim (
    id         integer     primary key,
    user_id    varchar(32) not null,
    claimed_at timestamp with time zone not null,
    constraint instance_admin_claim_single check (id = 1)
);

-- A member added with a one-time password must choose their own at the first sign-in.
alter table users add column must_change_password boolean default false not null;

-- Instance admin: leads created this month per workspace.
create index leads_created_idx on leads (created_at);

-- On an instance that already has users, the oldest one is its instance admin.
insert into instance_admin_claim (id, user_id, claimed_at)
select 1, id, created_at from users order by created_at, id limit 1;
update users set instance_admin = true where id in (select user_id from instance_admin_claim);
