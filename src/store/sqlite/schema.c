/* SQLite's numbered schema migrations (the twin of pg/schema.c) and how they are applied. */
#include "store/sqlite/sqlite-int.h"

#include <stdio.h>

#include "core/log.h"
#include "store/schema.h"

#include <stddef.h>

static const struct migration sqlite_migrations[] = {
    {1, "initial schema",
     "CREATE TABLE settings (\n"
     "  key TEXT PRIMARY KEY,\n"
     "  value TEXT NOT NULL\n"
     ");\n"
     "CREATE TABLE categories (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  parent_id INTEGER REFERENCES categories(id),\n"
     "  name TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  position INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE UNIQUE INDEX categories_slug ON categories(coalesce(parent_id, 0), slug);\n"
     "CREATE UNIQUE INDEX categories_name ON categories(coalesce(parent_id, 0), name);\n"
     "CREATE TABLE users (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  display_name TEXT NOT NULL,\n"
     "  role TEXT NOT NULL CHECK (role IN ('contributor','editor','publisher','admin')),\n"
     "  password_hash TEXT NOT NULL,\n"
     "  disabled INTEGER NOT NULL DEFAULT 0,\n"
     "  created_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE articles (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  category_id INTEGER NOT NULL REFERENCES categories(id),\n"
     "  status TEXT NOT NULL CHECK (status IN ('draft','submitted','published','unpublished')),\n"
     "  title TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL DEFAULT '',\n"
     "  body_html TEXT NOT NULL,\n"
     "  author TEXT NOT NULL DEFAULT '',\n"
     "  signature TEXT NOT NULL DEFAULT '',\n"
     "  source TEXT NOT NULL DEFAULT '',\n"
     "  published_at INTEGER,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  updated_at INTEGER NOT NULL,\n"
     "  views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),\n"
     "  revision INTEGER NOT NULL DEFAULT 1,\n"
     "  featured INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX articles_published ON articles(status, published_at DESC, id DESC);\n"
     "CREATE INDEX articles_category ON articles(category_id, status, published_at DESC, id "
     "DESC);\n"
     "CREATE INDEX articles_views ON articles(status, views DESC);\n"
     "CREATE TABLE tags (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  slug TEXT NOT NULL UNIQUE\n"
     ");\n"
     "CREATE TABLE article_tags (\n"
     "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  tag_id INTEGER NOT NULL REFERENCES tags(id),\n"
     "  position INTEGER NOT NULL,\n"
     "  PRIMARY KEY (article_id, tag_id)\n"
     ");\n"
     "CREATE INDEX article_tags_tag ON article_tags(tag_id);\n"},
    {2, "content version for page caches",
     /* Bumped by triggers on every change that readers can see (view counts excepted), whoever
      * writes: servers poll it to drop their page caches. */
     "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);\n"
     "INSERT INTO meta VALUES ('content_version', 1);\n"
     "CREATE TRIGGER articles_ins AFTER INSERT ON articles BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured ON articles BEGIN UPDATE meta "
     "SET value = value + 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER articles_del AFTER DELETE ON articles BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER categories_ins AFTER INSERT ON categories BEGIN UPDATE meta SET value = value "
     "+ 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER categories_upd AFTER UPDATE ON categories BEGIN UPDATE meta SET value = value "
     "+ 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER categories_del AFTER DELETE ON categories BEGIN UPDATE meta SET value = value "
     "+ 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER settings_ins AFTER INSERT ON settings BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER settings_upd AFTER UPDATE ON settings BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER article_tags_ins AFTER INSERT ON article_tags BEGIN UPDATE meta SET value = "
     "value + 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER article_tags_del AFTER DELETE ON article_tags BEGIN UPDATE meta SET value = "
     "value + 1 WHERE key = 'content_version'; END;\n"},
    {3, "the newsroom: accounts, sessions, workflow, revisions, audit log",
     "ALTER TABLE articles ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;\n"
     "ALTER TABLE articles ADD COLUMN expires_at INTEGER;\n"
     "ALTER TABLE articles ADD COLUMN note TEXT NOT NULL DEFAULT '';\n"
     "CREATE INDEX articles_owner ON articles(owner_id, updated_at DESC);\n"
     "CREATE INDEX articles_updated ON articles(updated_at DESC, id DESC);\n"
     "DROP TRIGGER articles_upd;\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured, expires_at ON articles BEGIN "
     "UPDATE meta SET value = value + 1 WHERE key = 'content_version'; END;\n"
     "CREATE TABLE user_categories (\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,\n"
     "  PRIMARY KEY (user_id, category_id)\n"
     ");\n"
     "CREATE TABLE sessions (\n"
     "  token_hash TEXT PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  csrf TEXT NOT NULL,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  expires_at INTEGER NOT NULL,\n"
     "  address TEXT NOT NULL\n"
     ");\n"
     "CREATE INDEX sessions_user ON sessions(user_id);\n"
     "CREATE TABLE api_tokens (\n"
     "  token_hash TEXT PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  created_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE throttle (key TEXT NOT NULL, at INTEGER NOT NULL);\n"
     "CREATE INDEX throttle_key ON throttle(key, at);\n"
     "CREATE TABLE revisions (\n"
     "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  revision INTEGER NOT NULL,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,\n"
     "  category_id INTEGER NOT NULL,\n"
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
     "  id INTEGER PRIMARY KEY,\n"
     "  at INTEGER NOT NULL,\n"
     "  user_id INTEGER,\n"
     "  user_name TEXT NOT NULL,\n"
     "  address TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  object TEXT NOT NULL,\n"
     "  detail TEXT NOT NULL\n"
     ");\n"},
    /* Search (src/store/sqlite/search.c, words.c): gz_text() and the "gazette" tokenizer are
     * registered on every connection. The FTS table is contentless: a row is deleted by giving back
     * the values it was indexed with, which the triggers recompute from the old article. */
    {4, "search index",
     "CREATE TABLE search_docs (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  category_id INTEGER NOT NULL,\n"
     "  published_at INTEGER NOT NULL,\n"
     "  expires_at INTEGER\n"
     ");\n"
     "CREATE VIRTUAL TABLE search_fts USING fts5(title, lead, body, cat, content='', "
     "tokenize='gazette', detail=full);\n"
     "CREATE TRIGGER search_ins AFTER INSERT ON articles WHEN new.status = 'published' BEGIN\n"
     "  INSERT INTO search_fts(rowid, title, lead, body, cat) VALUES (new.id, new.title, "
     "new.lead, gz_text(new.body_html), 'c' || new.category_id);\n"
     "  INSERT OR REPLACE INTO search_docs VALUES (new.id, new.category_id, "
     "coalesce(new.published_at, 0), new.expires_at);\n"
     "END;\n"
     "CREATE TRIGGER search_upd_text AFTER UPDATE OF status, title, lead, body_html, category_id "
     "ON articles WHEN old.status IS NOT new.status OR old.title IS NOT new.title OR old.lead IS "
     "NOT new.lead OR old.body_html IS NOT new.body_html OR old.category_id IS NOT "
     "new.category_id BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "old.id, old.title, old.lead, gz_text(old.body_html), 'c' || old.category_id WHERE "
     "old.status = 'published';\n"
     "  INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT new.id, new.title, "
     "new.lead, gz_text(new.body_html), 'c' || new.category_id WHERE new.status = "
     "'published';\n"
     "END;\n"
     "CREATE TRIGGER search_upd_docs AFTER UPDATE OF status, category_id, published_at, "
     "expires_at ON articles BEGIN\n"
     "  DELETE FROM search_docs WHERE id = old.id;\n"
     "  INSERT INTO search_docs SELECT new.id, new.category_id, coalesce(new.published_at, 0), "
     "new.expires_at WHERE new.status = 'published';\n"
     "END;\n"
     "CREATE TRIGGER search_del AFTER DELETE ON articles WHEN old.status = 'published' BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) VALUES ('delete', "
     "old.id, old.title, old.lead, gz_text(old.body_html), 'c' || old.category_id);\n"
     "  DELETE FROM search_docs WHERE id = old.id;\n"
     "END;\n"
     "INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT id, title, lead, "
     "gz_text(body_html), 'c' || category_id FROM articles WHERE status = 'published';\n"
     "INSERT INTO search_docs SELECT id, category_id, coalesce(published_at, 0), expires_at "
     "FROM articles WHERE status = 'published';\n"},
    /* The media library (src/store/sqlite/media.c); the files live in the media folder. */
    {5, "media library",
     "CREATE TABLE media (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  file TEXT NOT NULL UNIQUE,\n"
     "  thumb TEXT NOT NULL,\n"
     "  name TEXT NOT NULL,\n"
     "  mime TEXT NOT NULL,\n"
     "  bytes INTEGER NOT NULL,\n"
     "  width INTEGER NOT NULL,\n"
     "  height INTEGER NOT NULL,\n"
     "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,\n"
     "  created_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX media_thumb ON media(thumb);\n"},
    /* Imported sites (src/store/sqlite/legacy.c): what each old key became, and the old
     * addresses the public site answers with a 301. Redirects are content readers see. */
    {6, "imported sites: old keys and redirects",
     "CREATE TABLE import_keys (\n"
     "  key TEXT PRIMARY KEY,\n"
     "  new_id INTEGER NOT NULL,\n"
     "  value TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE TABLE redirects (\n"
     "  old TEXT PRIMARY KEY,\n"
     "  target TEXT NOT NULL\n"
     ");\n"
     "CREATE TRIGGER redirects_ins AFTER INSERT ON redirects BEGIN UPDATE meta SET value = value "
     "+ 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER redirects_upd AFTER UPDATE ON redirects BEGIN UPDATE meta SET value = value "
     "+ 1 WHERE key = 'content_version'; END;\n"},
    /* API tokens with a name and an expiry (issue 20 finding 6); those made before get a name
     * from their hash and the default 90 days from their creation. */
    {7, "API tokens: names and expiry",
     "ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;\n"
     "UPDATE api_tokens SET name = 'token-' || substr(token_hash, 1, 8), "
     "expires_at = created_at + 7776000;\n"
     "CREATE INDEX api_tokens_user ON api_tokens(user_id);\n"},
    /* Featured image of an article (issue 10): a library path or an absolute URL, its alt text
     * and caption; a change of them drops the page caches like any other field. */
    {8, "featured image of articles",
     "ALTER TABLE articles ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE articles ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"
     "DROP TRIGGER articles_upd;\n"
     "CREATE TRIGGER articles_upd AFTER UPDATE OF category_id, status, title, slug, lead, "
     "body_html, author, signature, source, published_at, featured, expires_at, image_src, "
     "image_alt, image_caption ON articles BEGIN UPDATE meta SET value = value + 1 WHERE key = "
     "'content_version'; END;\n"},
    /* The body as the sanitiser made it when written, with its text and the sanitiser's version
     * (store_bodies_refresh re-makes older ones): pages print it, search indexes its text, and
     * neither parses HTML any more. The text of existing rows is what the index holds already.
     * New articles wait in search_pending and are indexed by one statement at commit
     * (sq_tx_commit): FTS5 writes its pending terms out at every statement of a transaction, which
     * made an import of many articles write as many tiny index segments. */
    {9, "stored body text and sanitiser version",
     "ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE articles ADD COLUMN body_version INTEGER NOT NULL DEFAULT 0;\n"
     "UPDATE articles SET body_text = gz_text(body_html);\n"
     "CREATE INDEX articles_body_version ON articles(body_version, id);\n"
     "DROP TRIGGER search_ins;\n"
     "DROP TRIGGER search_upd_text;\n"
     "DROP TRIGGER search_del;\n"
     "CREATE TABLE search_pending (id INTEGER PRIMARY KEY);\n"
     "CREATE TRIGGER search_ins AFTER INSERT ON articles BEGIN\n"
     "  INSERT OR IGNORE INTO search_pending VALUES (new.id);\n"
     "  INSERT OR REPLACE INTO search_docs SELECT new.id, new.category_id, "
     "coalesce(new.published_at, 0), new.expires_at WHERE new.status = 'published';\n"
     "END;\n"
     "CREATE TRIGGER search_upd_text AFTER UPDATE OF status, title, lead, body_text, category_id "
     "ON articles WHEN (old.status IS NOT new.status OR old.title IS NOT new.title OR old.lead "
     "IS NOT new.lead OR old.body_text IS NOT new.body_text OR old.category_id IS NOT "
     "new.category_id) AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = new.id) BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "old.id, old.title, old.lead, old.body_text, 'c' || old.category_id WHERE "
     "old.status = 'published';\n"
     "  INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT new.id, new.title, "
     "new.lead, new.body_text, 'c' || new.category_id WHERE new.status = 'published';\n"
     "END;\n"
     "CREATE TRIGGER search_del AFTER DELETE ON articles BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "old.id, old.title, old.lead, old.body_text, 'c' || old.category_id WHERE old.status = "
     "'published' AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = old.id);\n"
     "  DELETE FROM search_pending WHERE id = old.id;\n"
     "  DELETE FROM search_docs WHERE id = old.id;\n"
     "END;\n"},
    {10, "legal documents", sq_documents_schema},
    /* Static pages (issue 13): a tree at /trang/{slug}; readers see them, so the content
     * version moves with them. */
    {11, "static pages",
     "CREATE TABLE pages (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  parent_id INTEGER REFERENCES pages(id) DEFERRABLE INITIALLY DEFERRED,\n"
     "  position INTEGER NOT NULL DEFAULT 0,\n"
     "  slug TEXT NOT NULL UNIQUE,\n"
     "  title TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL DEFAULT '',\n"
     "  updated_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX pages_parent ON pages(parent_id, position);\n"
     "CREATE TRIGGER pages_ins AFTER INSERT ON pages BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER pages_upd AFTER UPDATE ON pages BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER pages_del AFTER DELETE ON pages BEGIN UPDATE meta SET value = value + 1 "
     "WHERE key = 'content_version'; END;\n"},
    /* Organisation and contacts (issue 13): units in a tree and the officials of each. */
    {12, "organisation units and people",
     "CREATE TABLE org_units (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  parent_id INTEGER REFERENCES org_units(id) DEFERRABLE INITIALLY DEFERRED,\n"
     "  position INTEGER NOT NULL DEFAULT 0,\n"
     "  name TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL UNIQUE,\n"
     "  functions TEXT NOT NULL DEFAULT '',\n"
     "  address TEXT NOT NULL DEFAULT '',\n"
     "  phone TEXT NOT NULL DEFAULT '',\n"
     "  fax TEXT NOT NULL DEFAULT '',\n"
     "  email TEXT NOT NULL DEFAULT '',\n"
     "  website TEXT NOT NULL DEFAULT '',\n"
     "  updated_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE org_people (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES org_units(id),\n"
     "  sort_order INTEGER NOT NULL DEFAULT 0,\n"
     "  name TEXT NOT NULL,\n"
     "  title TEXT NOT NULL DEFAULT '',\n"
     "  phone TEXT NOT NULL DEFAULT '',\n"
     "  email TEXT NOT NULL DEFAULT '',\n"
     "  photo TEXT NOT NULL DEFAULT '',\n"
     "  updated_at INTEGER NOT NULL\n"
     ");\n"
     "CREATE INDEX org_people_unit ON org_people(unit_id, sort_order);\n"
     "CREATE TRIGGER org_units_ins AFTER INSERT ON org_units BEGIN UPDATE meta SET value = value + "
     "1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER org_units_upd AFTER UPDATE ON org_units BEGIN UPDATE meta SET value = value + "
     "1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER org_units_del AFTER DELETE ON org_units BEGIN UPDATE meta SET value = value + "
     "1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER org_people_ins AFTER INSERT ON org_people BEGIN UPDATE meta SET value = value "
     "+ 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER org_people_upd AFTER UPDATE ON org_people BEGIN UPDATE meta SET value = value "
     "+ 1 "
     "WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER org_people_del AFTER DELETE ON org_people BEGIN UPDATE meta SET value = value "
     "+ 1 "
     "WHERE key = 'content_version'; END;\n"},
    /* The tamper-evident processing log (src/store/audit.c): each entry's hash chains to the
     * previous one; audit_chain keeps the head and the checkpoint that purges leave. Entries
     * written before are hashed by the first write after this migration (sealed = 0). */
    {13, "audit log hash chain",
     "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';\n"
     "CREATE INDEX audit_log_at ON audit_log(at);\n"
     "CREATE TABLE audit_chain (\n"
     "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
     "  sealed INTEGER NOT NULL DEFAULT 0,\n"
     "  head_id INTEGER NOT NULL DEFAULT 0,\n"
     "  head_hash TEXT NOT NULL DEFAULT '',\n"
     "  cp_id INTEGER NOT NULL DEFAULT 0,\n"
     "  cp_at INTEGER NOT NULL DEFAULT 0,\n"
     "  cp_count INTEGER NOT NULL DEFAULT 0,\n"
     "  cp_hash TEXT NOT NULL DEFAULT '',\n"
     "  cp_mac TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "INSERT INTO audit_chain(id) VALUES (1);\n"},
    /* The archive (src/store/archive.c): every version readers could see, with when; no foreign
     * key, so that it outlives a deleted article for its retention. */
    {14, "archive of public versions",
     "CREATE TABLE archive (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  article_id INTEGER NOT NULL,\n"
     "  revision INTEGER NOT NULL,\n"
     "  category_id INTEGER NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  slug TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL,\n"
     "  author TEXT NOT NULL,\n"
     "  signature TEXT NOT NULL,\n"
     "  source TEXT NOT NULL,\n"
     "  published_at INTEGER NOT NULL,\n"
     "  expires_at INTEGER,\n"
     "  from_at INTEGER NOT NULL,\n"
     "  until_at INTEGER,\n"
     "  deleted INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX archive_article ON archive(article_id, from_at);\n"
     "CREATE INDEX archive_category ON archive(category_id, from_at);\n"
     "INSERT INTO archive(article_id, revision, category_id, title, slug, lead, body_html, "
     "author, signature, source, published_at, expires_at, from_at) SELECT id, revision, "
     "category_id, title, slug, lead, body_html, author, signature, source, "
     "coalesce(published_at, updated_at), expires_at, coalesce(published_at, updated_at) FROM "
     "articles WHERE status = 'published';\n"},
    /* Daily statistics (src/store/stats.c): views per article and per category per local day
     * (YYYYMMDD), added to by every node's view counter. */
    {15, "daily view counts",
     "CREATE TABLE views_daily (\n"
     "  article_id INTEGER NOT NULL,\n"
     "  day INTEGER NOT NULL,\n"
     "  views INTEGER NOT NULL,\n"
     "  PRIMARY KEY (article_id, day)\n"
     ") WITHOUT ROWID;\n"
     "CREATE INDEX views_daily_day ON views_daily(day, article_id, views);\n"
     "CREATE TABLE views_daily_cat (\n"
     "  category_id INTEGER NOT NULL,\n"
     "  day INTEGER NOT NULL,\n"
     "  views INTEGER NOT NULL,\n"
     "  PRIMARY KEY (day, category_id)\n"
     ") WITHOUT ROWID;\n"},
    /* Sources, origins of republished articles and takedowns (src/store/sqlite/sources.c). */
    {16, "sources and takedowns",
     "CREATE TABLE sources (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  website TEXT NOT NULL DEFAULT '',\n"
     "  logo TEXT NOT NULL DEFAULT '',\n"
     "  agreement TEXT NOT NULL DEFAULT '',\n"
     "  republish INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE TABLE article_origin (\n"
     "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  source_id INTEGER REFERENCES sources(id),\n"
     "  original_url TEXT NOT NULL DEFAULT '',\n"
     "  original_at INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX article_origin_source ON article_origin(source_id);\n"
     "CREATE TABLE takedowns (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  article_id INTEGER NOT NULL,\n"
     "  removed_at INTEGER NOT NULL,\n"
     "  deadline INTEGER NOT NULL,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  done_at INTEGER,\n"
     "  alerts INTEGER NOT NULL DEFAULT 0,\n"
     "  note TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE INDEX takedowns_article ON takedowns(article_id);\n"},
    /* The portal widgets (src/store/widgets.c): visitor counter, polls, banners and links,
     * the home and right-column layout. */
    {17, "portal widgets",
     "CREATE TABLE widget_secret (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);\n"
     "INSERT INTO widget_secret VALUES (1, lower(hex(randomblob(32))));\n"
     "CREATE TABLE visitor_seen (day INTEGER NOT NULL, vid BIGINT NOT NULL, last_seen BIGINT NOT "
     "NULL, PRIMARY KEY (day, vid));\n"
     "CREATE INDEX visitor_seen_last ON visitor_seen(last_seen);\n"
     "CREATE TABLE visitor_days (day INTEGER PRIMARY KEY, n BIGINT NOT NULL);\n"
     "CREATE TABLE polls (\n"
     "  id INTEGER PRIMARY KEY,\n"
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
     "  id INTEGER PRIMARY KEY,\n"
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
     "  id INTEGER PRIMARY KEY,\n"
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
     "  id INTEGER PRIMARY KEY,\n"
     "  area TEXT NOT NULL,\n"
     "  sort INTEGER NOT NULL DEFAULT 0,\n"
     "  kind TEXT NOT NULL,\n"
     "  arg BIGINT NOT NULL DEFAULT 0,\n"
     "  title TEXT NOT NULL DEFAULT '',\n"
     "  html TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE TABLE videos (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  title TEXT NOT NULL,\n"
     "  file TEXT NOT NULL DEFAULT '',\n"
     "  mime TEXT NOT NULL DEFAULT '',\n"
     "  poster TEXT NOT NULL DEFAULT '',\n"
     "  embed TEXT NOT NULL DEFAULT '',\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE albums (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  title TEXT NOT NULL,\n"
     "  cover TEXT NOT NULL DEFAULT '',\n"
     "  created_at BIGINT NOT NULL\n"
     ");\n"
     "CREATE TABLE album_photos (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  album_id BIGINT NOT NULL REFERENCES albums(id) ON DELETE CASCADE,\n"
     "  file TEXT NOT NULL,\n"
     "  thumb TEXT NOT NULL,\n"
     "  caption TEXT NOT NULL DEFAULT '',\n"
     "  sort INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "CREATE INDEX album_photos_album ON album_photos(album_id, sort);\n"},
    /* The editor's autosaves: one slot per person and article (0: a new article). */
    {18, "editor autosaves",
     "CREATE TABLE autosaves (\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  article_id INTEGER NOT NULL,\n"
     "  saved_at INTEGER NOT NULL,\n"
     "  data TEXT NOT NULL,\n"
     "  PRIMARY KEY (user_id, article_id)\n"
     ");\n"},
    /* The newsroom list's search: title and author folded (gz_fold, words.c), kept by triggers. */
    {19, "folded titles for the newsroom's list",
     "ALTER TABLE articles ADD COLUMN title_fold TEXT NOT NULL DEFAULT '';\n"
     "UPDATE articles SET title_fold = gz_fold(title || ' ' || author);\n"
     "CREATE TRIGGER articles_fold_ins AFTER INSERT ON articles BEGIN UPDATE articles SET "
     "title_fold = gz_fold(new.title || ' ' || new.author) WHERE id = new.id; END;\n"
     "CREATE TRIGGER articles_fold_upd AFTER UPDATE OF title, author ON articles BEGIN UPDATE "
     "articles SET title_fold = gz_fold(new.title || ' ' || new.author) WHERE id = new.id; "
     "END;\n"
     /* Every column the list's filters read, in the list's order: a filter is evaluated on
      * this narrow index, and the table (with the bodies) is read only for the rows shown. */
     "CREATE INDEX articles_admin ON articles(updated_at DESC, id DESC, status, owner_id, "
     "category_id, published_at, expires_at, note, title_fold);\n"},
    /* Static pages' workflow and revisions (issue 13): a status like an article's (the pages
     * that were public stay so), a revision for refusing stale saves, the account that made it,
     * and every saved state kept. */
    {20, "page workflow and revisions",
     "ALTER TABLE pages ADD COLUMN status TEXT NOT NULL DEFAULT 'published';\n"
     "ALTER TABLE pages ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;\n"
     "ALTER TABLE pages ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;\n"
     "CREATE TABLE page_revisions (\n"
     "  page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,\n"
     "  revision INTEGER NOT NULL,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,\n"
     "  parent_id INTEGER NOT NULL DEFAULT 0,\n"
     "  position INTEGER NOT NULL DEFAULT 0,\n"
     "  slug TEXT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  body_html TEXT NOT NULL,\n"
     "  PRIMARY KEY (page_id, revision)\n"
     ");\n"},
    /* The citizens' channels (issue 13): tickets, their history and the mail outbox. */
    {21, "tickets and the mail outbox", sq_tickets_schema},
    /* English versions (issue 13): pages, units and people carry their English fields beside
     * the Vietnamese ones; an article's translations live in a table of their own, one row per
     * language (a third language is a row, not a column). */
    {22, "English versions of pages, units, people and articles",
     "ALTER TABLE pages ADD COLUMN title_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE pages ADD COLUMN body_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_units ADD COLUMN name_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_units ADD COLUMN functions_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_people ADD COLUMN name_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE org_people ADD COLUMN title_en TEXT NOT NULL DEFAULT '';\n"
     "CREATE TABLE article_translations (\n"
     "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  lang TEXT NOT NULL,\n"
     "  title TEXT NOT NULL,\n"
     "  lead TEXT NOT NULL DEFAULT '',\n"
     "  body_html TEXT NOT NULL DEFAULT '',\n"
     "  updated_at INTEGER NOT NULL,\n"
     "  PRIMARY KEY (article_id, lang)\n"
     ");\n"
     "CREATE INDEX article_translations_lang ON article_translations(lang, updated_at);\n"
     "CREATE TRIGGER article_translations_ins AFTER INSERT ON article_translations BEGIN UPDATE "
     "meta SET value = value + 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER article_translations_upd AFTER UPDATE ON article_translations BEGIN UPDATE "
     "meta SET value = value + 1 WHERE key = 'content_version'; END;\n"
     "CREATE TRIGGER article_translations_del AFTER DELETE ON article_translations BEGIN UPDATE "
     "meta SET value = value + 1 WHERE key = 'content_version'; END;\n"},
    /* The media library managed (issue 11): alt text and caption of each file (searched folded),
     * and the featured image kept in each revision so that the diff shows its changes. The current
     * revision of every article gets the image it has now. */
    {23, "media alt text and captions, featured image in revisions",
     "ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';\n"
     /* the library's search reads this folded copy of the name, alt text and caption, written
      * by the statements that set them (sql.c), not by a trigger: rows written by other
      * programs (tests, tools) need no gz_fold */
     "ALTER TABLE media ADD COLUMN fold TEXT NOT NULL DEFAULT '';\n"
     "UPDATE media SET fold = gz_fold(name);\n"
     "ALTER TABLE revisions ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE revisions ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE revisions ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"
     "UPDATE revisions SET image_src = a.image_src, image_alt = a.image_alt, image_caption = "
     "a.image_caption FROM articles a WHERE a.id = revisions.article_id AND a.revision = "
     "revisions.revision;\n"},
    /* Archived versions keep the article's tags (one per line, in the article's order) and its
     * featured image, so that "what was public at T" shows them too (issue 15). Versions archived
     * before this have none. */
    {24, "archived versions keep tags and the featured image",
     "ALTER TABLE archive ADD COLUMN tags TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_src TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE archive ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';\n"},
    /* Each address's votes per poll, taken and checked by one statement (the limit per address
     * exact under concurrency); filled from the votes so far. */
    {25, "poll votes per address",
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
    {26, "rights of accounts",
     "CREATE TABLE user_rights (\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  name TEXT NOT NULL,\n"
     "  PRIMARY KEY (user_id, name)\n"
     ");\n"
     "INSERT INTO user_rights SELECT id, 'documents' FROM users WHERE role IN ('editor', "
     "'publisher');\n"},
    /* PostgreSQL's media files in the database (issue 19). SQLite keeps media in the folder
     * beside it and leaves these empty; they exist so that a backup of either backend restores
     * on the other one table for table. */
    {27, "media files in the database (empty on SQLite)",
     "CREATE TABLE media_files (\n"
     "  path TEXT PRIMARY KEY,\n"
     "  mime TEXT NOT NULL,\n"
     "  bytes INTEGER NOT NULL,\n"
     "  chunks INTEGER NOT NULL,\n"
     "  sha256 TEXT NOT NULL,\n"
     "  mtime INTEGER NOT NULL\n"
     ");\n"
     "CREATE TABLE media_blobs (\n"
     "  path TEXT NOT NULL REFERENCES media_files(path) ON DELETE CASCADE,\n"
     "  seq INTEGER NOT NULL,\n"
     "  data BLOB NOT NULL,\n"
     "  PRIMARY KEY (path, seq)\n"
     ");\n"},
    /* Search by pairs of adjacent words (search.c, "the tokenizer"): the articles' index is made
     * again with the tokenizer that also indexes each pair of words side by side, so a phrase
     * reads one short doclist per pair. The triggers of migration 9 write to it by name. */
    {28, "search index of adjacent word pairs",
     "DROP TABLE search_fts;\n"
     "CREATE VIRTUAL TABLE search_fts USING fts5(title, lead, body, cat, content='', "
     "tokenize='gazette pairs', detail=full);\n"
     "INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT id, title, lead, body_text, "
     "'c' || category_id FROM articles WHERE status = 'published' AND id NOT IN (SELECT id FROM "
     "search_pending);\n"
     "INSERT INTO search_fts(search_fts) VALUES ('optimize');\n"},
    /* Title tokens (search.c, TITLE_MARK): the title column is written as char(1) || title, for
     * which the tokenizer also indexes the title's words with a prefix of their own; the title
     * pass of a search reads their short doclists. The category column is written as char(2) ||
     * id (CAT_MARK): a token no reader's word can be, so queries need no column filter. Every
     * writer of search_fts (these triggers, SR_PENDING_FLUSH, SR_FILL_FTS) gives the columns so,
     * since a contentless row is deleted by its values; the index is made again. */
    {29, "search index of title words and category tokens",
     "DROP TRIGGER search_upd_text;\n"
     "DROP TRIGGER search_del;\n"
     "CREATE TRIGGER search_upd_text AFTER UPDATE OF status, title, lead, body_text, category_id "
     "ON articles WHEN (old.status IS NOT new.status OR old.title IS NOT new.title OR old.lead "
     "IS NOT new.lead OR old.body_text IS NOT new.body_text OR old.category_id IS NOT "
     "new.category_id) AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = new.id) BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "old.id, char(1) || old.title, old.lead, old.body_text, char(2) || old.category_id WHERE "
     "old.status = 'published';\n"
     "  INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT new.id, char(1) || "
     "new.title, new.lead, new.body_text, char(2) || new.category_id WHERE new.status = "
     "'published';\n"
     "END;\n"
     "CREATE TRIGGER search_del AFTER DELETE ON articles BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "old.id, char(1) || old.title, old.lead, old.body_text, char(2) || old.category_id WHERE "
     "old.status = 'published' AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = "
     "old.id);\n"
     "  DELETE FROM search_pending WHERE id = old.id;\n"
     "  DELETE FROM search_docs WHERE id = old.id;\n"
     "END;\n"
     "DROP TABLE search_fts;\n"
     "CREATE VIRTUAL TABLE search_fts USING fts5(title, lead, body, cat, content='', "
     "tokenize='gazette pairs', detail=full);\n"
     "INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT id, char(1) || title, lead, "
     "body_text, char(2) || category_id FROM articles WHERE status = 'published' AND id NOT IN "
     "(SELECT id FROM search_pending);\n"
     "INSERT INTO search_fts(search_fts) VALUES ('optimize');\n"},
    /* At a million articles (issue 18) two statements read whole tables: the next scheduled
     * change (the watcher, after every write: the earliest expiry of a published article, found
     * by walking every published row) and the archive's purge (at start-up and every six hours:
     * every version, bodies and all, while holding the write lock). Each gets an index of the
     * rows it looks for: few articles expire, and only versions whose time ended can go. */
    {30, "indexes of expiring articles and ended archive versions",
     "CREATE INDEX articles_expires ON articles(status, expires_at) WHERE expires_at IS NOT "
     "NULL;\n"
     "CREATE INDEX archive_ended ON archive(min(until_at, coalesce(expires_at, until_at))) "
     "WHERE until_at IS NOT NULL;\n"},
    /* FTS5 holds a transaction's new terms in memory up to its 'hashsize' (1 MB by default) and
     * writes a segment each time it is reached: an import indexing 200 articles at a time
     * (sq_article_added) wrote several small segments a batch, each merged again and again.
     * 16 MB holds a batch; only transactions writing many articles ever fill it (the server
     * writes an article a transaction). A setting FTS5 keeps in the table's %_config. */
    {31, "search indexes hold 16 MB of new terms before writing them",
     "INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', 16777216);\n"
     "INSERT INTO doc_fts(doc_fts, rank) VALUES ('hashsize', 16777216);\n"},
    /* View counts in a table of their own (issue 18): the view counter's flush rewrote each
     * viewed article's row (a page of its own, the body inline) and its place in the views
     * index; now a few bytes of a small table. Every article has its row (the trigger), so the
     * most-viewed list walks article_views_views as it walked articles_views. The old column is
     * renamed, not dropped (dropping rewrites every article), so that no statement reads it. */
    {32, "view counts in a table of their own",
     "CREATE TABLE article_views (\n"
     "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
     "  views INTEGER NOT NULL DEFAULT 0\n"
     ");\n"
     "INSERT INTO article_views(article_id, views) SELECT id, views FROM articles;\n"
     "CREATE INDEX article_views_views ON article_views(views DESC);\n"
     "DROP INDEX articles_views;\n"
     "ALTER TABLE articles RENAME COLUMN views TO views_before_32;\n"
     "CREATE TRIGGER article_views_new AFTER INSERT ON articles BEGIN INSERT INTO "
     "article_views(article_id, views) VALUES (new.id, 0); END;\n"},
    /* Daily view rows keyed by day first (issue 18): keyed by article, each second's flush
     * wrote a row into a page of every viewed article's history, scattered over the whole table
     * (a year of a site's history: every page of it, every second), and the day index beside
     * it, which held the count too, was rewritten at every view. Now a day's rows sit together
     * and the reports' day ranges read the table itself. */
    {33, "daily view rows keyed by day",
     "CREATE TABLE views_daily_33 (\n"
     "  day INTEGER NOT NULL,\n"
     "  article_id INTEGER NOT NULL,\n"
     "  views INTEGER NOT NULL,\n"
     "  PRIMARY KEY (day, article_id)\n"
     ") WITHOUT ROWID;\n"
     "INSERT INTO views_daily_33(day, article_id, views) SELECT day, article_id, views FROM "
     "views_daily ORDER BY day, article_id;\n"
     "DROP TABLE views_daily;\n"
     "ALTER TABLE views_daily_33 RENAME TO views_daily;\n"},
    /* The articles' index keyed by minus the article's id (issue 18): a search asks for the
     * newest matches first, which FTS5 reads backwards when keyed by id, stepping over every
     * entry of a common word's doclist to reach the next match (a seek included); forwards it
     * skips whole pages by the doclist index (a two-word search with its title pass: 17.6 ->
     * 10.6 M instructions). Every writer gives -id (these triggers, SR_PENDING_FLUSH,
     * SR_FILL_FTS), newest first, so that FTS5 is given ascending rowids. The index is made
     * again, with migration 31's setting. */
    {34, "search index keyed newest first",
     "DROP TRIGGER search_upd_text;\n"
     "DROP TRIGGER search_del;\n"
     "CREATE TRIGGER search_upd_text AFTER UPDATE OF status, title, lead, body_text, category_id "
     "ON articles WHEN (old.status IS NOT new.status OR old.title IS NOT new.title OR old.lead "
     "IS NOT new.lead OR old.body_text IS NOT new.body_text OR old.category_id IS NOT "
     "new.category_id) AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = new.id) BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "-old.id, char(1) || old.title, old.lead, old.body_text, char(2) || old.category_id WHERE "
     "old.status = 'published';\n"
     "  INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT -new.id, char(1) || "
     "new.title, new.lead, new.body_text, char(2) || new.category_id WHERE new.status = "
     "'published';\n"
     "END;\n"
     "CREATE TRIGGER search_del AFTER DELETE ON articles BEGIN\n"
     "  INSERT INTO search_fts(search_fts, rowid, title, lead, body, cat) SELECT 'delete', "
     "-old.id, char(1) || old.title, old.lead, old.body_text, char(2) || old.category_id WHERE "
     "old.status = 'published' AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = "
     "old.id);\n"
     "  DELETE FROM search_pending WHERE id = old.id;\n"
     "  DELETE FROM search_docs WHERE id = old.id;\n"
     "END;\n"
     "DROP TABLE search_fts;\n"
     "CREATE VIRTUAL TABLE search_fts USING fts5(title, lead, body, cat, content='', "
     "tokenize='gazette pairs', detail=full);\n"
     "INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', 16777216);\n"
     "INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT -id, char(1) || title, lead, "
     "body_text, char(2) || category_id FROM articles WHERE status = 'published' AND id NOT IN "
     "(SELECT id FROM search_pending) ORDER BY id DESC;\n"
     "INSERT INTO search_fts(search_fts) VALUES ('optimize');\n"},
    /* Each indexed article's exact forms (issue 18; gz_exact in words.c, exact_tiers in search.c):
     * a search for a word typed with diacritics walks its fold's doclist only and reads the tier of
     * the exact form from the sets of the candidates that can reach its page, instead of walking
     * the exact form's doclist beside the fold's (10-33 % of such a search). The set is written
     * wherever search_fts is: these triggers beside migration 34's (the same conditions; an article
     * of the import's transaction waits in search_pending), SR_PENDING_EXACT, SR_FILL_EXACT. */
    {35, "exact forms of indexed articles",
     "CREATE TABLE search_exact (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  words BLOB NOT NULL\n"
     ");\n"
     "CREATE TRIGGER search_exact_upd AFTER UPDATE OF status, title, lead, body_text ON articles "
     "WHEN (old.status IS NOT new.status OR old.title IS NOT new.title OR old.lead IS NOT "
     "new.lead OR old.body_text IS NOT new.body_text) AND NOT EXISTS (SELECT 1 FROM "
     "search_pending WHERE id = new.id) BEGIN\n"
     "  DELETE FROM search_exact WHERE id = old.id;\n"
     "  INSERT INTO search_exact(id, words) SELECT new.id, gz_exact(new.title, new.lead, "
     "new.body_text) WHERE new.status = 'published';\n"
     "END;\n"
     "CREATE TRIGGER search_exact_del AFTER DELETE ON articles BEGIN\n"
     "  DELETE FROM search_exact WHERE id = old.id;\n"
     "END;\n"
     "INSERT INTO search_exact(id, words) SELECT id, gz_exact(title, lead, body_text) FROM "
     "articles WHERE status = 'published' AND id NOT IN (SELECT id FROM search_pending);\n"},
    /* The ids a day of publication holds (issue 18; days_span in search.c): a search between two
     * dates walks only the ids of the days between them instead of every newer match (a common
     * word in an old year: 39-52 ms at 100,000 articles). A day's span only widens (by these
     * triggers on every row search_docs is given) until a reindex makes it again: a row moved to
     * another day or deleted leaves it wider than it need be, never narrower. */
    {36, "the ids of each day's indexed articles",
     "CREATE TABLE search_days (\n"
     "  day INTEGER PRIMARY KEY,\n"
     "  lo INTEGER NOT NULL,\n"
     "  hi INTEGER NOT NULL\n"
     ");\n"
     "CREATE TRIGGER search_days_add AFTER INSERT ON search_docs BEGIN\n"
     "  INSERT INTO search_days VALUES (new.published_at / 86400, new.id, new.id) ON "
     "CONFLICT(day) DO UPDATE SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);\n"
     "END;\n"
     "CREATE TRIGGER search_days_upd AFTER UPDATE OF id, published_at ON search_docs BEGIN\n"
     "  INSERT INTO search_days VALUES (new.published_at / 86400, new.id, new.id) ON "
     "CONFLICT(day) DO UPDATE SET lo = min(lo, excluded.lo), hi = max(hi, excluded.hi);\n"
     "END;\n"
     "INSERT INTO search_days SELECT published_at / 86400, min(id), max(id) FROM search_docs "
     "GROUP BY published_at / 86400;\n"},
};

/* --- migrations ------------------------------------------------------------------------------- */

static int read_version(struct sq_conn *c)
{
	sqlite3_stmt *s = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
			       &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

enum store_rc sq_migrate(struct sq_store *st, struct sq_conn *c, struct buf *err)
{
	if (sq_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
		       "KEY, applied_at INTEGER NOT NULL)") != SQLITE_OK) {
		buf_printf(err, "cannot create the migrations table in '%s'", st->path);
		return STORE_ERROR;
	}
	size_t n = sizeof sqlite_migrations / sizeof sqlite_migrations[0];
	const struct migration *m = sqlite_migrations;
	/* A migration that makes an index again (the search index: 28, 29) writes it into the pages
	 * the dropped one freed, and the statement journal keeps the old content of each: the size
	 * of the old index (7 GB at 1,000,000 articles). In a file, not in memory (the connection's
	 * temp_store is MEMORY). */
	sq_exec(c, "PRAGMA temp_store = FILE");
	for (size_t i = 0; i < n; i++) {
		if (sq_exec(c, "BEGIN IMMEDIATE") != SQLITE_OK) {
			buf_printf(err, "database '%s' is locked by another process", st->path);
			sq_exec(c, "PRAGMA temp_store = MEMORY");
			return STORE_UNAVAILABLE;
		}
		int v = read_version(c);
		if (v >= m[i].version) {
			sq_exec(c, "ROLLBACK");
			continue;
		}
		char *msg = NULL;
		int rc = sqlite3_exec(c->db, m[i].sql, NULL, NULL, &msg);
		if (rc == SQLITE_OK) {
			char ins[128];
			snprintf(ins, sizeof ins, "INSERT INTO schema_migrations VALUES (%d, %lld)",
				 m[i].version, (long long)sq_now());
			rc = sqlite3_exec(c->db, ins, NULL, NULL, &msg);
		}
		if (rc != SQLITE_OK || sq_exec(c, "COMMIT") != SQLITE_OK) {
			buf_printf(err, "migration %d (%s) failed, schema left at version %d: %s",
				   m[i].version, m[i].what, v, msg ? msg : sqlite3_errmsg(c->db));
			sqlite3_free(msg);
			sq_exec(c, "ROLLBACK");
			sq_exec(c, "PRAGMA temp_store = MEMORY");
			return STORE_ERROR;
		}
		log_debug("sqlite: applied migration %d (%s)", m[i].version, m[i].what);
	}
	sq_exec(c, "PRAGMA temp_store = MEMORY");
	st->version = read_version(c);
	/* Articles left waiting for the index by a database written without gazette's commit (rows
	 * copied in by hand, an old fixture) are indexed now, or search would never find them. */
	if (st->version >= 9 && st->version <= (int)m[n - 1].version &&
	    sq_exec(c, "BEGIN IMMEDIATE") == SQLITE_OK) {
		if (sq_flush_pending(c) != SQLITE_OK || sq_exec(c, "COMMIT") != SQLITE_OK) {
			sq_exec(c, "ROLLBACK");
			log_error("sqlite: could not index the articles waiting in search_pending");
		}
	}
	if (st->version > (int)m[n - 1].version) {
		buf_printf(
		    err,
		    "database '%s' has schema version %d, newer than this gazette knows (%d): "
		    "upgrade gazette",
		    st->path, st->version, m[n - 1].version);
		return STORE_INVALID;
	}
	return STORE_OK;
}

int sq_schema_latest(void)
{
	int v = 0;
	for (size_t i = 0; i < sizeof sqlite_migrations / sizeof sqlite_migrations[0]; i++)
		v = sqlite_migrations[i].version > v ? sqlite_migrations[i].version : v;
	return v;
}
