-- WhatsApp users who adopt a username may hide their number: Meta then identifies them by a
-- business-scoped user id (BSUID, e.g. US.13491208655302741918) instead of a phone number.
-- A message keeps the sender's BSUID, and its number only when Meta gives one.
alter table whatsapp_messages add column from_user_id varchar(160);
alter table whatsapp_messages alter column from_wa_id drop not null;

-- The lead of each BSUID a workspace has heard from: how a sender without a number finds their lead
-- again. The primary key decides between simultaneous first messages of one sender (one lead).
create table whatsapp_contacts (
    workspace_id varchar(32)  not null references workspaces (id) on delete cascade,
    user_id      varchar(160) not null,
    lead_id      bigint       not null references leads (id) on delete cascade,
    created_at   timestamp with time zone not null,
    constraint whatsapp_contacts_pk primary key (workspace_id, user_id)
);
create index whatsapp_contacts_lead_idx on whatsapp_contacts (lead_id);
