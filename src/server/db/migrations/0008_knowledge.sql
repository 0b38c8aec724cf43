-- Knowledge base (知识库): articles per organisation, written in Markdown, with their full
-- version history and a search index of segmented words.
--
-- Search: the application segments title, tags and body with jieba after folding
-- Traditional into Simplified characters, and stores the words space-separated through
-- to_tsvector('simple', …), weighted title A, tags B, body C. The 'simple' configuration
-- neither stems nor drops words, so the same SQL runs on PGlite and on a PostgreSQL
-- server without a Chinese parser. `search_text` holds the folded text for substring
-- matches that the segmentation splits differently.

create table knowledge_articles (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references orgs(id),
  title         text not null,
  body          text not null default '',
  tags          text[] not null default '{}',
  scenario_ids  text[] not null default '{}',
  status        text not null default 'draft' check (status in ('draft', 'published', 'archived')),
  -- raised on every change; an update names the version it started from (optimistic concurrency)
  version       integer not null default 1,
  search        tsvector not null default ''::tsvector,
  search_text   text not null default '',
  created_by    uuid references users(id),
  created_at    timestamptz not null default now(),
  updated_by    uuid references users(id),
  updated_at    timestamptz not null default now(),
  published_at  timestamptz
);

create index knowledge_articles_org on knowledge_articles (org_id, status, updated_at desc);
create index knowledge_articles_search on knowledge_articles using gin (search);
create index knowledge_articles_scenarios on knowledge_articles using gin (scenario_ids);

-- Every version of every article, as it was saved; rows are never changed.
create table knowledge_article_versions (
  id            uuid primary key default gen_random_uuid(),
  org_id        uuid not null references orgs(id),
  article_id    uuid not null references knowledge_articles(id),
  version       integer not null,
  action        text not null check (action in ('create', 'update', 'publish', 'archive')),
  title         text not null,
  body          text not null,
  tags          text[] not null,
  scenario_ids  text[] not null,
  status        text not null,
  note          text,
  edited_by     uuid references users(id),
  edited_at     timestamptz not null default now(),
  unique (article_id, version)
);

create function knowledge_article_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'knowledge article versions are history and cannot be changed' using errcode = 'insufficient_privilege';
end
$$;
create trigger knowledge_article_versions_no_change before update or delete on knowledge_article_versions
  for each row execute function knowledge_article_versions_immutable();
