/* The store's legal documents ("văn bản"): records, their editable lists, attached files,
 * relations, comments on drafts, download counts and their search index, on both backends. */
#ifndef GZ_STORE_DOCUMENTS_H
#define GZ_STORE_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

/* Dates are days since 1970-01-01 (docs/record.h); this one means "none". */
#define STORE_NO_DATE INT32_MIN

/* The admin-editable lists a document refers to. */
enum doc_list { DOC_LIST_KIND, DOC_LIST_ISSUER, DOC_LIST_FIELD, DOC_LIST_MAX };

struct doc_named {
	int64_t id;
	const char *name;
	int position;
};

/* Rows of a list, by position then name. */
enum store_rc store_doc_names(struct store *st, struct arena *a, enum doc_list list,
			      struct doc_named **out, size_t *n);
/* The row named name (exactly), made at the end of the list when missing. */
enum store_rc store_doc_name_ensure(struct store *st, enum doc_list list, const char *name,
				    int64_t *id);
/* STORE_CONFLICT when the name is taken. */
enum store_rc store_doc_name_update(struct store *st, enum doc_list list, int64_t id,
				    const char *name, int position);
/* STORE_CONFLICT while a document uses it. */
enum store_rc store_doc_name_delete(struct store *st, enum doc_list list, int64_t id);

/* A whole document. Strings never NULL; dates STORE_NO_DATE when absent. */
struct document {
	int64_t id, kind_id, issuer_id, field_id; /* field_id 0: none */
	const char *kind, *issuer, *field;        /* the lists' names ("" for no field) */
	const char *number, *slug, *summary, *body_html, *signer, *signer_position;
	int32_t issued_on, effective_on, expires_on, comment_from, comment_until;
	int32_t replaced_on; /* earliest effective date of a published document replacing it */
	bool published;
	int64_t published_at, created_at, updated_at, revision, owner_id;
};

/* What a writer gives to store_doc_put; id 0: new. Relations replace the stored ones. */
struct document_put {
	int64_t id;
	int64_t expect_revision; /* > 0: STORE_CONFLICT unless the stored revision is this */
	int64_t owner_id;        /* on insert */
	int64_t kind_id, issuer_id, field_id;
	const char *number, *slug, *summary, *body_html, *signer, *signer_position;
	int32_t issued_on, effective_on, expires_on, comment_from, comment_until;
	bool published;
	int64_t published_at; /* 0 with published: now */
	bool set_relations;   /* false: keep the stored relations */
	const struct store_doc_rel *relations;
	size_t nrelations;
};

enum doc_rel_kind { STORE_REL_REPLACES, STORE_REL_AMENDS, STORE_REL_BASED_ON, STORE_REL_MAX };

struct store_doc_rel {
	enum doc_rel_kind kind;
	int64_t id; /* the other document */
};

/*
 * Inserts or updates a document, its relations and its search entry, all or nothing. A relation
 * to a missing document, a missing kind, issuer or field, or to itself is STORE_INVALID; a stale
 * expect_revision STORE_CONFLICT. *id gets the id.
 */
enum store_rc store_doc_put(struct store *st, const struct document_put *p, int64_t *id);
enum store_rc store_doc_get(struct store *st, struct arena *a, int64_t id, struct document *out);
/* Publishes (published_at 0: now) or takes back to draft; refreshes what depends on it. */
enum store_rc store_doc_set_status(struct store *st, int64_t id, bool published,
				   int64_t published_at);
/* Removes a document with its files' rows, relations and comments (the caller removes files). */
enum store_rc store_doc_delete(struct store *st, int64_t id);

/* A filter of lists and searches. */
struct doc_query {
	int64_t kind_id, issuer_id, field_id; /* 0: any */
	int32_t issued_from, issued_to;       /* issue dates within; STORE_NO_DATE: open end */
	int validity;                         /* enum doc_validity of docs/record.h; -1: any */
	int32_t today;                        /* for validity */
	const struct search_query *q; /* NULL or no terms: a plain list, newest issued first */
	bool drafts;                  /* the newsroom: drafts too (never searched by words) */
	int64_t offset, limit;
};

/* A row of a list or a search. */
struct doc_row {
	int64_t id;
	const char *number, *slug, *summary, *kind, *issuer;
	int32_t issued_on, effective_on, expires_on, replaced_on;
	bool published;
	int64_t published_at, updated_at;
	double score; /* searches: higher first */
};

/*
 * Lists or searches documents. Without words: every match, newest issue date first, *total
 * exact. With words (published only): ranked as articles are (exact diacritics, then relevance,
 * the number field weighing most), among the newest SEARCH_WINDOW matches; *total is then capped.
 */
enum store_rc store_doc_list(struct store *st, struct arena *a, const struct doc_query *q,
			     struct doc_row **out, size_t *n, int64_t *total);

/* A related document as seen from one side: reverse when the other document holds the link. */
struct doc_link {
	enum doc_rel_kind kind;
	bool reverse;
	int64_t id;
	const char *number, *slug, *summary;
	bool published;
};

/* Both directions, direct links first. */
enum store_rc store_doc_links(struct store *st, struct arena *a, int64_t id, struct doc_link **out,
			      size_t *n);

/* An attached file. `file` is relative to the media folder and chosen by the server. */
struct doc_file {
	int64_t id, document_id;
	const char *file, *name, *type; /* type: "pdf", "docx"... */
	int64_t bytes, downloads, created_at;
	int position;
};

/* Records a file and its extracted text (indexed with the document when published). */
enum store_rc store_doc_file_add(struct store *st, const struct doc_file *f, const char *text,
				 int64_t *id);
enum store_rc store_doc_files(struct store *st, struct arena *a, int64_t document_id,
			      struct doc_file **out, size_t *n);
enum store_rc store_doc_file_get(struct store *st, struct arena *a, int64_t id,
				 struct doc_file *out);
enum store_rc store_doc_file_delete(struct store *st, int64_t id);

struct doc_count {
	int64_t file_id, n;
};
/* Adds download counts in one transaction (downloads = downloads + n: exact across nodes). */
enum store_rc store_doc_downloads_add(struct store *st, const struct doc_count *d, size_t n);

enum doc_comment_status { DOC_COMMENT_PENDING, DOC_COMMENT_APPROVED, DOC_COMMENT_REJECTED };

struct doc_comment {
	int64_t id, document_id, created_at;
	const char *name, *email, *body, *address;
	enum doc_comment_status status;
};

enum store_rc store_doc_comment_add(struct store *st, const struct doc_comment *c, int64_t *id);
/* Oldest first; status -1: any. */
enum store_rc store_doc_comments(struct store *st, struct arena *a, int64_t document_id, int status,
				 struct doc_comment **out, size_t *n);
enum store_rc store_doc_comment_set(struct store *st, int64_t id, enum doc_comment_status s);

/* Every document in id order (export); stops when fn returns non-zero. */
enum store_rc store_doc_each(struct store *st, int (*fn)(const struct document *, void *),
			     void *ctx);
/* Rebuilds the documents' search index (as store_search_reindex does for articles). */
enum store_rc store_doc_reindex(struct store *st, int64_t *count);

#endif
