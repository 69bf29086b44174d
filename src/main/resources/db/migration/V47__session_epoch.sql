-- Dashboard sessions remember the epoch their user had when they signed in; a password change moves
-- it on, which ends every other session of that user on every instance at its next request.
alter table users add column session_epoch integer default 0 not null;
