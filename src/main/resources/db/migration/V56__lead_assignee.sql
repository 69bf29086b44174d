-- A lead may be assigned to one person of its workspace, who works it ("my leads"). Removing the
-- person from the workspace (deleting the user) leaves their leads unassigned. The list index for
-- the assignee filter is vendor-specific (db/vendor/*/V57).
alter table leads add column assigned_to varchar(32);
alter table leads add constraint leads_assigned_to_fk foreign key (assigned_to) references users (id) on delete set null;
