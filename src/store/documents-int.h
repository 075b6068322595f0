/* Private to src/store/: the steps each backend provides for legal documents (documents.c
 * composes them into the operations of documents.h). */
#ifndef GZ_STORE_DOCUMENTS_INT_H
#define GZ_STORE_DOCUMENTS_INT_H

#include "store/documents.h"
#include "store/store-int.h"

/* Relation kinds as stored. */
const char *store_doc_rel_name(enum doc_rel_kind k);
enum doc_rel_kind store_doc_rel_parse(const char *s);

struct store_doc_ops {
	enum store_rc (*names)(struct store_conn *c, struct arena *a, enum doc_list list,
			       struct doc_named **out, size_t *n);
	/* *id 0 when there is no such row */
	enum store_rc (*name_find)(struct store_conn *c, enum doc_list list, const char *name,
				   int64_t *id);
	enum store_rc (*name_insert)(struct store_conn *c, enum doc_list list, const char *name);
	enum store_rc (*name_update)(struct store_conn *c, enum doc_list list, int64_t id,
				     const char *name, int position);
	/* *list -1 when there is no such row */
	enum store_rc (*name_list_of)(struct store_conn *c, int64_t id, int *list);
	enum store_rc (*name_used)(struct store_conn *c, int64_t id, bool *used);
	enum store_rc (*name_delete)(struct store_conn *c, enum doc_list list, int64_t id);
	/* *revision 0 when there is no such document */
	enum store_rc (*revision_of)(struct store_conn *c, int64_t id, int64_t *revision);
	/* Inserts (exists false) or updates; STORE_CONFLICT for a stale expect_revision. */
	enum store_rc (*write)(struct store_conn *c, const struct document_put *p, bool exists,
			       int64_t now, int64_t *id);
	enum store_rc (*get)(struct store_conn *c, struct arena *a, int64_t id,
			     struct document *out);
	enum store_rc (*set_status)(struct store_conn *c, int64_t id, bool published,
				    int64_t published_at, int64_t now);
	enum store_rc (*remove)(struct store_conn *c, int64_t id);
	/* The documents `id` replaces (at most max). */
	enum store_rc (*replaced_by)(struct store_conn *c, int64_t id, int64_t *ids, size_t max,
				     size_t *n);
	enum store_rc (*rels_clear)(struct store_conn *c, int64_t id);
	enum store_rc (*rel_add)(struct store_conn *c, int64_t from, enum doc_rel_kind kind,
				 int64_t to);
	/* Recomputes the replaced_on date of document id. */
	enum store_rc (*replaced_refresh)(struct store_conn *c, int64_t id);
	/* Recomputes the search entry of document id (none unless published). */
	enum store_rc (*index_one)(struct store_conn *c, int64_t id);
	enum store_rc (*list)(struct store_conn *c, struct arena *a, const struct doc_query *q,
			      struct doc_row **out, size_t *n, int64_t *total);
	enum store_rc (*links)(struct store_conn *c, struct arena *a, int64_t id,
			       struct doc_link **out, size_t *n);
	enum store_rc (*file_add)(struct store_conn *c, const struct doc_file *f, const char *text,
				  int64_t now, int64_t *id);
	enum store_rc (*files)(struct store_conn *c, struct arena *a, int64_t document_id,
			       struct doc_file **out, size_t *n);
	enum store_rc (*file_get)(struct store_conn *c, struct arena *a, int64_t id,
				  struct doc_file *out);
	enum store_rc (*file_delete)(struct store_conn *c, int64_t id);
	enum store_rc (*download_add)(struct store_conn *c, int64_t file_id, int64_t n);
	enum store_rc (*comment_add)(struct store_conn *c, const struct doc_comment *k, int64_t now,
				     int64_t *id);
	enum store_rc (*comments)(struct store_conn *c, struct arena *a, int64_t document_id,
				  int status, struct doc_comment **out, size_t *n);
	enum store_rc (*comment_set)(struct store_conn *c, int64_t id, enum doc_comment_status s);
	/* Up to limit documents with ids above after, ascending. */
	enum store_rc (*each_page)(struct store_conn *c, struct arena *a, int64_t after,
				   size_t limit, struct document *rows, size_t *n);
	enum store_rc (*reindex)(struct store_conn *c, int64_t *count);
};

/* Rows both backends read the same way, and the parameters of a save (?1..?18: id .. now) and of
 * a filter (?1..?8: drafts, kind, issuer, field, issue dates, validity, today). */
void store_row_doc_named(struct arena *a, const struct store_row *r, void *elem);
void store_row_document(struct arena *a, const struct store_row *r, void *elem);
void store_row_doc_row(struct arena *a, const struct store_row *r, void *elem);
void store_row_doc_link(struct arena *a, const struct store_row *r, void *elem);
void store_row_doc_file(struct arena *a, const struct store_row *r, void *elem);
void store_row_doc_comment(struct arena *a, const struct store_row *r, void *elem);
void store_bind_document(struct store_bind *b, const struct document_put *p, int64_t now);
void store_bind_doc_filter(struct store_bind *b, const struct doc_query *q, bool drafts);

extern const struct store_doc_ops sq_doc_ops;
extern const struct store_doc_ops pg_doc_ops;

#endif
