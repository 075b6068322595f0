/* The SQLite backend's legal documents: the steps of documents-int.h over the statements of
 * sql.c, and the schema of their migration (an FTS5 index with the "gazette" tokenizer). */
#include "store/documents-int.h"
#include "store/sqlite/sqlite-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "search/query.h"

/*
 * doc_lists holds the three editable lists (list 0 kinds, 1 issuers, 2 fields). Dates are days
 * since 1970-01-01. replaced_on is kept by the store (documents.c) whenever a document that
 * replaces another changes. doc_fts indexes published documents: number (weighs most), summary,
 * text (body and files' text) and tags ("k{kind} i{issuer} f{field}", for filters in MATCH).
 */
const char sq_documents_schema[] =
    "CREATE TABLE doc_lists (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  list INTEGER NOT NULL CHECK (list IN (0, 1, 2)),\n"
    "  name TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL DEFAULT 0,\n"
    "  UNIQUE (list, name)\n"
    ");\n"
    "CREATE TABLE documents (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind_id INTEGER NOT NULL REFERENCES doc_lists(id),\n"
    "  issuer_id INTEGER NOT NULL REFERENCES doc_lists(id),\n"
    "  field_id INTEGER REFERENCES doc_lists(id),\n"
    "  number TEXT NOT NULL,\n"
    "  slug TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL,\n"
    "  body_html TEXT NOT NULL DEFAULT '',\n"
    "  signer TEXT NOT NULL DEFAULT '',\n"
    "  signer_position TEXT NOT NULL DEFAULT '',\n"
    "  issued_on INTEGER NOT NULL,\n"
    "  effective_on INTEGER,\n"
    "  expires_on INTEGER,\n"
    "  comment_from INTEGER,\n"
    "  comment_until INTEGER,\n"
    "  replaced_on INTEGER,\n"
    "  status TEXT NOT NULL CHECK (status IN ('draft','published')),\n"
    "  published_at INTEGER,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  revision INTEGER NOT NULL DEFAULT 1,\n"
    "  owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL\n"
    ");\n"
    "CREATE INDEX documents_issued ON documents(issued_on DESC, id DESC);\n"
    "CREATE INDEX documents_kind ON documents(kind_id);\n"
    "CREATE INDEX documents_issuer ON documents(issuer_id);\n"
    "CREATE INDEX documents_field ON documents(field_id);\n"
    "CREATE TABLE document_files (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  position INTEGER NOT NULL DEFAULT 0,\n"
    "  file TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  type TEXT NOT NULL,\n"
    "  bytes INTEGER NOT NULL,\n"
    "  downloads INTEGER NOT NULL DEFAULT 0,\n"
    "  text TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX document_files_doc ON document_files(document_id);\n"
    "CREATE TABLE document_relations (\n"
    "  from_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  to_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('replaces','amends','based_on')),\n"
    "  PRIMARY KEY (from_id, to_id, kind),\n"
    "  CHECK (from_id <> to_id)\n"
    ");\n"
    "CREATE INDEX document_relations_to ON document_relations(to_id, kind);\n"
    "CREATE TABLE document_comments (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL,\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),\n"
    "  created_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX document_comments_doc ON document_comments(document_id, id);\n"
    "CREATE VIRTUAL TABLE doc_fts USING fts5(number, summary, text, tags, "
    "tokenize = 'gazette');\n"
    /* page caches: what readers see of documents changed */
    "CREATE TRIGGER documents_ins AFTER INSERT ON documents BEGIN UPDATE meta SET value = value "
    "+ 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER documents_upd AFTER UPDATE ON documents BEGIN UPDATE meta SET value = value "
    "+ 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER documents_del AFTER DELETE ON documents BEGIN UPDATE meta SET value = value "
    "+ 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER doc_lists_upd AFTER UPDATE ON doc_lists BEGIN UPDATE meta SET value = value "
    "+ 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER document_files_ins AFTER INSERT ON document_files BEGIN UPDATE meta SET "
    "value = value + 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER document_files_del AFTER DELETE ON document_files BEGIN UPDATE meta SET "
    "value = value + 1 WHERE key = 'content_version'; END;\n"
    "CREATE TRIGGER document_comments_upd AFTER UPDATE OF status ON document_comments BEGIN "
    "UPDATE meta SET value = value + 1 WHERE key = 'content_version'; END;\n";

/* Runs a bound statement that returns no rows; *changes (when not NULL) the rows it changed. */
static enum store_rc done(struct sq_conn *c, sqlite3_stmt *q, int64_t *changes)
{
	enum store_rc rc = sq_step_done(c, q);
	if (changes)
		*changes = sqlite3_changes64(c->db);
	return rc;
}

/* The first column of the single row of a bound statement (0 when no row). */
static enum store_rc one_int(sqlite3_stmt *q, int64_t *out)
{
	int r = sqlite3_step(q);
	*out = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

/* Grows an arena array of elem-sized items when full. */
static void *grow(struct arena *a, void *v, size_t elem, size_t len, size_t *cap)
{
	if (len < *cap)
		return v;
	void *nv = arena_alloc(a, 2 * *cap * elem);
	memcpy(nv, v, len * elem);
	*cap *= 2;
	return nv;
}

/* Steps a bound statement into an arena array. */
static enum store_rc collect(struct arena *a, sqlite3_stmt *q, size_t elem, store_row_fn fn,
			     void **out, size_t *n)
{
	size_t cap = 16, len = 0;
	char *v = arena_alloc(a, cap * elem);
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		v = grow(a, v, elem, len, &cap);
		struct store_row row = sq_row(q);
		fn(a, &row, v + len++ * elem);
	}
	sqlite3_reset(q);
	*out = v;
	*n = len;
	return r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

/* --- lists ------------------------------------------------------------------------------------ */

static enum store_rc names(struct store_conn *sc, struct arena *a, enum doc_list list,
			   struct doc_named **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAMES);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, list);
	return collect(a, q, sizeof **out, store_row_doc_named, (void **)out, n);
}

static enum store_rc name_find(struct store_conn *sc, enum doc_list list, const char *name,
			       int64_t *id)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_FIND);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, list);
	sq_bind_text(q, 2, name);
	return one_int(q, id);
}

static enum store_rc name_insert(struct store_conn *sc, enum doc_list list, const char *name)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_INSERT);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, list);
	sq_bind_text(q, 2, name);
	return done(sq_c(sc), q, NULL);
}

static enum store_rc name_update(struct store_conn *sc, enum doc_list list, int64_t id,
				 const char *name, int position)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_UPDATE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, list);
	sq_bind_i64(q, 2, id);
	sq_bind_text(q, 3, name);
	sq_bind_i64(q, 4, position);
	int64_t changed = 0;
	enum store_rc rc = done(sq_c(sc), q, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc name_list_of(struct store_conn *sc, int64_t id, int *list)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_LIST_OF);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	int r = sqlite3_step(q);
	*list = r == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
	sqlite3_reset(q);
	return r == SQLITE_ROW || r == SQLITE_DONE ? STORE_OK : sq_rc(r);
}

static enum store_rc name_used(struct store_conn *sc, int64_t id, bool *used)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_USED);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	int64_t v = 0;
	enum store_rc rc = one_int(q, &v);
	*used = v != 0;
	return rc;
}

static enum store_rc name_delete(struct store_conn *sc, enum doc_list list, int64_t id)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_NAME_DELETE);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, list);
	sq_bind_i64(q, 2, id);
	int64_t changed = 0;
	enum store_rc rc = done(sq_c(sc), q, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

/* --- documents -------------------------------------------------------------------------------- */

static enum store_rc revision_of(struct store_conn *sc, int64_t id, int64_t *revision)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_REVISION);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	return one_int(q, revision);
}

static enum store_rc write_doc(struct store_conn *sc, const struct document_put *p, bool exists,
			       int64_t now, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, exists ? SD_UPDATE : SD_INSERT);
	if (!q)
		return STORE_ERROR;
	struct sq_bind b = sq_binder(q);
	store_bind_document(&b.base, p, now);
	sq_bind_i64(q, 19, p->owner_id);
	sq_bind_i64(q, 20, p->expect_revision);
	int64_t changed = 0;
	enum store_rc rc = done(c, q, &changed);
	if (rc == STORE_OK && exists && changed == 0)
		rc = STORE_CONFLICT; /* a stale revision */
	if (rc == STORE_OK)
		*id = exists ? p->id : sqlite3_last_insert_rowid(c->db);
	return rc;
}

static enum store_rc get(struct store_conn *sc, struct arena *a, int64_t id, struct document *out)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_GET);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	struct document *v;
	size_t n;
	enum store_rc rc = collect(a, q, sizeof *v, store_row_document, (void **)&v, &n);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*out = v[0];
	return rc;
}

static enum store_rc set_status(struct store_conn *sc, int64_t id, bool published, int64_t at,
				int64_t now)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_SET_STATUS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, published);
	sq_bind_i64(q, 3, at);
	sq_bind_i64(q, 4, now);
	int64_t changed = 0;
	enum store_rc rc = done(sq_c(sc), q, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

/* Runs one of the statements whose only parameter is an id. */
static enum store_rc by_id(struct store_conn *sc, enum sq_stmt which, int64_t id, int64_t *changed)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), which);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	return done(sq_c(sc), q, changed);
}

static enum store_rc remove_doc(struct store_conn *sc, int64_t id)
{
	int64_t changed = 0;
	enum store_rc rc = by_id(sc, SD_FTS_DELETE, id, NULL);
	if (rc == STORE_OK)
		rc = by_id(sc, SD_DELETE, id, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc replaced_by(struct store_conn *sc, int64_t id, int64_t *ids, size_t max,
				 size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_REPLACED_BY);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, (int64_t)max);
	int r;
	*n = 0;
	while ((r = sqlite3_step(q)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return r == SQLITE_DONE || r == SQLITE_ROW ? STORE_OK : sq_rc(r);
}

static enum store_rc rels_clear(struct store_conn *sc, int64_t id)
{
	return by_id(sc, SD_RELS_CLEAR, id, NULL);
}

static enum store_rc rel_add(struct store_conn *sc, int64_t from, enum doc_rel_kind kind,
			     int64_t to)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_REL_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, from);
	sq_bind_i64(q, 2, to);
	sq_bind_text(q, 3, store_doc_rel_name(kind));
	return done(sq_c(sc), q, NULL);
}

static enum store_rc replaced_refresh(struct store_conn *sc, int64_t id)
{
	return by_id(sc, SD_REPLACED_REFRESH, id, NULL);
}

static enum store_rc index_one(struct store_conn *sc, int64_t id)
{
	enum store_rc rc = by_id(sc, SD_FTS_DELETE, id, NULL);
	return rc == STORE_OK ? by_id(sc, SD_FTS_INSERT, id, NULL) : rc;
}

/* --- lists and searches ----------------------------------------------------------------------- */

static enum store_rc plain_list(struct sq_conn *c, struct arena *a, const struct doc_query *f,
				struct doc_row **out, size_t *n, int64_t *total)
{
	sqlite3_stmt *q = sq_stmt(c, SD_LIST);
	if (!q)
		return STORE_ERROR;
	{
		struct sq_bind b = sq_binder(q);
		store_bind_doc_filter(&b.base, f, f->drafts);
	}
	sq_bind_i64(q, 9, f->limit);
	sq_bind_i64(q, 10, f->offset > 0 ? f->offset : 0);
	enum store_rc rc = collect(a, q, sizeof **out, store_row_doc_row, (void **)out, n);
	if (rc == STORE_OK && total) {
		q = sq_stmt(c, SD_COUNT);
		if (!q)
			return STORE_ERROR;
		{
			struct sq_bind b = sq_binder(q);
			store_bind_doc_filter(&b.base, f, f->drafts);
		}
		rc = one_int(q, total);
	}
	return rc;
}

static void put_phrase(struct buf *m, const char *const *words, size_t n)
{
	buf_putc(m, '"');
	for (size_t i = 0; i < n; i++)
		buf_printf(m, "%s%s", i ? " " : "", words[i]); /* letters, digits, marks only */
	buf_putc(m, '"');
}

/* The FTS5 expression and ranking roles (gz_rank's, see search.c) of a documents' search. */
static void build_match(const struct doc_query *f, struct buf *m, struct buf *roles)
{
	const struct search_query *q = f->q;
	buf_puts(m, "{number summary text} : (");
	for (size_t i = 0; i < q->nterms; i++) {
		const struct search_term *t = &q->terms[i];
		buf_puts(m, i ? " AND " : "");
		if (t->marked || t->fold_alt)
			buf_putc(m, '(');
		if (t->marked) {
			put_phrase(m, t->exact, t->n);
			buf_puts(m, " OR ");
			buf_putc(roles, 'e');
			if (t->alt) { /* its other spelling (search_term.alt) */
				put_phrase(m, t->alt, t->n);
				buf_puts(m, " OR ");
				buf_putc(roles, 'a');
			}
		}
		put_phrase(m, t->fold, t->n);
		buf_putc(roles, t->quoted ? 'q' : t->joined ? 'f' : 'g');
		if (t->fold_alt) {
			buf_puts(m, " OR ");
			put_phrase(m, t->fold_alt, t->n);
			buf_putc(roles, 'o');
		}
		if (t->marked || t->fold_alt)
			buf_putc(m, ')');
	}
	buf_putc(m, ')');
	if (f->kind_id)
		buf_printf(m, " AND tags : \"k%lld\"", (long long)f->kind_id);
	if (f->issuer_id)
		buf_printf(m, " AND tags : \"i%lld\"", (long long)f->issuer_id);
	if (f->field_id)
		buf_printf(m, " AND tags : \"f%lld\"", (long long)f->field_id);
	for (size_t i = 0; i < q->nexcluded; i++) {
		buf_puts(m, " NOT {number summary text} : ");
		put_phrase(m, search_excluded_words(&q->excluded[i]), q->excluded[i].n);
		const char *const *alt = search_excluded_alt(&q->excluded[i]);
		if (alt) {
			buf_puts(m, " NOT {number summary text} : ");
			put_phrase(m, alt, q->excluded[i].n);
		}
	}
	buf_append(roles, "", 0);
}

struct cand {
	int64_t id;
	double score;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

static enum store_rc candidates(struct sq_conn *c, const struct doc_query *f, struct cand *v,
				size_t *n)
{
	struct buf m = BUF_INIT, roles = BUF_INIT;
	build_match(f, &m, &roles);
	sqlite3_stmt *q = sq_stmt(c, SD_CANDIDATES);
	enum store_rc rc = STORE_ERROR;
	if (q) {
		struct sq_bind b = sq_binder(q);
		store_bind_doc_filter(&b.base, f, false);
		sq_bind_i64(q, 9, SEARCH_WINDOW + 1);
		sq_bind_text(q, 11, buf_cstr(&m));
		sq_bind_text(q, 12, buf_cstr(&roles));
		int r;
		*n = 0;
		while ((r = sqlite3_step(q)) == SQLITE_ROW && *n <= SEARCH_WINDOW) {
			v[*n].id = sqlite3_column_int64(q, 0);
			v[*n].score = sqlite3_column_double(q, 1);
			(*n)++;
		}
		if (r != SQLITE_DONE && r != SQLITE_ROW)
			log_error("sqlite: documents search: %s", sqlite3_errmsg(c->db));
		sqlite3_reset(q);
		rc = r == SQLITE_DONE || r == SQLITE_ROW ? STORE_OK : sq_rc(r);
	}
	buf_free(&m);
	buf_free(&roles);
	return rc;
}

static enum store_rc fetch_row(struct sq_conn *c, struct arena *a, const struct cand *k,
			       struct doc_row *out)
{
	sqlite3_stmt *q = sq_stmt(c, SD_ROW);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, k->id);
	struct doc_row *v;
	size_t n;
	enum store_rc rc = collect(a, q, sizeof *v, store_row_doc_row, (void **)&v, &n);
	if (rc == STORE_OK && n == 0)
		rc = STORE_ERROR; /* the index names a missing row */
	if (rc == STORE_OK) {
		*out = v[0];
		out->score = k->score;
	}
	return rc;
}

static enum store_rc search(struct sq_conn *c, struct arena *a, const struct doc_query *f,
			    struct doc_row **out, size_t *n, int64_t *total)
{
	struct cand *v = xmalloc((SEARCH_WINDOW + 1) * sizeof *v);
	size_t nc = 0;
	enum store_rc rc = candidates(c, f, v, &nc);
	if (rc == STORE_OK) {
		nc = nc > SEARCH_WINDOW ? SEARCH_WINDOW : nc;
		if (total)
			*total = (int64_t)nc;
		qsort(v, nc, sizeof *v, cand_cmp);
		size_t from = f->offset > 0 ? (size_t)f->offset : 0;
		size_t want = f->limit > 0 ? (size_t)f->limit : 0;
		size_t cnt = from < nc ? (nc - from < want ? nc - from : want) : 0;
		*out = arena_alloc(a, (cnt ? cnt : 1) * sizeof **out);
		for (size_t i = 0; i < cnt && rc == STORE_OK; i++)
			rc = fetch_row(c, a, &v[from + i], &(*out)[i]);
		*n = rc == STORE_OK ? cnt : 0;
	}
	free(v);
	return rc;
}

static enum store_rc list(struct store_conn *sc, struct arena *a, const struct doc_query *f,
			  struct doc_row **out, size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if (f->q && f->q->nterms > 0) {
		struct sq_conn *c = sq_search_take(sq_c(sc));
		enum store_rc rc = search(c, a, f, out, n, total);
		sq_search_give(sq_c(sc), c);
		return rc;
	}
	return plain_list(sq_c(sc), a, f, out, n, total);
}

static enum store_rc links(struct store_conn *sc, struct arena *a, int64_t id,
			   struct doc_link **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_LINKS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	return collect(a, q, sizeof **out, store_row_doc_link, (void **)out, n);
}

/* --- files, downloads, comments --------------------------------------------------------------- */

static enum store_rc file_add(struct store_conn *sc, const struct doc_file *f, const char *text,
			      int64_t now, int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SD_FILE_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, f->document_id);
	sq_bind_text(q, 2, f->file);
	sq_bind_text(q, 3, f->name);
	sq_bind_text(q, 4, f->type);
	sq_bind_i64(q, 5, f->bytes);
	sq_bind_i64(q, 6, f->downloads);
	sq_bind_text(q, 7, text);
	sq_bind_i64(q, 8, f->created_at ? f->created_at : now);
	enum store_rc rc = done(c, q, NULL);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

static enum store_rc files(struct store_conn *sc, struct arena *a, int64_t document_id,
			   struct doc_file **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_FILES);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, document_id);
	return collect(a, q, sizeof **out, store_row_doc_file, (void **)out, n);
}

static enum store_rc file_get(struct store_conn *sc, struct arena *a, int64_t id,
			      struct doc_file *out)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_FILE_GET);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	struct doc_file *v;
	size_t n;
	enum store_rc rc = collect(a, q, sizeof *v, store_row_doc_file, (void **)&v, &n);
	if (rc == STORE_OK && n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*out = v[0];
	return rc;
}

static enum store_rc file_delete(struct store_conn *sc, int64_t id)
{
	int64_t changed = 0;
	enum store_rc rc = by_id(sc, SD_FILE_DELETE, id, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

static enum store_rc download_add(struct store_conn *sc, int64_t file_id, int64_t n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_DOWNLOAD_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, file_id);
	sq_bind_i64(q, 2, n);
	return done(sq_c(sc), q, NULL);
}

static enum store_rc comment_add(struct store_conn *sc, const struct doc_comment *k, int64_t now,
				 int64_t *id)
{
	struct sq_conn *c = sq_c(sc);
	sqlite3_stmt *q = sq_stmt(c, SD_COMMENT_ADD);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, k->document_id);
	sq_bind_text(q, 2, k->name);
	sq_bind_text(q, 3, k->email ? k->email : "");
	sq_bind_text(q, 4, k->body);
	sq_bind_text(q, 5, k->address ? k->address : "");
	sq_bind_i64(q, 6, k->status);
	sq_bind_i64(q, 7, now);
	enum store_rc rc = done(c, q, NULL);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* no such document */
}

static enum store_rc comments(struct store_conn *sc, struct arena *a, int64_t document_id,
			      int status, struct doc_comment **out, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_COMMENTS);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, document_id);
	sq_bind_i64(q, 2, status);
	return collect(a, q, sizeof **out, store_row_doc_comment, (void **)out, n);
}

static enum store_rc comment_set(struct store_conn *sc, int64_t id, enum doc_comment_status s)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_COMMENT_SET);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, id);
	sq_bind_i64(q, 2, s);
	int64_t changed = 0;
	enum store_rc rc = done(sq_c(sc), q, &changed);
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

/* --- export, reindex -------------------------------------------------------------------------- */

static enum store_rc each_page(struct store_conn *sc, struct arena *a, int64_t after, size_t limit,
			       struct document *rows, size_t *n)
{
	sqlite3_stmt *q = sq_stmt(sq_c(sc), SD_EACH);
	if (!q)
		return STORE_ERROR;
	sq_bind_i64(q, 1, after);
	sq_bind_i64(q, 2, (int64_t)limit);
	struct document *v;
	enum store_rc rc = collect(a, q, sizeof *v, store_row_document, (void **)&v, n);
	if (rc == STORE_OK)
		memcpy(rows, v, *n * sizeof *v);
	return rc;
}

static enum store_rc reindex(struct store_conn *sc, int64_t *count)
{
	struct sq_conn *c = sq_c(sc);
	enum store_rc rc = by_id(sc, SD_FTS_CLEAR, 0, NULL);
	if (rc == STORE_OK)
		rc = by_id(sc, SD_FTS_FILL, 0, count);
	if (rc == STORE_OK && sq_exec(c, "INSERT INTO doc_fts(doc_fts) VALUES ('optimize')") != 0)
		rc = STORE_ERROR;
	return rc;
}

const struct store_doc_ops sq_doc_ops = {
    .names = names,
    .name_find = name_find,
    .name_insert = name_insert,
    .name_update = name_update,
    .name_list_of = name_list_of,
    .name_used = name_used,
    .name_delete = name_delete,
    .revision_of = revision_of,
    .write = write_doc,
    .get = get,
    .set_status = set_status,
    .remove = remove_doc,
    .replaced_by = replaced_by,
    .rels_clear = rels_clear,
    .rel_add = rel_add,
    .replaced_refresh = replaced_refresh,
    .index_one = index_one,
    .list = list,
    .links = links,
    .file_add = file_add,
    .files = files,
    .file_get = file_get,
    .file_delete = file_delete,
    .download_add = download_add,
    .comment_add = comment_add,
    .comments = comments,
    .comment_set = comment_set,
    .each_page = each_page,
    .reindex = reindex,
};
