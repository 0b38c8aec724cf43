-- Usernames are unique within an organisation, not across the deployment: every hotline on a
-- shared server may have its own "admin" or "zhangsan". Sign-in finds the user by username and
-- password (and the organisation's slug when the same username and password exist in two).
alter table users drop constraint if exists users_username_key;
create unique index users_org_username_idx on users (org_id, username);
