/* PostgreSQL's numbered schema migrations, the twin of schema_sqlite.c in PostgreSQL's dialect. */
#include "store/schema.h"

#include <stddef.h>

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
};

const struct migration *schema_pg(size_t *n)
{
	*n = sizeof pg_migrations / sizeof pg_migrations[0];
	return pg_migrations;
}
