-- A lead's creator is history, not a live reference. With the foreign key, removing a person made
-- PostgreSQL find the leads they created with a scan of every workspace's leads (created_by has no
-- index, and one would cost every create an entry) and rewrite each of them: 47 s for a person with
-- a million leads, past the statement timeout, and ~0.2 s at a million leads for anyone at all.
-- Without it the removal touches no lead; a creator who is gone reads as nobody (LeadRepository.people
-- finds only the workspace's current people), as the set-null did. User ids are never reused.
alter table leads drop constraint leads_created_by_fkey;
