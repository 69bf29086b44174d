-- Secret rotation with an overlap: the secret rotated out keeps signing (beside the new one) until
-- previous_secret_expires_at, so a receiver can switch without missing a delivery. Both null: none.
alter table webhook_endpoints add column previous_secret varchar(80);
alter table webhook_endpoints add column previous_secret_expires_at timestamp with time zone;
