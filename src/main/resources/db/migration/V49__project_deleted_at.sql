-- A deleted project is kept as a name: its key stops working and it leaves every list, but the
-- leads, submissions and messages it brought in keep naming the project they came from.
alter table projects add column deleted_at timestamp with time zone;
