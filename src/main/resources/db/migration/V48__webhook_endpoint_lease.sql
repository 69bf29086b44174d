-- An endpoint's due deliveries are sent by one sender at a time, in order: the sender leases the
-- endpoint (not single deliveries), so a slow receiver holds back only its own events.
alter table webhook_endpoints add column lease_owner varchar(64);
alter table webhook_endpoints add column lease_until timestamp with time zone;
