/* PostgreSQL's numbered schema migrations (the twin of sqlite/schema.c) and how they are applied.
 */
#include "store/schema.h"
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stddef.h>

#include "core/log.h"

/*
 * Same versions, tables, columns and indexes as SQLite's list. Ids are BIGSERIAL, times are bigint
 * UTC seconds as in SQLite, flags are BOOLEAN. Each entry runs in one transaction together with its
 * schema_migrations row.
 */
static const struct migration pg_migrations[] = {
    {1, "initial schema",
     "CREATE TABLE settings (\n"
     "  key TEXT PRIMARY KEY,\n"
     "  value TEXT NOT NULL\n"
     ");\n"
     "CREATE TABLE categories (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  parent_id BIGINT REFERENCES categories(id),\n"
     "  name TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  position INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE UNIQUE INDEX categories_slug ON categories((coalesce(parent_id, 0)), slug);\n"
     "CREATE UNIQUE INDEX categories_name ON categories((coalesce(parent_id, 0)), name);\n"
     "CREATE TABLE users (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  display_name TEXT NOT NULL,\n"
     "  role TEXT NOT NULL CHECK (role IN ('contributor','editor','publisher','admin')),\n"
     "  password_hash TEXT NOT NULL,\n"
     "  disabled BOOLEAN NOT NULL DEFAULT false,\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE articles (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  category_id BIGINT NOT NULL REFERENCES categories(id),\n"
     "  status TEXT NOT NULL CHECK (status IN ('draft','submitted','published','unpublished')),\n"
     "  title TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL DEFAULT '',\n"
     "  body_html TEXT NOT NULL,\n"
     "  author TEXT NOT NULL DEFAULT '',\n"
     "  signature TEXT NOT NULL DEFAULT '',\n"
     "  source TEXT NOT NULL DEFAULT '',\n"
     "  published_at BIGINT,\n"
     "  created_at BIGINT NOT NULL,\n"
     "  updated_at BIGINT NOT NULL,\n"
     "  views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),\n"
     "  revision BIGINT NOT NULL DEFAULT 1,\n"
     "  featured BOOLEAN NOT NULL DEFAULT false\n"
     ");\n"
     "CREATE INDEX articles_published ON articles(status, published_at DESC, id DESC);\n"
     "CREATE INDEX articles_category ON articles(category_id, status, published_at DESC, id "
     "DESC);\n"
     "CREATE INDEX articles_views ON articles(status, views DESC);\n"
     "CREATE TABLE tags (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  slug TEXT NOT NULL UNIQUE\n"
     ");\n"
     "CREATE TABLE article_tags (\n"
     "  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  tag_id BIGINT NOT NULL REFERENCES tags(id),\n"
     "  position INTEGER NOT NULL,\n"
     "  PRIMARY KEY (article_id, tag_id)\n"
     ");\n"
     "CREATE INDEX article_tags_tag ON article_tags(tag_id);\n"},
    {2, "content version for page caches",
     /* Bumped by triggers on every change that readers can see (view counts excepted), whoever
      * writes: servers poll it to drop their page caches. Statement triggers: one bump per
      * statement is enough, and the bump becomes visible with the commit that made the change. */
     "CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);\n"
     "INSERT INTO meta VALUES ('content_version', 1);\n"
     "CREATE FUNCTION gz_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  UPDATE meta SET value = value + 1 WHERE key = 'content_version';\n"
     "  RETURN NULL;\n"
     "END $$;\n"
     "CREATE TRIGGER articles_ins AFTER INSERT ON articles FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured ON articles FOR EACH "
     "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER articles_del AFTER DELETE ON articles FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER categories_ins AFTER INSERT ON categories FOR EACH STATEMENT EXECUTE "
     "FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER categories_upd AFTER UPDATE ON categories FOR EACH STATEMENT EXECUTE "
     "FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER categories_del AFTER DELETE ON categories FOR EACH STATEMENT EXECUTE "
     "FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER settings_ins AFTER INSERT ON settings FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER settings_upd AFTER UPDATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER article_tags_ins AFTER INSERT ON article_tags FOR EACH STATEMENT EXECUTE "
     "FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER article_tags_del AFTER DELETE ON article_tags FOR EACH STATEMENT EXECUTE "
     "FUNCTION gz_content_changed();\n"},
    {3, "the newsroom: accounts, sessions, workflow, revisions, audit log",
     "ALTER TABLE articles ADD COLUMN owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL;\n"
     "ALTER TABLE articles ADD COLUMN expires_at BIGINT;\n"
     "ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
     "CREATE INDEX articles_owner ON articles(owner_id, updated_at DESC);\n"
     "CREATE INDEX articles_updated ON articles(updated_at DESC, id DESC);\n"
     "DROP TRIGGER articles_upd ON articles;\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured, expires_at ON articles FOR "
     "EACH STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
     "CREATE TABLE user_categories (\n"
     "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,\n"
     "  PRIMARY KEY (user_id, category_id)\n"
     ");\n"
     "CREATE TABLE sessions (\n"
     "  token_hash TEXT PRIMARY KEY,\n"
     "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  csrf TEXT NOT NULL,\n"
     "  created_at BIGINT NOT NULL,\n"
     "  expires_at BIGINT NOT NULL,\n"
     "  address TEXT NOT NULL\n"
     ");\n"
     "CREATE INDEX sessions_user ON sessions(user_id);\n"
     "CREATE TABLE api_tokens (\n"
     "  token_hash TEXT PRIMARY KEY,\n"
     "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE throttle (key TEXT NOT NULL, at BIGINT NOT NULL);\n"
     "CREATE INDEX throttle_key ON throttle(key, at);\n"
     "CREATE TABLE revisions (\n"
     "  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  revision BIGINT NOT NULL,\n"
     "  created_at BIGINT NOT NULL,\n"
     "  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,\n"
     "  category_id BIGINT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL,\n"
     "  author TEXT NOT NULL,\n"
     "  signature TEXT NOT NULL,\n"
     "  source TEXT NOT NULL,\n"
     "  tags TEXT NOT NULL,\n"
     "  PRIMARY KEY (article_id, revision)\n"
     ");\n"
     "CREATE TABLE audit_log (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  at BIGINT NOT NULL,\n"
     "  user_id BIGINT,\n"
     "  user_name TEXT NOT NULL,\n"
     "  address TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  object TEXT NOT NULL,\n"
     "  detail TEXT NOT NULL\n"
     ");\n"},
    /* Several nodes. Version 4 is the search index's, as in sqlite/schema.c; the list may hold
     * them in any order (pg_migrate applies each version not yet recorded). SQLite needs no twin:
     * its nodes are one process. */
    {5, "announce content changes to every node (LISTEN gazette_content)",
     /* NOTIFY is sent at commit, once per transaction for equal payloads; nodes that hear it
      * read the content version at once instead of at their next poll. */
     "CREATE OR REPLACE FUNCTION gz_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  UPDATE meta SET value = value + 1 WHERE key = 'content_version';\n"
     "  PERFORM pg_notify('gazette_content', '');\n"
     "  RETURN NULL;\n"
     "END $$;\n"},
    /* search (src/store/pg/search.c) */
    {PG_SEARCH_VERSION, "search index", pg_search_sql},
    /* the media library; version 5 is taken above, so PostgreSQL's number differs from SQLite's */
    {6, "media library",
     "CREATE TABLE media (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  file TEXT NOT NULL UNIQUE,\n"
     "  thumb TEXT NOT NULL,\n"
     "  name TEXT NOT NULL,\n"
     "  mime TEXT NOT NULL,\n"
     "  bytes BIGINT NOT NULL,\n"
     "  width BIGINT NOT NULL,\n"
     "  height BIGINT NOT NULL,\n"
     "  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE INDEX media_thumb ON media(thumb);\n"},
    /* imported sites (src/store/pg/legacy.c); SQLite's twin is its version 6 */
    {7, "imported sites: old keys and redirects",
     "CREATE TABLE import_keys (\n"
     "  key TEXT PRIMARY KEY,\n"
     "  new_id BIGINT NOT NULL,\n"
     "  value TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE TABLE redirects (\n"
     "  old TEXT PRIMARY KEY,\n"
     "  target TEXT NOT NULL\n"
     ");\n"
     "CREATE TRIGGER redirects_ins AFTER INSERT ON redirects FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER redirects_upd AFTER UPDATE ON redirects FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"},
    /* API tokens with a name and an expiry (issue 20 finding 6); those made before get a name
     * from their hash and the default 90 days from their creation. */
    {8, "API tokens: names and expiry",
     "ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;\n"
     "UPDATE api_tokens SET name = 'token-' || substr(token_hash, 1, 8), "
     "expires_at = created_at + 7776000;\n"
     "CREATE INDEX api_tokens_user ON api_tokens(user_id);\n"},
    /* Featured image of an article (issue 10), as SQLite's version 8. */
    {9, "featured image of articles",
     "ALTER TABLE articles ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE articles ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"
     "DROP TRIGGER articles_upd ON articles;\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured, expires_at, image_src, "
     "image_alt, image_caption ON articles FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"},
    /* SQLite's 9: the body as the sanitiser made it, its text and the sanitiser's version; the
     * search index reads the stored text (pg/search.c). */
    {10, "stored body text and sanitiser version", pg_body_text_sql},
    {11, "legal documents", pg_documents_schema},
    /* Static pages (issue 13), as SQLite's version 11. */
    {12, "static pages",
     "CREATE TABLE pages (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  parent_id BIGINT REFERENCES pages(id) DEFERRABLE INITIALLY DEFERRED,\n"
     "  position BIGINT NOT NULL DEFAULT 0,\n"
     "  slug TEXT NOT NULL UNIQUE,\n"
     "  title TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL DEFAULT '',\n"
     "  updated_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE INDEX pages_parent ON pages(parent_id, position);\n"
     "CREATE TRIGGER pages_ins AFTER INSERT ON pages FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER pages_upd AFTER UPDATE ON pages FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER pages_del AFTER DELETE ON pages FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"},
    /* Organisation and contacts (issue 13), as SQLite's version 12. */
    {13, "organisation units and people",
     "CREATE TABLE org_units (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  parent_id BIGINT REFERENCES org_units(id) DEFERRABLE INITIALLY DEFERRED,\n"
     "  position BIGINT NOT NULL DEFAULT 0,\n"
     "  name TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL UNIQUE,\n"
     "  functions TEXT NOT NULL DEFAULT '',\n"
     "  address TEXT NOT NULL DEFAULT '',\n"
     "  phone TEXT NOT NULL DEFAULT '',\n"
     "  fax TEXT NOT NULL DEFAULT '',\n"
     "  email TEXT NOT NULL DEFAULT '',\n"
     "  website TEXT NOT NULL DEFAULT '',\n"
     "  updated_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE org_people (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  unit_id BIGINT NOT NULL REFERENCES org_units(id),\n"
     "  sort_order BIGINT NOT NULL DEFAULT 0,\n"
     "  name TEXT NOT NULL,\n"
     "  title TEXT NOT NULL DEFAULT '',\n"
     "  phone TEXT NOT NULL DEFAULT '',\n"
     "  email TEXT NOT NULL DEFAULT '',\n"
     "  photo TEXT NOT NULL DEFAULT '',\n"
     "  updated_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE INDEX org_people_unit ON org_people(unit_id, sort_order);\n"
     "CREATE TRIGGER org_units_ins AFTER INSERT ON org_units FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER org_units_upd AFTER UPDATE ON org_units FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER org_units_del AFTER DELETE ON org_units FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER org_people_ins AFTER INSERT ON org_people FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER org_people_upd AFTER UPDATE ON org_people FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"
     "CREATE TRIGGER org_people_del AFTER DELETE ON org_people FOR EACH STATEMENT EXECUTE FUNCTION "
     "gz_content_changed();\n"},
    /* The tamper-evident processing log (src/store/audit.c), SQLite's migration 11. */
    {14, "audit log hash chain",
     "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';\n"
     "CREATE INDEX audit_log_at ON audit_log(at);\n"
     "CREATE TABLE audit_chain (\n"
     "  id BIGINT PRIMARY KEY CHECK (id = 1),\n"
     "  sealed BOOLEAN NOT NULL DEFAULT false,\n"
     "  head_id BIGINT NOT NULL DEFAULT 0,\n"
     "  head_hash TEXT NOT NULL DEFAULT '',\n"
     "  cp_id BIGINT NOT NULL DEFAULT 0,\n"
     "  cp_at BIGINT NOT NULL DEFAULT 0,\n"
     "  cp_count BIGINT NOT NULL DEFAULT 0,\n"
     "  cp_hash TEXT NOT NULL DEFAULT '',\n"
     "  cp_mac TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "INSERT INTO audit_chain(id) VALUES (1);\n"},
    /* The archive (src/store/archive.c), SQLite's migration 12. */
    {15, "archive of public versions",
     "CREATE TABLE archive (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  article_id BIGINT NOT NULL,\n"
     "  revision BIGINT NOT NULL,\n"
     "  category_id BIGINT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL,\n"
     "  author TEXT NOT NULL,\n"
     "  signature TEXT NOT NULL,\n"
     "  source TEXT NOT NULL,\n"
     "  published_at BIGINT NOT NULL,\n"
     "  expires_at BIGINT,\n"
     "  from_at BIGINT NOT NULL,\n"
     "  until_at BIGINT,\n"
     "  deleted BOOLEAN NOT NULL DEFAULT false\n"
     ");\n"
     "CREATE INDEX archive_article ON archive(article_id, from_at);\n"
     "CREATE INDEX archive_category ON archive(category_id, from_at);\n"
     "INSERT INTO archive(article_id, revision, category_id, title, slug, lead, body_html, "
     "author, signature, source, published_at, expires_at, from_at) SELECT id, revision, "
     "category_id, title, slug, lead, body_html, author, signature, source, "
     "coalesce(published_at, updated_at), expires_at, coalesce(published_at, updated_at) FROM "
     "articles WHERE status = 'published';\n"},
    /* Daily statistics (src/store/stats.c), SQLite's migration 13. */
    {16, "daily view counts",
     "CREATE TABLE views_daily (\n"
     "  article_id BIGINT NOT NULL,\n"
     "  day INTEGER NOT NULL,\n"
     "  views BIGINT NOT NULL,\n"
     "  PRIMARY KEY (article_id, day)\n"
     ");\n"
     "CREATE INDEX views_daily_day ON views_daily(day, article_id, views);\n"
     "CREATE TABLE views_daily_cat (\n"
     "  category_id BIGINT NOT NULL,\n"
     "  day INTEGER NOT NULL,\n"
     "  views BIGINT NOT NULL,\n"
     "  PRIMARY KEY (day, category_id)\n"
     ");\n"},
    /* Sources, origins and takedowns (src/store/pg/sources.c), SQLite's migration 14. */
    {17, "sources and takedowns",
     "CREATE TABLE sources (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  website TEXT NOT NULL DEFAULT '',\n"
     "  logo TEXT NOT NULL DEFAULT '',\n"
     "  agreement TEXT NOT NULL DEFAULT '',\n"
     "  republish BOOLEAN NOT NULL DEFAULT false\n"
     ");\n"
     "CREATE TABLE article_origin (\n"
     "  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  source_id BIGINT REFERENCES sources(id),\n"
     "  original_url TEXT NOT NULL DEFAULT '',\n"
     "  original_at BIGINT NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX article_origin_source ON article_origin(source_id);\n"
     "CREATE TABLE takedowns (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  article_id BIGINT NOT NULL,\n"
     "  removed_at BIGINT NOT NULL,\n"
     "  deadline BIGINT NOT NULL,\n"
     "  created_at BIGINT NOT NULL,\n"
     "  done_at BIGINT,\n"
     "  alerts BIGINT NOT NULL DEFAULT 0,\n"
     "  note TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE INDEX takedowns_article ON takedowns(article_id);\n"},
    /* The portal widgets (src/store/widgets.c): visitor counter, polls, banners and links,
     * the home and right-column layout. */
    {18, "portal widgets",
     "CREATE TABLE widget_secret (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);\n"
     "INSERT INTO widget_secret VALUES (1, md5(random()::text || clock_timestamp()::text) || "
     "md5(random()::text));\n"
     "CREATE TABLE visitor_seen (day INTEGER NOT NULL, vid BIGINT NOT NULL, last_seen BIGINT NOT "
     "NULL, PRIMARY KEY (day, vid));\n"
     "CREATE INDEX visitor_seen_last ON visitor_seen(last_seen);\n"
     "CREATE TABLE visitor_days (day INTEGER PRIMARY KEY, n BIGINT NOT NULL);\n"
     "CREATE TABLE polls (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  question TEXT NOT NULL,\n"
     "  multiple INTEGER NOT NULL DEFAULT 0,\n"
     "  max_choices INTEGER NOT NULL DEFAULT 1,\n"
     "  opens_at BIGINT NOT NULL DEFAULT 0,\n"
     "  closes_at BIGINT NOT NULL DEFAULT 0,\n"
     "  results_after_close INTEGER NOT NULL DEFAULT 0,\n"
     "  per_address INTEGER NOT NULL DEFAULT 0,\n"
     "  position TEXT NOT NULL DEFAULT 'right',\n"
     "  sort INTEGER NOT NULL DEFAULT 0,\n"
     "  active INTEGER NOT NULL DEFAULT 1\n"
     ");\n"
     "CREATE TABLE poll_choices (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,\n"
     "  label TEXT NOT NULL,\n"
     "  sort INTEGER NOT NULL DEFAULT 0,\n"
     "  votes BIGINT NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX poll_choices_poll ON poll_choices(poll_id);\n"
     "CREATE TABLE poll_votes (\n"
     "  poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,\n"
     "  voter TEXT NOT NULL,\n"
     "  address TEXT NOT NULL,\n"
     "  at BIGINT NOT NULL,\n"
     "  PRIMARY KEY (poll_id, voter)\n"
     ");\n"
     "CREATE INDEX poll_votes_address ON poll_votes(poll_id, address);\n"
     "CREATE TABLE banners (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  kind TEXT NOT NULL DEFAULT 'banner',\n"
     "  position TEXT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  image TEXT NOT NULL DEFAULT '',\n"
     "  url TEXT NOT NULL,\n"
     "  rel TEXT NOT NULL DEFAULT '',\n"
     "  starts_at BIGINT NOT NULL DEFAULT 0,\n"
     "  ends_at BIGINT NOT NULL DEFAULT 0,\n"
     "  sort INTEGER NOT NULL DEFAULT 0,\n"
     "  clicks BIGINT NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE TABLE layout_blocks (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  area TEXT NOT NULL,\n"
     "  sort INTEGER NOT NULL DEFAULT 0,\n"
     "  kind TEXT NOT NULL,\n"
     "  arg BIGINT NOT NULL DEFAULT 0,\n"
     "  title TEXT NOT NULL DEFAULT '',\n"
     "  html TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE TABLE videos (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  title TEXT NOT NULL,\n"
     "  file TEXT NOT NULL DEFAULT '',\n"
     "  mime TEXT NOT NULL DEFAULT '',\n"
     "  poster TEXT NOT NULL DEFAULT '',\n"
     "  embed TEXT NOT NULL DEFAULT '',\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE albums (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  title TEXT NOT NULL,\n"
     "  cover TEXT NOT NULL DEFAULT '',\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE album_photos (\n"
     "  id BIGSERIAL PRIMARY KEY,\n"
     "  album_id BIGINT NOT NULL REFERENCES albums(id) ON DELETE CASCADE,\n"
     "  file TEXT NOT NULL,\n"
     "  thumb TEXT NOT NULL,\n"
     "  caption TEXT NOT NULL DEFAULT '',\n"
     "  sort INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX album_photos_album ON album_photos(album_id, sort);\n"},
    /* The editor's autosaves: one slot per person and article (0: a new article). */
    {19, "editor autosaves",
     "CREATE TABLE autosaves (\n"
     "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  article_id BIGINT NOT NULL,\n"
     "  saved_at BIGINT NOT NULL,\n"
     "  data TEXT NOT NULL,\n"
     "  PRIMARY KEY (user_id, article_id)\n"
     ");\n"},
    /* The newsroom list's search: title and author folded (gz_fold, search.c), kept by a
     * trigger. */
    {20, "folded titles for the newsroom's list",
     "ALTER TABLE articles ADD COLUMN title_fold TEXT NOT NULL DEFAULT '';\n"
     "UPDATE articles SET title_fold = gz_fold(title || ' ' || author);\n"
     "CREATE FUNCTION gz_title_fold() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  NEW.title_fold := gz_fold(NEW.title || ' ' || NEW.author);\n"
     "  RETURN NEW;\n"
     "END $$;\n"
     "CREATE TRIGGER articles_fold BEFORE INSERT OR UPDATE OF title, author ON articles FOR EACH "
     "ROW EXECUTE FUNCTION gz_title_fold();\n"},
    /* Static pages' workflow and revisions (issue 13), as SQLite's version 20. */
    {21, "page workflow and revisions",
     "ALTER TABLE pages ADD COLUMN status TEXT NOT NULL DEFAULT 'published';\n"
     "ALTER TABLE pages ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;\n"
     "ALTER TABLE pages ADD COLUMN owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL;\n"
     "CREATE TABLE page_revisions (\n"
     "  page_id BIGINT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,\n"
     "  revision BIGINT NOT NULL,\n"
     "  created_at BIGINT NOT NULL,\n"
     "  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,\n"
     "  parent_id BIGINT NOT NULL DEFAULT 0,\n"
     "  position BIGINT NOT NULL DEFAULT 0,\n"
     "  slug TEXT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL,\n"
     "  PRIMARY KEY (page_id, revision)\n"
     ");\n"},
    /* The citizens' channels (issue 13): tickets, their history and the mail outbox. */
    {22, "tickets and the mail outbox", pg_tickets_schema},
    /* Search words made by the writer (src/store/pg/words.c); PostgreSQL only: SQLite's index is
     * made by its own tokenizer in C already. */
    {23, "search words made by the writer", pg_search_given_sql},
    /* One bump of the content version per transaction, not per statement: an import of N
     * articles in one transaction made 2N row versions of the meta row, each update walking the
     * chain of the ones before (quadratic). Observers see only committed values, so once is
     * enough; the flag is transaction-local (set_config(..., true)) and rolls back with a
     * savepoint as the bump does. */
    {24, "content version bumped once per transaction",
     "CREATE OR REPLACE FUNCTION gz_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  IF current_setting('gazette.content_bumped', true) = 'on' THEN\n"
     "    RETURN NULL;\n"
     "  END IF;\n"
     "  UPDATE meta SET value = value + 1 WHERE key = 'content_version';\n"
     "  PERFORM pg_notify('gazette_content', '');\n"
     "  PERFORM set_config('gazette.content_bumped', 'on', true);\n"
     "  RETURN NULL;\n"
     "END $$;\n"},
    /* English versions (issue 13), as SQLite's version 22. */
    {25, "English versions of pages, units, people and articles",
     "ALTER TABLE pages ADD COLUMN title_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE pages ADD COLUMN body_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_units ADD COLUMN name_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_units ADD COLUMN functions_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_people ADD COLUMN name_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_people ADD COLUMN title_en TEXT NOT NULL DEFAULT '';\n"
     "CREATE TABLE article_translations (\n"
     "  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  lang TEXT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL DEFAULT '',\n"
     "  body_html TEXT NOT NULL DEFAULT '',\n"
     "  updated_at BIGINT NOT NULL,\n"
     "  PRIMARY KEY (article_id, lang)\n"
     ");\n"
     "CREATE INDEX article_translations_lang ON article_translations(lang, updated_at);\n"
     "CREATE TRIGGER article_translations_ins AFTER INSERT ON article_translations FOR EACH "
     "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER article_translations_upd AFTER UPDATE ON article_translations FOR EACH "
     "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
     "CREATE TRIGGER article_translations_del AFTER DELETE ON article_translations FOR EACH "
     "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"},
    /* SQLite's 22: media alt text and captions, the featured image in each revision. */
    {26, "media alt text and captions, featured image in revisions",
     "ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE media ADD COLUMN fold TEXT NOT NULL DEFAULT '';\n"
     "UPDATE media SET fold = gz_fold(name);\n"
     "ALTER TABLE revisions ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE revisions ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE revisions ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"
     "UPDATE revisions r SET image_src = a.image_src, image_alt = a.image_alt, image_caption = "
     "a.image_caption FROM articles a WHERE a.id = r.article_id AND a.revision = r.revision;\n"},
    /* Archived versions keep the article's tags (one per line, in the article's order) and its
     * featured image, so that "what was public at T" shows them too (issue 15). Versions archived
     * before this have none. */
    {27, "archived versions keep tags and the featured image",
     "ALTER TABLE archive ADD COLUMN tags TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"},
    /* Each address's votes per poll, taken and checked by one statement (the limit per address
     * exact under concurrency); filled from the votes so far. */
    {28, "poll votes per address",
     "CREATE TABLE poll_address_votes (\n"
     "  poll_id BIGINT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,\n"
     "  address TEXT NOT NULL,\n"
     "  n BIGINT NOT NULL,\n"
     "  PRIMARY KEY (poll_id, address)\n"
     ");\n"
     "INSERT INTO poll_address_votes SELECT poll_id, address, count(*) FROM poll_votes GROUP BY "
     "poll_id, address;\n"},
    /* Rights given to accounts beyond their role ("documents": managing legal documents); the
     * editors and publishers that managed them by role keep the right. */
    {29, "rights of accounts",
     "CREATE TABLE user_rights (\n"
     "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  name TEXT NOT NULL,\n"
     "  PRIMARY KEY (user_id, name)\n"
     ");\n"
     "INSERT INTO user_rights SELECT id, 'documents' FROM users WHERE role IN ('editor', "
     "'publisher');\n"},
    /* Media files kept in the database (issue 19), so that every node serves every upload:
     * one row a file (its size, chunk count and SHA-256) and its chunks of 256 KiB, stored
     * uncompressed (images are compressed already). */
    {30, "media files in the database",
     "CREATE TABLE media_files (\n"
     "  path TEXT PRIMARY KEY,\n"
     "  mime TEXT NOT NULL,\n"
     "  bytes BIGINT NOT NULL,\n"
     "  chunks BIGINT NOT NULL,\n"
     "  sha256 TEXT NOT NULL,\n"
     "  mtime BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE media_blobs (\n"
     "  path TEXT NOT NULL REFERENCES media_files(path) ON DELETE CASCADE,\n"
     "  seq BIGINT NOT NULL,\n"
     "  data BYTEA NOT NULL,\n"
     "  PRIMARY KEY (path, seq)\n"
     ");\n"
     "ALTER TABLE media_blobs ALTER COLUMN data SET STORAGE EXTERNAL;\n"},
    /* PostgreSQL only (issue 18, imports): the long values (bodies, their text, the search
     * vectors) compressed with lz4 instead of pglz where the server has it (14 and later, built
     * with lz4): pglz was the largest part of writing an article and its search row (about 0.15
     * ms per article, half of that with lz4), reading is faster too, for about 20 % more room.
     * Only values written from now on; both kinds are read. A metadata change: no rewrite. */
    {31, "lz4 compression of bodies and search vectors",
     "DO $$\n"
     "BEGIN\n"
     "  IF current_setting('server_version_num')::int >= 140000 AND EXISTS (SELECT 1 FROM "
     "pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN\n"
     "    EXECUTE 'ALTER TABLE articles ALTER COLUMN body_html SET COMPRESSION lz4, ALTER "
     "COLUMN body_text SET COMPRESSION lz4';\n"
     "    EXECUTE 'ALTER TABLE search_docs ALTER COLUMN fold SET COMPRESSION lz4, ALTER COLUMN "
     "exact SET COMPRESSION lz4';\n"
     "    EXECUTE 'ALTER TABLE archive ALTER COLUMN body_html SET COMPRESSION lz4';\n"
     "    EXECUTE 'ALTER TABLE revisions ALTER COLUMN body_html SET COMPRESSION lz4';\n"
     "  END IF;\n"
     "END $$;\n"},
    /* The search trigger only for the columns it reads (issue 18): it ran for every view count
     * written (UPDATE articles SET views = ...), comparing the detoasted bodies and rewriting the
     * article's search row - most of PostgreSQL's time for a page not in the cache. */
    {32, "search trigger on the columns it reads",
     "DROP TRIGGER search_sync ON articles;\n"
     "CREATE TRIGGER search_sync AFTER INSERT OR DELETE OR UPDATE OF status, title, lead, "
     "body_text, category_id, published_at, expires_at ON articles FOR EACH ROW EXECUTE "
     "FUNCTION gz_search_sync();\n"},
    /* The title pass of a search (issue 18) by an index of its own: the title's lexemes (weight A
     * of fold), made by the server from fold whoever writes it. The pass walked the primary key
     * newest first checking each row's whole vector until it found 100 titles holding the query,
     * usually reading every row (96 ms at 20,000 articles, growing with them). */
    {33, "search index of title words",
     "ALTER TABLE search_docs ADD COLUMN title_fold tsvector GENERATED ALWAYS AS "
     "(ts_filter(fold, '{a}')) STORED;\n"
     "CREATE INDEX search_docs_title ON search_docs USING gin (title_fold);\n"},
    /* PostgreSQL only (issue 18, search): the search words without their positions
     * (strip(fold), about 1.2 KB an article), kept in the row itself (STORAGE MAIN) rather than
     * compressed out of line as fold is (2.4 KB): a search checks each candidate row's words
     * there, and reads fold (a TOAST fetch and an lz4 decompression, about 3 us a row) only for
     * a phrase's positions and the ranking of the rows kept. The GIN index moves to it (the same
     * keys: a tsvector's GIN index holds neither positions nor weights). 20,000 articles: a
     * search with an exclusion 25 -> 4.6 ms, a word in a category 55 -> 1.3 ms. */
    {34, "search words kept in the row",
     "ALTER TABLE search_docs ADD COLUMN words tsvector GENERATED ALWAYS AS (strip(fold)) "
     "STORED;\n"
     "ALTER TABLE search_docs ALTER COLUMN words SET STORAGE MAIN;\n"
     "CREATE INDEX search_docs_words ON search_docs USING gin (words);\n"
     "DROP INDEX search_docs_fold;\n"
     "ANALYZE search_docs;\n"},
    /* As SQLite's migration 30 (issue 18): the next scheduled change and the archive's purge
     * read every row of articles and archive at a million articles; an index each of the rows
     * they look for (the expression is PG_ARCH_PURGE's, sql.c). */
    {35, "indexes of expiring articles and ended archive versions",
     "CREATE INDEX articles_expires ON articles (status, expires_at) WHERE expires_at IS NOT "
     "NULL;\n"
     "CREATE INDEX archive_ended ON archive ((least(until_at, expires_at))) WHERE until_at IS "
     "NOT NULL;\n"},
    /* As SQLite's migration 33 (issue 18): the daily view rows keyed by day first, so that a
     * second's flush adds to the day's end of the key instead of every viewed article's history;
     * the day index, which held the count, goes, so an added view no longer writes an index
     * entry and the row can be updated in place (heap-only: room left on each page). */
    {36, "daily view rows keyed by day",
     "ALTER TABLE views_daily DROP CONSTRAINT views_daily_pkey;\n"
     "ALTER TABLE views_daily ADD PRIMARY KEY (day, article_id);\n"
     "DROP INDEX views_daily_day;\n"
     "ALTER TABLE views_daily SET (fillfactor = 80);\n"},
    /* View counts in a table of their own, as SQLite's migration 32 (issue 18): adding a view
     * updated the article's row, and since views was indexed the update could not stay on its
     * page: a new copy of the row (1.2 KB) and an entry in each of the article's eight indexes,
     * every second for every article viewed (readers' pages cost PostgreSQL 35-40 us more than a
     * crawler's). Now a small row of article_views and its views index. Every article has its
     * row: inserts fill views_start (an import's starting count) and the statement's trigger
     * copies it; the column is read by nothing else. */
    {37, "view counts in a table of their own",
     "CREATE TABLE article_views (\n"
     "  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0)\n"
     ") WITH (fillfactor = 80);\n"
     "INSERT INTO article_views(article_id, views) SELECT id, views FROM articles;\n"
     "CREATE INDEX article_views_views ON article_views(views DESC);\n"
     "DROP INDEX articles_views;\n"
     "ALTER TABLE articles RENAME COLUMN views TO views_start;\n"
     "CREATE FUNCTION gz_article_views_new() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  INSERT INTO article_views(article_id, views) SELECT id, views_start FROM new_rows;\n"
     "  RETURN NULL;\n"
     "END $$;\n"
     "CREATE TRIGGER article_views_new AFTER INSERT ON articles REFERENCING NEW TABLE AS "
     "new_rows FOR EACH STATEMENT EXECUTE FUNCTION gz_article_views_new();\n"
     "ANALYZE article_views;\n"},
    /* PostgreSQL only (issue 18, search): phrases by the keys of their pairs of adjacent words
     * (search.c, pg_search_pairs_sql). */
    {38, "search keys of adjacent words", pg_search_pairs_sql},
    /* PostgreSQL only (issue 18, search): the log of changes a node's search mirror follows
     * (mirror.c, store/search.h). */
    {39, "search log for the nodes' search mirrors", pg_search_log_sql},
    {40, "mirror log of every page change and view counts' transactions", pg_mirror_log_sql},
    /* PostgreSQL only (issue 18, imports): the pairs' keys as numbers (search.c). */
    {41, "search keys of adjacent words as numbers", pg_search_pairs_int_sql},
    /* PostgreSQL only (issue 18, imports): an insert that brings its title_fold (a batch of an
     * import, made by the client: pg_fold) does not run the trigger that makes it (5 % of the
     * server's samples in an import: translate over every character, a PL/pgSQL call a row). An
     * insert without one (the default '': the fold of title || ' ' || author never is) and every
     * change of title or author still do. */
    {42, "the title's fold of an insert made by the writer",
     "DROP TRIGGER articles_fold ON articles;\n"
     "CREATE TRIGGER articles_fold BEFORE INSERT ON articles FOR EACH ROW WHEN (NEW.title_fold "
     "= '') EXECUTE FUNCTION gz_title_fold();\n"
     "CREATE TRIGGER articles_fold_upd BEFORE UPDATE OF title, author ON articles FOR EACH ROW "
     "EXECUTE FUNCTION gz_title_fold();\n"},
    /* PostgreSQL only (issue 18, readers' pages): a second's view counts (PG_VIEWS_BATCH) joined
     * every counted article to its row in articles for its category's daily row: a read of a
     * row the server seldom has in memory (about a fifth of the statement at 13,000 articles a
     * second, the mirror answering pages). Each count's row now holds its article's category
     * (cat_id), kept by the articles' triggers. The statement also sets the row's transaction
     * itself, so the trigger that sets it runs only for the other updates (views set by an
     * import or the newsroom). The column is filled with that trigger off: the counts are
     * unchanged and the mirrors need not read them again. */
    {43, "each view count's category in its row",
     "ALTER TABLE article_views ADD COLUMN cat_id bigint;\n"
     "ALTER TABLE article_views DISABLE TRIGGER article_views_xid;\n"
     "UPDATE article_views v SET cat_id = a.category_id FROM articles a WHERE a.id = "
     "v.article_id;\n"
     "ALTER TABLE article_views ENABLE TRIGGER article_views_xid;\n"
     "ALTER TABLE article_views ALTER COLUMN cat_id SET NOT NULL;\n"
     "DROP TRIGGER article_views_xid ON article_views;\n"
     "CREATE TRIGGER article_views_xid BEFORE UPDATE ON article_views FOR EACH ROW WHEN (NEW.xid "
     "IS NOT DISTINCT FROM OLD.xid) EXECUTE FUNCTION gz_article_views_xid();\n"
     "CREATE OR REPLACE FUNCTION gz_article_views_new() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  INSERT INTO article_views(article_id, views, cat_id) SELECT id, views_start, category_id "
     "FROM new_rows;\n"
     "  RETURN NULL;\n"
     "END $$;\n"
     "CREATE FUNCTION gz_article_views_cat() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  UPDATE article_views SET cat_id = NEW.category_id WHERE article_id = NEW.id;\n"
     "  RETURN NULL;\n"
     "END $$;\n"
     "CREATE TRIGGER article_views_cat AFTER UPDATE OF category_id ON articles FOR EACH ROW WHEN "
     "(NEW.category_id IS DISTINCT FROM OLD.category_id) EXECUTE FUNCTION "
     "gz_article_views_cat();\n"
     "ANALYZE article_views;\n"},
};

/* --- migrations ------------------------------------------------------------------------------- */

static int read_version(struct pg_conn *c)
{
	PGresult *r = PQexec(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	int v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = (int)pg_get_i64(r, 0, 0);
	PQclear(r);
	return v;
}

/* 1 when migration `version` is recorded, 0 when not, -1 on failure. By membership rather than
 * the highest number, so that a migration listed out of order is still applied. */
static int applied(struct pg_conn *c, int version)
{
	char q[96];
	snprintf(q, sizeof q, "SELECT count(*) FROM schema_migrations WHERE version = %d", version);
	PGresult *r = PQexec(c->db, q);
	int n = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		n = pg_get_i64(r, 0, 0) > 0;
	PQclear(r);
	return n;
}

/* Begins a transaction that holds the migration lock, so that nodes starting together take turns.
 */
static enum store_rc migration_begin(struct pg_conn *c)
{
	enum store_rc rc = pg_conn_exec(c, "BEGIN");
	if (rc == STORE_OK && (rc = pg_conn_exec(c, PG_MIGRATION_LOCK)) != STORE_OK)
		pg_conn_exec(c, "ROLLBACK");
	return rc;
}

/* Applies m unless the schema already has it; one transaction with its schema_migrations row. */
static enum store_rc migrate_one(struct pg_conn *c, const struct migration *m, struct buf *err)
{
	if (migration_begin(c) != STORE_OK) {
		buf_puts(err, "cannot start migrating the PostgreSQL schema: ");
		pg_put_one_line(err, PQerrorMessage(c->db));
		return pg_rc_of(c, NULL) == STORE_UNAVAILABLE ? STORE_UNAVAILABLE : STORE_ERROR;
	}
	int v = read_version(c);
	int done = v < 0 ? -1 : applied(c, m->version);
	if (done != 0) {
		pg_conn_exec(c, "ROLLBACK");
		if (done < 0)
			buf_puts(err, "cannot read the schema version of the PostgreSQL database");
		return done < 0 ? STORE_ERROR : STORE_OK;
	}
	PGresult *r = PQexec(c->db, m->sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		char ins[128];
		snprintf(ins, sizeof ins, "INSERT INTO schema_migrations VALUES (%d, %lld)",
			 m->version, (long long)pg_now());
		r = PQexec(c->db, ins);
	}
	if (PQresultStatus(r) != PGRES_COMMAND_OK || pg_tx_commit(c) != STORE_OK) {
		buf_printf(err, "migration %d (%s) failed, schema left at version %d: ", m->version,
			   m->what, v);
		pg_put_one_line(err, r && PQresultStatus(r) != PGRES_COMMAND_OK
					 ? PQresultErrorMessage(r)
					 : PQerrorMessage(c->db));
		PQclear(r);
		pg_conn_exec(c, "ROLLBACK");
		return STORE_ERROR;
	}
	PQclear(r);
	log_debug("postgresql: applied migration %d (%s)", m->version, m->what);
	return STORE_OK;
}

int pg_migrate_upto;

size_t pg_schema_versions(int *out, size_t cap)
{
	size_t n = sizeof pg_migrations / sizeof pg_migrations[0];
	for (size_t i = 0; i < n && i < cap; i++)
		out[i] = pg_migrations[i].version;
	return n;
}

enum store_rc pg_migrate(struct pg_store *s, struct pg_conn *c, struct buf *err)
{
	/* CREATE TABLE IF NOT EXISTS races with itself on another node: take the lock first. */
	enum store_rc rc = migration_begin(c);
	if (rc == STORE_OK)
		rc =
		    pg_conn_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
				    "PRIMARY KEY, applied_at BIGINT NOT NULL)");
	if (rc == STORE_OK)
		rc = pg_tx_commit(c);
	if (rc != STORE_OK) {
		buf_puts(err, "cannot create the migrations table in PostgreSQL: ");
		pg_put_one_line(err, PQerrorMessage(c->db));
		pg_conn_exec(c, "ROLLBACK");
		return rc;
	}
	size_t n = sizeof pg_migrations / sizeof pg_migrations[0];
	const struct migration *m = pg_migrations;
	int known = 0;
	for (size_t i = 0; i < n; i++) {
		if (pg_migrate_upto > 0 && m[i].version > pg_migrate_upto)
			continue;
		if ((rc = migrate_one(c, &m[i], err)) != STORE_OK)
			return rc;
		known = m[i].version > known ? m[i].version : known;
	}
	s->version = read_version(c);
	if (s->version > known) {
		buf_printf(err,
			   "the PostgreSQL database has schema version %d, newer than this "
			   "gazette knows (%d): upgrade gazette",
			   s->version, known);
		return STORE_INVALID;
	}
	return s->version < 0 ? STORE_ERROR : STORE_OK;
}

int pg_schema_latest(void)
{
	int v = 0;
	for (size_t i = 0; i < sizeof pg_migrations / sizeof pg_migrations[0]; i++)
		v = pg_migrations[i].version > v ? pg_migrations[i].version : v;
	return v;
}
