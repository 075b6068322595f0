/* The PostgreSQL backend's legal documents: the steps of documents-int.h over the statements of
 * sql.c, the schema of their migration, and the ranked search over their tsvectors. */
#include "store/documents-int.h"
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "search/query.h"

/*
 * As SQLite's (sqlite/documents.c): doc_lists holds the three lists; dates are days since
 * 1970-01-01; replaced_on is kept by the store. `fold` and `exact` are the search vectors of a
 * published document (NULL otherwise), kept by the store after each write: number (weight A),
 * summary (B), body and files' text (D), made by search.c's gz_vector().
 */
const char pg_documents_schema[] =
    "CREATE TABLE doc_lists (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  list INTEGER NOT NULL CHECK (list IN (0, 1, 2)),\n"
    "  name TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL DEFAULT 0,\n"
    "  UNIQUE (list, name)\n"
    ");\n"
    "CREATE TABLE documents (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  kind_id BIGINT NOT NULL REFERENCES doc_lists(id),\n"
    "  issuer_id BIGINT NOT NULL REFERENCES doc_lists(id),\n"
    "  field_id BIGINT REFERENCES doc_lists(id),\n"
    "  number TEXT NOT NULL,\n"
    "  slug TEXT NOT NULL,\n"
    "  summary TEXT NOT NULL,\n"
    "  body_html TEXT NOT NULL DEFAULT '',\n"
    "  signer TEXT NOT NULL DEFAULT '',\n"
    "  signer_position TEXT NOT NULL DEFAULT '',\n"
    "  issued_on BIGINT NOT NULL,\n"
    "  effective_on BIGINT,\n"
    "  expires_on BIGINT,\n"
    "  comment_from BIGINT,\n"
    "  comment_until BIGINT,\n"
    "  replaced_on BIGINT,\n"
    "  status TEXT NOT NULL CHECK (status IN ('draft','published')),\n"
    "  published_at BIGINT,\n"
    "  created_at BIGINT NOT NULL,\n"
    "  updated_at BIGINT NOT NULL,\n"
    "  revision BIGINT NOT NULL DEFAULT 1,\n"
    "  owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL,\n"
    "  fold tsvector,\n"
    "  exact tsvector\n"
    ");\n"
    "CREATE INDEX documents_issued ON documents(issued_on DESC, id DESC);\n"
    "CREATE INDEX documents_kind ON documents(kind_id);\n"
    "CREATE INDEX documents_issuer ON documents(issuer_id);\n"
    "CREATE INDEX documents_field ON documents(field_id);\n"
    "CREATE INDEX documents_fold ON documents USING gin (fold);\n"
    "CREATE TABLE document_files (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  position INTEGER NOT NULL DEFAULT 0,\n"
    "  file TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  type TEXT NOT NULL,\n"
    "  bytes BIGINT NOT NULL,\n"
    "  downloads BIGINT NOT NULL DEFAULT 0,\n"
    "  text TEXT NOT NULL DEFAULT '',\n"
    "  created_at BIGINT NOT NULL\n"
    ");\n"
    "CREATE INDEX document_files_doc ON document_files(document_id);\n"
    "CREATE TABLE document_relations (\n"
    "  from_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  to_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('replaces','amends','based_on')),\n"
    "  PRIMARY KEY (from_id, to_id, kind),\n"
    "  CHECK (from_id <> to_id)\n"
    ");\n"
    "CREATE INDEX document_relations_to ON document_relations(to_id, kind);\n"
    "CREATE TABLE document_comments (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL,\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),\n"
    "  created_at BIGINT NOT NULL\n"
    ");\n"
    "CREATE INDEX document_comments_doc ON document_comments(document_id, id);\n"
    "CREATE TRIGGER documents_changed AFTER INSERT OR UPDATE OR DELETE ON documents FOR EACH "
    "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
    "CREATE TRIGGER doc_lists_changed AFTER UPDATE ON doc_lists FOR EACH STATEMENT EXECUTE "
    "FUNCTION gz_content_changed();\n"
    "CREATE TRIGGER document_files_changed AFTER INSERT OR DELETE ON document_files FOR EACH "
    "STATEMENT EXECUTE FUNCTION gz_content_changed();\n"
    "CREATE TRIGGER document_comments_changed AFTER UPDATE OF status ON document_comments FOR "
    "EACH STATEMENT EXECUTE FUNCTION gz_content_changed();\n";

static enum store_rc none_changed(enum store_rc rc, int64_t changed)
{
	return rc == STORE_OK && changed == 0 ? STORE_NOTFOUND : rc;
}

/* --- lists ------------------------------------------------------------------------------------ */

static enum store_rc names(struct store_conn *sc, struct arena *a, enum doc_list list,
			   struct doc_named **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_DOC_NAMES, sizeof **out, store_row_doc_named, (void **)out, n,
			    (int64_t)list);
}

static enum store_rc name_find(struct store_conn *sc, enum doc_list list, const char *name,
			       int64_t *id)
{
	return pg_one_int(sc, PG_DOC_NAME_FIND, id, (int64_t)list, name);
}

static enum store_rc name_insert(struct store_conn *sc, enum doc_list list, const char *name)
{
	return pg_write1(sc, NULL, PG_DOC_NAME_INSERT, (int64_t)list, name);
}

static enum store_rc name_update(struct store_conn *sc, enum doc_list list, int64_t id,
				 const char *name, int position)
{
	int64_t changed = 0;
	enum store_rc rc =
	    pg_write1(sc, &changed, PG_DOC_NAME_UPDATE, (int64_t)list, id, name, (int64_t)position);
	return none_changed(rc, changed);
}

static enum store_rc name_list_of(struct store_conn *sc, int64_t id, int *list)
{
	int64_t *v;
	size_t n;
	struct arena *a = arena_new();
	enum store_rc rc =
	    pg_read_rows(sc, a, PG_DOC_NAME_LIST_OF, sizeof *v, store_row_int, (void **)&v, &n, id);
	*list = rc == STORE_OK && n > 0 ? (int)v[0] : -1;
	arena_free(a);
	return rc;
}

static enum store_rc name_used(struct store_conn *sc, int64_t id, bool *used)
{
	int64_t v = 0;
	enum store_rc rc = pg_one_int(sc, PG_DOC_NAME_USED, &v, id);
	*used = v != 0;
	return rc;
}

static enum store_rc name_delete(struct store_conn *sc, enum doc_list list, int64_t id)
{
	int64_t changed = 0;
	enum store_rc rc = pg_write1(sc, &changed, PG_DOC_NAME_DELETE, (int64_t)list, id);
	return none_changed(rc, changed);
}

/* --- documents -------------------------------------------------------------------------------- */

static enum store_rc revision_of(struct store_conn *sc, int64_t id, int64_t *revision)
{
	return pg_one_int(sc, PG_DOC_REVISION, revision, id);
}

static enum store_rc write_doc(struct store_conn *sc, const struct document_put *d, bool exists,
			       int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_c(sc);
	struct pg_params p = {.n = 0};
	struct pg_bind b = pg_binder(&p);
	store_bind_document(&b.base, d, now);
	pg_p_i64(&p, exists ? d->expect_revision : d->owner_id);
	int64_t first = 0, changed = 0;
	enum store_rc rc =
	    pg_run_fenced(c, exists ? PG_DOC_UPDATE : PG_DOC_INSERT, &p, &first, &changed);
	if (rc == STORE_OK && exists && changed == 0)
		rc = STORE_CONFLICT; /* a stale revision */
	if (rc == STORE_OK)
		*id = exists ? d->id : first;
	if (rc == STORE_OK && !exists && d->id > 0)
		rc = pg_write1(sc, NULL, PG_DOC_SEQ_ADVANCE);
	return rc;
}

static enum store_rc get(struct store_conn *sc, struct arena *a, int64_t id, struct document *out)
{
	return pg_read_one(sc, a, PG_DOC_GET, sizeof *out, store_row_document, out, id);
}

static enum store_rc set_status(struct store_conn *sc, int64_t id, bool published, int64_t at,
				int64_t now)
{
	int64_t changed = 0;
	enum store_rc rc =
	    pg_write1(sc, &changed, PG_DOC_SET_STATUS, id, (int64_t)published, at, now);
	return none_changed(rc, changed);
}

static enum store_rc remove_doc(struct store_conn *sc, int64_t id)
{
	int64_t changed = 0;
	enum store_rc rc = pg_write1(sc, &changed, PG_DOC_DELETE, id);
	return none_changed(rc, changed);
}

static enum store_rc replaced_by(struct store_conn *sc, int64_t id, int64_t *ids, size_t max,
				 size_t *n)
{
	struct arena *a = arena_new();
	int64_t *v;
	enum store_rc rc = pg_read_rows(sc, a, PG_DOC_REPLACED_BY, sizeof *v, store_row_int,
					(void **)&v, n, id, (int64_t)max);
	if (rc == STORE_OK) {
		*n = *n > max ? max : *n;
		memcpy(ids, v, *n * sizeof *v);
	} else {
		*n = 0;
	}
	arena_free(a);
	return rc;
}

static enum store_rc rels_clear(struct store_conn *sc, int64_t id)
{
	return pg_write1(sc, NULL, PG_DOC_RELS_CLEAR, id);
}

static enum store_rc rel_add(struct store_conn *sc, int64_t from, enum doc_rel_kind kind,
			     int64_t to)
{
	return pg_write1(sc, NULL, PG_DOC_REL_ADD, from, to, store_doc_rel_name(kind));
}

static enum store_rc replaced_refresh(struct store_conn *sc, int64_t id)
{
	return pg_write1(sc, NULL, PG_DOC_REPLACED_REFRESH, id);
}

/* The vectors of a published document made by the client (words.c), from what DOC_VECTORS reads;
 * false when the server must make them. */
static bool doc_vectors(struct pg_conn *c, int64_t id, struct buf v[2])
{
	if (c->base.failed || !pg_words_ready(c))
		return false;
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, id);
	enum store_rc rc;
	PGresult *r = pg_run(c, PG_DOC_INDEX_READ, &p, &rc);
	bool ok = r && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	struct buf text = BUF_INIT;
	if (ok) {
		pg_html_text(PQgetvalue(r, 0, 3), &text);
		const char *parts[3] = {PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), buf_cstr(&text)};
		ok = pg_vector(parts, true, &v[0]) && pg_vector(parts, false, &v[1]);
	}
	buf_free(&text);
	PQclear(r);
	return ok;
}

static enum store_rc index_one(struct store_conn *sc, int64_t id)
{
	struct buf v[2] = {BUF_INIT, BUF_INIT};
	enum store_rc rc =
	    doc_vectors(pg_c(sc), id, v)
		? pg_write1(sc, NULL, PG_DOC_INDEX_SET, id, buf_cstr(&v[0]), buf_cstr(&v[1]))
		: pg_write1(sc, NULL, PG_DOC_INDEX, id);
	buf_free(&v[0]);
	buf_free(&v[1]);
	return rc;
}

/* --- lists and searches ----------------------------------------------------------------------- */

/* The filter's values $1..$8 as the statements take them. */
static void filter_values(const struct doc_query *f, bool drafts, int64_t v[8])
{
	v[0] = drafts;
	v[1] = f->kind_id;
	v[2] = f->issuer_id;
	v[3] = f->field_id;
	v[4] = f->issued_from == STORE_NO_DATE ? INT32_MIN : f->issued_from;
	v[5] = f->issued_to == STORE_NO_DATE ? INT32_MAX : f->issued_to;
	v[6] = f->validity;
	v[7] = f->today;
}

static enum store_rc plain_list(struct store_conn *sc, struct arena *a, const struct doc_query *f,
				struct doc_row **out, size_t *n, int64_t *total)
{
	int64_t v[8];
	filter_values(f, f->drafts, v);
	enum store_rc rc =
	    pg_read_rows(sc, a, PG_DOC_LIST, sizeof **out, store_row_doc_row, (void **)out, n, v[0],
			 v[1], v[2], v[3], v[4], v[5], v[6], v[7], f->limit, f->offset);
	if (rc == STORE_OK && total)
		rc = pg_one_int(sc, PG_DOC_COUNT, total, v[0], v[1], v[2], v[3], v[4], v[5], v[6],
				v[7]);
	return rc;
}

/*
 * The newest SEARCH_WINDOW + 1 matches, scored as articles are (pg/search.c): 1e6 per marked item
 * found with its diacritics ($12), 1e4 per joined pair side by side ($13), plus ts_rank_cd of the
 * fold; $9 the window, $10 offset, $11 the match, $14 limit; $1..$8 the filter; unless $16 is true
 * (none), $15 the excluded terms typed with diacritics, on the exact words.
 */
static const char sql_search[] =
    "WITH c AS (SELECT d.id, "
    "(SELECT count(*) FROM unnest($12::text[]) e(q) WHERE d.exact @@ e.q::tsquery) * 1e6 + "
    "(SELECT count(*) FROM unnest($13::text[]) j(q) WHERE d.fold @@ j.q::tsquery) * 1e4 + "
    "ts_rank_cd(d.fold, $11::tsquery, 32) AS score FROM documents d "
    "WHERE d.fold @@ $11::tsquery AND ($16::boolean OR NOT d.exact @@ $15::tsquery) "
    "AND ($1::bigint = 1 OR d.status = 'published') "
    "AND ($2::bigint = 0 OR d.kind_id = $2::bigint) AND ($3::bigint = 0 OR d.issuer_id = "
    "$3::bigint) AND ($4::bigint = 0 OR d.field_id = $4::bigint) AND d.issued_on BETWEEN "
    "$5::bigint AND $6::bigint AND ($7::bigint < 0 OR $7::bigint = CASE WHEN "
    "coalesce(d.effective_on, d.issued_on) > $8::bigint THEN 2 WHEN d.expires_on <= $8::bigint "
    "OR d.replaced_on <= $8::bigint THEN 1 ELSE 0 END) ORDER BY d.id DESC LIMIT $9::bigint), "
    "n AS (SELECT count(*) AS total FROM c) "
    "SELECT p.*, n.total FROM n LEFT JOIN LATERAL (SELECT d.id, d.number, d.slug, d.summary, "
    "k.name, i.name, d.issued_on, coalesce(d.effective_on, -2147483648), coalesce(d.expires_on, "
    "-2147483648), coalesce(d.replaced_on, -2147483648), d.status = 'published', "
    "coalesce(d.published_at, 0), d.updated_at, c.score::float8 FROM c JOIN documents d ON d.id "
    "= c.id JOIN doc_lists k ON k.id = d.kind_id JOIN doc_lists i ON i.id = d.issuer_id ORDER BY "
    "c.score DESC, c.id DESC LIMIT $14::bigint OFFSET $10::bigint) p ON true";

/* The rows of a search: a document row, its score, then the total (the only non-NULL column when
 * the page is past the end). */
static void read_hits(struct arena *a, const PGresult *r, struct doc_row **out, size_t *n)
{
	int rows = PQntuples(r);
	*out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof **out);
	*n = 0;
	for (int i = 0; i < rows; i++) {
		if (PQgetisnull(r, i, 0))
			continue;
		struct store_row row = pg_row(r, i);
		struct doc_row *d = &(*out)[(*n)++];
		store_row_doc_row(a, &row, d);
		d->score = strtod(PQgetvalue(r, i, 13), NULL);
	}
}

static enum store_rc search(struct store_conn *sc, struct arena *a, const struct doc_query *f,
			    struct doc_row **out, size_t *n, int64_t *total)
{
	struct pg_conn *c = pg_c(sc);
	struct buf match = BUF_INIT, exact = BUF_INIT, adj = BUF_INIT, unexact = BUF_INIT;
	pg_search_build(f->q, &match, &exact, &adj, &unexact);
	bool no_unexact = unexact.len == 0;
	if (no_unexact)
		buf_puts(&unexact, "'x'"); /* not read */
	int64_t v[14];
	filter_values(f, false, v);
	v[8] = SEARCH_WINDOW + 1;
	v[9] = f->offset > 0 ? f->offset : 0;
	v[13] = f->limit > 0 ? f->limit : 0;
	char nums[14][24];
	const char *params[16];
	for (int i = 0; i < 14; i++) {
		snprintf(nums[i], sizeof nums[i], "%lld", (long long)v[i]);
		params[i] = nums[i];
	}
	params[10] = buf_cstr(&match);
	params[11] = buf_cstr(&exact);
	params[12] = buf_cstr(&adj);
	params[14] = buf_cstr(&unexact);
	params[15] = no_unexact ? "true" : "false";
	PGresult *res = PQexecParams(c->db, sql_search, 16, NULL, params, NULL, NULL, 0);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		log_error("postgresql: documents search: %s", PQerrorMessage(c->db));
		rc = pg_rc_of(c, res);
	} else if (PQntuples(res) > 0) {
		int64_t t = pg_get_i64(res, 0, 14);
		if (total)
			*total = t > SEARCH_WINDOW ? SEARCH_WINDOW : t;
		read_hits(a, res, out, n);
	}
	PQclear(res);
	buf_free(&match);
	buf_free(&exact);
	buf_free(&adj);
	buf_free(&unexact);
	return rc;
}

static enum store_rc list(struct store_conn *sc, struct arena *a, const struct doc_query *f,
			  struct doc_row **out, size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	if (f->q && f->q->nterms > 0)
		return search(sc, a, f, out, n, total);
	return plain_list(sc, a, f, out, n, total);
}

static enum store_rc links(struct store_conn *sc, struct arena *a, int64_t id,
			   struct doc_link **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_DOC_LINKS, sizeof **out, store_row_doc_link, (void **)out, n,
			    id);
}

/* --- files, downloads, comments --------------------------------------------------------------- */

static enum store_rc file_add(struct store_conn *sc, const struct doc_file *f, const char *text,
			      int64_t now, int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, f->document_id);
	pg_p_text(&p, f->file);
	pg_p_text(&p, f->name);
	pg_p_text(&p, f->type);
	pg_p_i64(&p, f->bytes);
	pg_p_i64(&p, f->downloads);
	pg_p_text(&p, text);
	pg_p_i64(&p, f->created_at ? f->created_at : now);
	int64_t new_id = 0;
	enum store_rc rc = pg_run_fenced(pg_c(sc), PG_DOC_FILE_ADD, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc;
}

static enum store_rc files(struct store_conn *sc, struct arena *a, int64_t document_id,
			   struct doc_file **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_DOC_FILES, sizeof **out, store_row_doc_file, (void **)out, n,
			    document_id);
}

static enum store_rc file_get(struct store_conn *sc, struct arena *a, int64_t id,
			      struct doc_file *out)
{
	return pg_read_one(sc, a, PG_DOC_FILE_GET, sizeof *out, store_row_doc_file, out, id);
}

static enum store_rc file_delete(struct store_conn *sc, int64_t id)
{
	int64_t changed = 0;
	enum store_rc rc = pg_write1(sc, &changed, PG_DOC_FILE_DELETE, id);
	return none_changed(rc, changed);
}

static enum store_rc download_add(struct store_conn *sc, int64_t file_id, int64_t n)
{
	return pg_write1(sc, NULL, PG_DOC_DOWNLOAD_ADD, file_id, n);
}

static enum store_rc comment_add(struct store_conn *sc, const struct doc_comment *k, int64_t now,
				 int64_t *id)
{
	struct pg_params p = {.n = 0};
	pg_p_i64(&p, k->document_id);
	pg_p_text(&p, k->name);
	pg_p_text(&p, k->email ? k->email : "");
	pg_p_text(&p, k->body);
	pg_p_text(&p, k->address ? k->address : "");
	pg_p_i64(&p, k->status);
	pg_p_i64(&p, now);
	int64_t new_id = 0;
	enum store_rc rc = pg_run_fenced(pg_c(sc), PG_DOC_COMMENT_ADD, &p, &new_id, NULL);
	if (rc == STORE_OK && id)
		*id = new_id;
	return rc == STORE_CONFLICT ? STORE_NOTFOUND : rc; /* no such document */
}

static enum store_rc comments(struct store_conn *sc, struct arena *a, int64_t document_id,
			      int status, struct doc_comment **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_DOC_COMMENTS, sizeof **out, store_row_doc_comment,
			    (void **)out, n, document_id, (int64_t)status);
}

static enum store_rc comment_set(struct store_conn *sc, int64_t id, enum doc_comment_status s)
{
	int64_t changed = 0;
	enum store_rc rc = pg_write1(sc, &changed, PG_DOC_COMMENT_SET, id, (int64_t)s);
	return none_changed(rc, changed);
}

/* --- export, reindex -------------------------------------------------------------------------- */

static enum store_rc each_page(struct store_conn *sc, struct arena *a, int64_t after, size_t limit,
			       struct document *rows, size_t *n)
{
	struct document *v;
	enum store_rc rc = pg_read_rows(sc, a, PG_DOC_EACH, sizeof *v, store_row_document,
					(void **)&v, n, after, (int64_t)limit);
	if (rc == STORE_OK)
		memcpy(rows, v, *n * sizeof *v);
	return rc;
}

static enum store_rc reindex(struct store_conn *sc, int64_t *count)
{
	return pg_write1(sc, count, PG_DOC_REINDEX);
}

const struct store_doc_ops pg_doc_ops = {
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
