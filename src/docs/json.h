/* A legal document as JSON: the one reader behind the API's writes and the JSON Lines import, and
 * the writer behind the API's reads and the export. */
#ifndef GZ_DOCS_JSON_H
#define GZ_DOCS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "docs/record.h"
#include "sanitize/sanitize.h"

#define DOC_SUMMARY_MAX 2000 /* code points */
#define DOC_NAME_MAX 200     /* kind, issuer, field, signer, position, a file name */
#define DOC_BODY_MAX (2u << 20)
#define DOC_RELATIONS_MAX 100
#define DOC_FILES_MAX 50

struct doc_rel_in {
	enum doc_relation kind;
	int64_t id; /* the other document */
};

/* A file of an import line: its path relative to the folder beside the JSON Lines file. */
struct doc_file_in {
	const char *name; /* the original name shown to readers */
	const char *path; /* relative, no "..", no leading '/' */
	int64_t downloads;
};

/* Which members a JSON object carried (PATCH changes only those). */
enum doc_member {
	DM_ID = 1u << 0,
	DM_KIND = 1u << 1,
	DM_NUMBER = 1u << 2,
	DM_ISSUER = 1u << 3,
	DM_FIELD = 1u << 4,
	DM_SIGNER = 1u << 5,
	DM_POSITION = 1u << 6,
	DM_ISSUED = 1u << 7,
	DM_EFFECTIVE = 1u << 8,
	DM_EXPIRES = 1u << 9,
	DM_SUMMARY = 1u << 10,
	DM_BODY = 1u << 11,
	DM_RELATIONS = 1u << 12,
	DM_COMMENT_FROM = 1u << 13,
	DM_COMMENT_UNTIL = 1u << 14,
	DM_STATUS = 1u << 15,
	DM_PUBLISHED_AT = 1u << 16,
	DM_FILES = 1u << 17,
	DM_REVISION = 1u << 18,
};

/* A document read from JSON. Strings NFC and trimmed, in the arena, "" when absent or null; dates
 * DOC_NO_DATE when absent or null. */
struct doc_in {
	unsigned members; /* enum doc_member bits present (null counts: it clears) */
	int64_t id, revision;
	const char *kind, *number, *issuer, *field, *signer, *signer_position, *summary;
	struct safe_html *body; /* sanitised (NULL when absent); freed with the arena */
	int32_t issued, effective, expires, comment_from, comment_until;
	bool published;       /* status "published" (else "draft") */
	int64_t published_at; /* UTC seconds, 0 when absent */
	struct doc_rel_in *relations;
	size_t nrelations;
	struct doc_file_in *files;
	size_t nfiles;
};

enum doc_json_mode {
	DOC_JSON_CREATE, /* API POST: kind, number, issuer, summary, issued_on required */
	DOC_JSON_PATCH,  /* API PATCH: revision required, the rest optional */
	DOC_JSON_IMPORT, /* JSON Lines: as CREATE, plus id, status, published_at, files */
};

/*
 * Reads object o. Returns 0 and fills *out, or -1 with one Vietnamese reason in err naming the
 * member ("trường 'issued_on': ngày không tồn tại"). Unknown members are errors (a typo must not
 * lose data). Cross-field rules (doc_fields_check) are the caller's, once merged with the stored
 * record.
 */
int doc_json_read(json_t *o, enum doc_json_mode mode, struct arena *a, struct doc_in *out,
		  struct buf *err);

/* Parses one JSON Lines line with doc_json_read(DOC_JSON_IMPORT). */
int doc_json_read_line(const char *line, size_t len, struct arena *a, struct doc_in *out,
		       struct buf *err);

#endif
