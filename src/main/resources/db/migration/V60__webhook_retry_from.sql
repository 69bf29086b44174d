-- Where a delivery's retry window starts: its creation, or the moment its endpoint was enabled again
-- (null: created_at). A backlog that waited while the endpoint was disabled gets a whole window once
-- the receiver is repaired, instead of disabling the endpoint again at its first failure.
alter table webhook_deliveries add column retry_from timestamp with time zone;
