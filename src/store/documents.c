/* Legal documents on either backend: the operations of documents.h composed from the steps each
 * backend provides (documents-int.h), with the writes that must go together in one transaction. */
#include "store/documents-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RELS_MAX 128 /* relations read back from one document */

static const char *const rel_names[STORE_REL_MAX] = {"replaces", "amends", "based_on"};

const char *store_doc_rel_name(enum doc_rel_kind k)
{
	return (unsigned)k < STORE_REL_MAX ? rel_names[k] : "based_on";
}

enum doc_rel_kind store_doc_rel_parse(const char *s)
{
	for (int k = 0; k < STORE_REL_MAX; k++)
		if (s && strcmp(s, rel_names[k]) == 0)
			return (enum doc_rel_kind)k;
	return STORE_REL_MAX;
}

/* --- rows both backends read the same way (their columns: sql.c of each backend) ------------- */

void store_row_doc_named(struct arena *a, const struct store_row *r, void *elem)
{
	struct doc_named *d = elem;
	d->id = r->i64(r, 0);
	d->name = r->text(r, a, 1);
	d->position = (int)r->i64(r, 2);
}

void store_row_document(struct arena *a, const struct store_row *r, void *elem)
{
	struct document *d = elem;
	d->id = r->i64(r, 0);
	d->kind_id = r->i64(r, 1);
	d->issuer_id = r->i64(r, 2);
	d->field_id = r->i64(r, 3);
	d->kind = r->text(r, a, 4);
	d->issuer = r->text(r, a, 5);
	d->field = r->text(r, a, 6);
	d->number = r->text(r, a, 7);
	d->slug = r->text(r, a, 8);
	d->summary = r->text(r, a, 9);
	d->body_html = r->text(r, a, 10);
	d->signer = r->text(r, a, 11);
	d->signer_position = r->text(r, a, 12);
	d->issued_on = (int32_t)r->i64(r, 13);
	d->effective_on = (int32_t)r->i64(r, 14);
	d->expires_on = (int32_t)r->i64(r, 15);
	d->comment_from = (int32_t)r->i64(r, 16);
	d->comment_until = (int32_t)r->i64(r, 17);
	d->replaced_on = (int32_t)r->i64(r, 18);
	d->published = r->flag(r, 19);
	d->published_at = r->i64(r, 20);
	d->created_at = r->i64(r, 21);
	d->updated_at = r->i64(r, 22);
	d->revision = r->i64(r, 23);
	d->owner_id = r->i64(r, 24);
}

void store_row_doc_row(struct arena *a, const struct store_row *r, void *elem)
{
	struct doc_row *d = elem;
	d->id = r->i64(r, 0);
	d->number = r->text(r, a, 1);
	d->slug = r->text(r, a, 2);
	d->summary = r->text(r, a, 3);
	d->kind = r->text(r, a, 4);
	d->issuer = r->text(r, a, 5);
	d->issued_on = (int32_t)r->i64(r, 6);
	d->effective_on = (int32_t)r->i64(r, 7);
	d->expires_on = (int32_t)r->i64(r, 8);
	d->replaced_on = (int32_t)r->i64(r, 9);
	d->published = r->flag(r, 10);
	d->published_at = r->i64(r, 11);
	d->updated_at = r->i64(r, 12);
	d->score = 0;
}

void store_row_doc_link(struct arena *a, const struct store_row *r, void *elem)
{
	struct doc_link *l = elem;
	l->kind = store_doc_rel_parse(r->text(r, a, 0));
	l->reverse = r->i64(r, 1) != 0;
	l->id = r->i64(r, 2);
	l->number = r->text(r, a, 3);
	l->slug = r->text(r, a, 4);
	l->summary = r->text(r, a, 5);
	l->published = r->flag(r, 6);
}

void store_row_doc_file(struct arena *a, const struct store_row *r, void *elem)
{
	struct doc_file *f = elem;
	f->id = r->i64(r, 0);
	f->document_id = r->i64(r, 1);
	f->file = r->text(r, a, 2);
	f->name = r->text(r, a, 3);
	f->type = r->text(r, a, 4);
	f->bytes = r->i64(r, 5);
	f->downloads = r->i64(r, 6);
	f->created_at = r->i64(r, 7);
	f->position = (int)r->i64(r, 8);
}

void store_row_doc_comment(struct arena *a, const struct store_row *r, void *elem)
{
	struct doc_comment *k = elem;
	k->id = r->i64(r, 0);
	k->document_id = r->i64(r, 1);
	k->created_at = r->i64(r, 2);
	k->name = r->text(r, a, 3);
	k->email = r->text(r, a, 4);
	k->body = r->text(r, a, 5);
	k->address = r->text(r, a, 6);
	k->status = (enum doc_comment_status)r->i64(r, 7);
}

void store_bind_document(struct store_bind *b, const struct document_put *p, int64_t now)
{
	b->i64(b, p->id);
	b->i64(b, p->kind_id);
	b->i64(b, p->issuer_id);
	b->i64(b, p->field_id);
	b->text(b, p->number);
	b->text(b, p->slug);
	b->text(b, p->summary);
	b->text(b, p->body_html);
	b->text(b, p->signer);
	b->text(b, p->signer_position);
	b->i64(b, p->issued_on);
	b->i64(b, p->effective_on);
	b->i64(b, p->expires_on);
	b->i64(b, p->comment_from);
	b->i64(b, p->comment_until);
	b->i64(b, p->published);
	b->i64(b, p->published_at);
	b->i64(b, now);
}

void store_bind_doc_filter(struct store_bind *b, const struct doc_query *q, bool drafts)
{
	b->i64(b, drafts);
	b->i64(b, q->kind_id);
	b->i64(b, q->issuer_id);
	b->i64(b, q->field_id);
	b->i64(b, q->issued_from == STORE_NO_DATE ? INT32_MIN : q->issued_from);
	b->i64(b, q->issued_to == STORE_NO_DATE ? INT32_MAX : q->issued_to);
	b->i64(b, q->validity);
	b->i64(b, q->today);
}

#define OPS(st) ((st)->ops->docs)

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* --- the lists -------------------------------------------------------------------------------- */

enum store_rc store_doc_names(struct store *st, struct arena *a, enum doc_list list,
			      struct doc_named **out, size_t *n)
{
	if ((unsigned)list >= DOC_LIST_MAX)
		return STORE_INVALID;
	ON_READ(st, OPS(st)->names(c, a, list, out, n));
}

static enum store_rc name_ensure(const struct store *st, struct store_conn *c, enum doc_list list,
				 const char *name, int64_t *id)
{
	enum store_rc rc = OPS(st)->name_find(c, list, name, id);
	if (rc == STORE_OK && *id == 0)
		rc = OPS(st)->name_insert(c, list, name);
	if (rc == STORE_OK && *id == 0)
		rc = OPS(st)->name_find(c, list, name, id);
	if (rc == STORE_OK && *id == 0)
		rc = STORE_ERROR;
	return rc;
}

enum store_rc store_doc_name_ensure(struct store *st, enum doc_list list, const char *name,
				    int64_t *id)
{
	if ((unsigned)list >= DOC_LIST_MAX || !name || !*name)
		return STORE_INVALID;
	IN_TX(st, name_ensure(st, c, list, name, id));
}

enum store_rc store_doc_name_update(struct store *st, enum doc_list list, int64_t id,
				    const char *name, int position)
{
	if ((unsigned)list >= DOC_LIST_MAX || !name || !*name)
		return STORE_INVALID;
	ON_CONN(st, OPS(st)->name_update(c, list, id, name, position));
}

static enum store_rc name_delete(const struct store *st, struct store_conn *c, enum doc_list list,
				 int64_t id)
{
	bool used = false;
	int in = -1;
	enum store_rc rc = OPS(st)->name_list_of(c, id, &in);
	if (rc == STORE_OK && in != (int)list)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = OPS(st)->name_used(c, id, &used);
	if (rc == STORE_OK && used)
		rc = STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = OPS(st)->name_delete(c, list, id);
	return rc;
}

enum store_rc store_doc_name_delete(struct store *st, enum doc_list list, int64_t id)
{
	IN_TX(st, name_delete(st, c, list, id));
}

/* --- documents -------------------------------------------------------------------------------- */

/* The row id must be in `list` (a field may be 0: none). */
static enum store_rc check_named(const struct store *st, struct store_conn *c, int64_t id,
				 enum doc_list list, bool optional)
{
	if (id == 0)
		return optional ? STORE_OK : STORE_INVALID;
	int got = -1;
	enum store_rc rc = OPS(st)->name_list_of(c, id, &got);
	return rc != STORE_OK ? rc : got == (int)list ? STORE_OK : STORE_INVALID;
}

/* The documents whose replaced_on may change when `id` changes: the ones it replaces. */
static enum store_rc refresh_targets(const struct store *st, struct store_conn *c,
				     const int64_t *ids, size_t n)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; i < n && rc == STORE_OK; i++)
		rc = OPS(st)->replaced_refresh(c, ids[i]);
	return rc;
}

static enum store_rc set_relations(const struct store *st, struct store_conn *c, int64_t id,
				   const struct document_put *p)
{
	enum store_rc rc = OPS(st)->rels_clear(c, id);
	for (size_t i = 0; i < p->nrelations && rc == STORE_OK; i++) {
		const struct store_doc_rel *r = &p->relations[i];
		int64_t rev = 0;
		if ((unsigned)r->kind >= STORE_REL_MAX || r->id == id)
			return STORE_INVALID;
		rc = OPS(st)->revision_of(c, r->id, &rev);
		if (rc == STORE_OK && rev == 0)
			return STORE_INVALID; /* a relation to a missing document */
		if (rc == STORE_OK)
			rc = OPS(st)->rel_add(c, id, r->kind, r->id);
	}
	return rc;
}

static enum store_rc doc_put(const struct store *st, struct store_conn *c,
			     const struct document_put *p, int64_t *id)
{
	int64_t rev = 0, old[RELS_MAX], now_ids[RELS_MAX];
	size_t nold = 0, nnew = 0;
	enum store_rc rc = check_named(st, c, p->kind_id, DOC_LIST_KIND, false);
	if (rc == STORE_OK)
		rc = check_named(st, c, p->issuer_id, DOC_LIST_ISSUER, false);
	if (rc == STORE_OK)
		rc = check_named(st, c, p->field_id, DOC_LIST_FIELD, true);
	if (rc == STORE_OK && p->id > 0)
		rc = OPS(st)->revision_of(c, p->id, &rev);
	if (rc == STORE_OK && rev > 0)
		rc = OPS(st)->replaced_by(c, p->id, old, RELS_MAX, &nold);
	if (rc == STORE_OK)
		rc = OPS(st)->write(c, p, rev > 0, now_s(), id);
	if (rc == STORE_OK && p->set_relations)
		rc = set_relations(st, c, *id, p);
	if (rc == STORE_OK)
		rc = OPS(st)->replaced_by(c, *id, now_ids, RELS_MAX, &nnew);
	if (rc == STORE_OK)
		rc = refresh_targets(st, c, old, nold);
	if (rc == STORE_OK)
		rc = refresh_targets(st, c, now_ids, nnew);
	if (rc == STORE_OK)
		rc = OPS(st)->index_one(c, *id);
	return rc;
}

enum store_rc store_doc_put(struct store *st, const struct document_put *p, int64_t *id)
{
	if (!p->number || !*p->number || !p->summary || !p->slug || p->issued_on == STORE_NO_DATE)
		return STORE_INVALID;
	IN_TX(st, doc_put(st, c, p, id));
}

enum store_rc store_doc_get(struct store *st, struct arena *a, int64_t id, struct document *out)
{
	ON_READ(st, OPS(st)->get(c, a, id, out));
}

static enum store_rc set_status(const struct store *st, struct store_conn *c, int64_t id,
				bool published, int64_t at)
{
	int64_t ids[RELS_MAX];
	size_t n = 0;
	enum store_rc rc = OPS(st)->set_status(c, id, published, at, now_s());
	if (rc == STORE_OK)
		rc = OPS(st)->replaced_by(c, id, ids, RELS_MAX, &n);
	if (rc == STORE_OK)
		rc = refresh_targets(st, c, ids, n);
	if (rc == STORE_OK)
		rc = OPS(st)->index_one(c, id);
	return rc;
}

enum store_rc store_doc_set_status(struct store *st, int64_t id, bool published,
				   int64_t published_at)
{
	IN_TX(st, set_status(st, c, id, published, published_at));
}

static enum store_rc doc_delete(const struct store *st, struct store_conn *c, int64_t id)
{
	int64_t ids[RELS_MAX];
	size_t n = 0;
	enum store_rc rc = OPS(st)->replaced_by(c, id, ids, RELS_MAX, &n);
	if (rc == STORE_OK)
		rc = OPS(st)->remove(c, id);
	if (rc == STORE_OK)
		rc = refresh_targets(st, c, ids, n);
	return rc;
}

enum store_rc store_doc_delete(struct store *st, int64_t id)
{
	IN_TX(st, doc_delete(st, c, id));
}

enum store_rc store_doc_list(struct store *st, struct arena *a, const struct doc_query *q,
			     struct doc_row **out, size_t *n, int64_t *total)
{
	ON_READ(st, OPS(st)->list(c, a, q, out, n, total));
}

enum store_rc store_doc_links(struct store *st, struct arena *a, int64_t id, struct doc_link **out,
			      size_t *n)
{
	ON_READ(st, OPS(st)->links(c, a, id, out, n));
}

/* --- files ------------------------------------------------------------------------------------ */

static enum store_rc file_add(const struct store *st, struct store_conn *c,
			      const struct doc_file *f, const char *text, int64_t *id)
{
	int64_t rev = 0;
	enum store_rc rc = OPS(st)->revision_of(c, f->document_id, &rev);
	if (rc == STORE_OK && rev == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = OPS(st)->file_add(c, f, text ? text : "", now_s(), id);
	if (rc == STORE_OK)
		rc = OPS(st)->index_one(c, f->document_id);
	return rc;
}

enum store_rc store_doc_file_add(struct store *st, const struct doc_file *f, const char *text,
				 int64_t *id)
{
	IN_TX(st, file_add(st, c, f, text, id));
}

enum store_rc store_doc_files(struct store *st, struct arena *a, int64_t document_id,
			      struct doc_file **out, size_t *n)
{
	ON_READ(st, OPS(st)->files(c, a, document_id, out, n));
}

enum store_rc store_doc_file_get(struct store *st, struct arena *a, int64_t id,
				 struct doc_file *out)
{
	ON_READ(st, OPS(st)->file_get(c, a, id, out));
}

static enum store_rc file_delete(const struct store *st, struct store_conn *c, int64_t id)
{
	struct arena *a = arena_new();
	struct doc_file f;
	enum store_rc rc = OPS(st)->file_get(c, a, id, &f);
	if (rc == STORE_OK)
		rc = OPS(st)->file_delete(c, id);
	if (rc == STORE_OK)
		rc = OPS(st)->index_one(c, f.document_id);
	arena_free(a);
	return rc;
}

enum store_rc store_doc_file_delete(struct store *st, int64_t id)
{
	IN_TX(st, file_delete(st, c, id));
}

static enum store_rc downloads_add(const struct store *st, struct store_conn *c,
				   const struct doc_count *d, size_t n)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; i < n && rc == STORE_OK; i++)
		if (d[i].n > 0)
			rc = OPS(st)->download_add(c, d[i].file_id, d[i].n);
	return rc;
}

enum store_rc store_doc_downloads_add(struct store *st, const struct doc_count *d, size_t n)
{
	IN_TX(st, downloads_add(st, c, d, n));
}

/* --- comments --------------------------------------------------------------------------------- */

enum store_rc store_doc_comment_add(struct store *st, const struct doc_comment *k, int64_t *id)
{
	ON_CONN(st, OPS(st)->comment_add(c, k, k->created_at ? k->created_at : now_s(), id));
}

enum store_rc store_doc_comments(struct store *st, struct arena *a, int64_t document_id, int status,
				 struct doc_comment **out, size_t *n)
{
	ON_READ(st, OPS(st)->comments(c, a, document_id, status, out, n));
}

enum store_rc store_doc_comment_set(struct store *st, int64_t id, enum doc_comment_status s)
{
	ON_CONN(st, OPS(st)->comment_set(c, id, s));
}

/* --- export and reindex ----------------------------------------------------------------------- */

#define EACH_PAGE 200

static enum store_rc each(const struct store *st, struct store_conn *c,
			  int (*fn)(const struct document *, void *), void *ctx)
{
	int64_t after = 0;
	enum store_rc rc = STORE_OK;
	struct document *rows = xcalloc(EACH_PAGE, sizeof *rows);
	for (bool more = true; more && rc == STORE_OK;) {
		struct arena *a = arena_new();
		size_t n = 0;
		rc = OPS(st)->each_page(c, a, after, EACH_PAGE, rows, &n);
		for (size_t i = 0; i < n && rc == STORE_OK && more; i++)
			more = fn(&rows[i], ctx) == 0;
		if (n > 0)
			after = rows[n - 1].id;
		more = more && n == EACH_PAGE;
		arena_free(a);
	}
	free(rows);
	return rc;
}

enum store_rc store_doc_each(struct store *st, int (*fn)(const struct document *, void *),
			     void *ctx)
{
	ON_CONN(st, each(st, c, fn, ctx));
}

enum store_rc store_doc_reindex(struct store *st, int64_t *count)
{
	IN_TX(st, OPS(st)->reindex(c, count));
}
