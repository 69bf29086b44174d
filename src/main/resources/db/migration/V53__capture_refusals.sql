-- Capture requests a project refused for where they came from (an Origin or Referer host not on its
-- allowlist): one row per project and host, counted, so the project page can say why a site's leads
-- do not arrive. host is '' for an Origin without a host (Origin: null, a file opened locally).
-- At most 20 hosts per project are kept (CaptureRefusals): a sender can forge any Origin.
create table capture_refusals (
    project_id varchar(32)  not null references projects (id) on delete cascade,
    host       varchar(255) not null,
    refusals   bigint       not null,
    first_at   timestamp with time zone not null,
    last_at    timestamp with time zone not null,
    constraint capture_refusals_pk primary key (project_id, host)
);
