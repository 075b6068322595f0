/* SQLite's numbered schema migrations; PostgreSQL's twin lives in schema_pg.c. */
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
};

const struct migration *schema_sqlite(size_t *n)
{
	*n = sizeof sqlite_migrations / sizeof sqlite_migrations[0];
	return sqlite_migrations;
}
