-- An organisation's profile (设置 → 热线信息): the city and the number its agents announce. Scripts fill
-- {city} and {hotline} from here (and the pack's identity.org, e.g. "{city} 12345 政务服务便民热线"),
-- so one standard pack serves hotlines of several cities. Null: the pack's own default.
alter table orgs add column if not exists city text;
alter table orgs add column if not exists hotline text;
