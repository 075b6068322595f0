/* NukeViet's laws module ("Văn bản", nukeviet/module-laws) into Gazette's legal documents: pass 1
 * reads the lists and every row but its body, pass 2 writes each document with its body and files,
 * then the replacements between documents and the old addresses of the lists.
 *
 * The module's meanings (modules/laws/language/admin_vi.php, admin/content.php, funcs/detail.php):
 * _cat is "Thể loại" (the kind, shown as "Loại văn bản"), _subject "Cơ quan ban hành" (the issuer,
 * `sid`), _area "Lĩnh vực" (fields, several per row through _row_area or, since 4.5.03, the row's
 * `area_ids`), _signer "Người ký" (`sgid`). `replacement` lists the documents that replace the row
 * ("Văn bản thay thế"; detail.php reads it as "văn bản thay thế cho văn bản đang xem" and the rows
 * a document replaces from _set_replace, which the admin fills from the same list).
 */
#include "import/nukeviet-int.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "docs/extract.h"
#include "docs/files.h"
#include "docs/json.h"
#include "docs/record.h"
#include "html/escape.h"
#include "import/nvlawsmap.h"
#include "import/wpbody.h"
#include "sanitize/sanitize.h"
#include "store/documents.h"
#include "vi/vi.h"

#define NVL_FILE_MAX (64L << 20) /* bytes of one attachment, as import-documents takes */
#define NVL_IDS_MAX 256          /* ids read from one list column */
#define NVL_RELS_MAX 128         /* relations of one document */

/* An entry of _cat (the kind), _subject (the issuer) or _area (a field). */
struct nvl_named {
	char *title, *alias;
	int64_t list_id; /* its row in Gazette's list, once a document used it */
};

struct nvl_signer {
	char *name, *position;
};

/* What pass 1 keeps of a row of _row (everything but its body). */
struct nvl_row {
	int64_t id, cid, sid, sgid, status, publtime, addtime, startvalid, exptime;
	int64_t comm_from, comm_until, downloads;
	char *title, *alias, *code, *summary, *files, *replacement, *relatement, *area_ids;
	bool visible;   /* groups_view lets a reader without an account see it */
	bool seen;      /* its body was read (pass 2) */
	bool published; /* as written */
	int64_t doc_id; /* Gazette's document, once written */
};

struct nvl_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	char *prefix;                    /* "nv4_vi_laws_" */
	char *scope;                     /* "nv4_vi_laws:": old keys of this module and language */
	int phase;                       /* 1: all but the bodies; 2: the rows with their bodies */
	GHashTable *lists[DOC_LIST_MAX]; /* old id -> struct nvl_named */
	GHashTable *signers, *rows;      /* old id -> struct nvl_signer, struct nvl_row */
	GHashTable *row_areas;           /* row id -> GArray of area ids, as read */
	GArray *pending;                 /* documents whose bodies link to old addresses */
	struct nv_links links;
	long long items;
};

/* The tables read, with the columns the import cannot do without (versions add others). */
static const struct {
	const char *suffix;
	const char *cols[14];
} tables[] = {
    {"cat", {"id", "title", "alias", NULL}},
    {"subject", {"id", "title", "alias", NULL}},
    {"area", {"id", "title", "alias", NULL}},
    {"signer", {"id", "title", NULL}},
    {"row_area", {"row_id", "area_id", NULL}},
    {"row",
     {"id", "replacement", "title", "alias", "code", "cid", "sid", "introtext", "bodytext", "files",
      "status", "publtime", "exptime", NULL}},
};
enum { NVL_TABLES = sizeof tables / sizeof tables[0] };

static gpointer id_key(int64_t id)
{
	return g_memdup2(&id, sizeof id);
}

static void named_free(gpointer p)
{
	struct nvl_named *n = p;
	g_free(n->title);
	g_free(n->alias);
	g_free(n);
}

static void signer_free(gpointer p)
{
	struct nvl_signer *s = p;
	g_free(s->name);
	g_free(s->position);
	g_free(s);
}

static void row_free(gpointer p)
{
	struct nvl_row *m = p;
	g_free(m->title);
	g_free(m->alias);
	g_free(m->code);
	g_free(m->summary);
	g_free(m->files);
	g_free(m->replacement);
	g_free(m->relatement);
	g_free(m->area_ids);
	g_free(m);
}

static void array_free(gpointer p)
{
	g_array_free(p, TRUE);
}

/* A text column as Gazette's field: legacy encodings repaired, then nvl_text. Caller g_frees. */
static char *field_text(struct nvl_run *r, int slot, const char *s, size_t max, bool lines)
{
	struct buf b = BUF_INIT;
	nvl_text(iw_text(r->w, slot, s), max, lines, &b);
	char *out = g_strdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* "document 12 (15/2024/QĐ-UBND)": how the report names a row. Caller g_frees. */
static char *row_name(const struct nvl_row *m)
{
	return *m->code ? g_strdup_printf("document %lld (%s)", (long long)m->id, m->code)
			: g_strdup_printf("document %lld", (long long)m->id);
}

static void note(struct nvl_run *r, const struct nvl_row *m, const char *why)
{
	char *what = row_name(m);
	iw_note(r->w, what, why);
	g_free(what);
}

/* ---- Pass 1 ---- */

static void on_named(struct nvl_run *r, enum doc_list list, const struct sqld_row *row)
{
	struct nvl_named *n = g_new0(struct nvl_named, 1);
	n->title = field_text(r, 0, nv_col(row, "title"), DOC_NAME_MAX, false);
	n->alias = g_strdup(nv_col(row, "alias"));
	g_hash_table_replace(r->lists[list], id_key(nv_col_int(row, "id")), n);
}

static void on_signer(struct nvl_run *r, const struct sqld_row *row)
{
	struct nvl_signer *s = g_new0(struct nvl_signer, 1);
	s->name = field_text(r, 0, nv_col(row, "title"), DOC_NAME_MAX, false);
	s->position = field_text(r, 1, nv_col(row, "positions"), DOC_NAME_MAX, false);
	g_hash_table_replace(r->signers, id_key(nv_col_int(row, "id")), s);
}

static void on_row_area(struct nvl_run *r, const struct sqld_row *row)
{
	int64_t id = nv_col_int(row, "row_id"), area = nv_col_int(row, "area_id");
	GArray *a = g_hash_table_lookup(r->row_areas, &id);
	if (!a) {
		a = g_array_new(FALSE, FALSE, sizeof(int64_t));
		g_hash_table_insert(r->row_areas, id_key(id), a);
	}
	g_array_append_val(a, area);
}

static void on_row_meta(struct nvl_run *r, const struct sqld_row *row)
{
	struct nvl_row *m = g_new0(struct nvl_row, 1);
	m->id = nv_col_int(row, "id");
	m->cid = nv_col_int(row, "cid");
	m->sid = nv_col_int(row, "sid");
	m->sgid = nv_col_int(row, "sgid");
	m->status = nv_col_int(row, "status");
	m->publtime = nv_col_int(row, "publtime");
	m->addtime = nv_col_int(row, "addtime");
	m->startvalid = nv_col_int(row, "startvalid");
	m->exptime = nv_col_int(row, "exptime");
	m->comm_from = nv_col_int(row, "start_comm_time");
	m->comm_until = nv_col_int(row, "end_comm_time");
	m->downloads = nv_col_int(row, "download_hits");
	m->title = field_text(r, 0, nv_col(row, "title"), DOC_SUMMARY_MAX, true);
	m->summary = field_text(r, 1, nv_col(row, "introtext"), DOC_SUMMARY_MAX, true);
	m->code = field_text(r, 2, nv_col(row, "code"), DOC_NAME_MAX, false);
	m->alias = g_strdup(nv_col(row, "alias"));
	m->files = g_strdup(nv_col(row, "files"));
	m->replacement = g_strdup(nv_col(row, "replacement"));
	m->relatement = g_strdup(nv_col(row, "relatement"));
	m->area_ids = g_strdup(nv_col(row, "area_ids"));
	/* before groups_view (early versions) every row was public */
	m->visible = !nv_has_col(row, "groups_view") || nvl_public(nv_col(row, "groups_view"));
	g_hash_table_replace(r->rows, id_key(m->id), m);
}

static void phase1_row(struct nvl_run *r, const char *suffix, const struct sqld_row *row)
{
	if (strcmp(suffix, "cat") == 0)
		on_named(r, DOC_LIST_KIND, row);
	else if (strcmp(suffix, "subject") == 0)
		on_named(r, DOC_LIST_ISSUER, row);
	else if (strcmp(suffix, "area") == 0)
		on_named(r, DOC_LIST_FIELD, row);
	else if (strcmp(suffix, "signer") == 0)
		on_signer(r, row);
	else if (strcmp(suffix, "row_area") == 0)
		on_row_area(r, row);
	else if (strcmp(suffix, "row") == 0)
		on_row_meta(r, row);
}

/* ---- A document's record ---- */

/* The id of list entry `old` of `list` in Gazette's list, made when first used; 0 when the old
 * entry does not exist or has no name, -1 when the database refused it. */
static int64_t list_id(struct nvl_run *r, enum doc_list list, int64_t old)
{
	struct nvl_named *n = g_hash_table_lookup(r->lists[list], &old);
	if (!n || !*n->title)
		return 0;
	if (!n->list_id && store_doc_name_ensure(r->st, list, n->title, &n->list_id) != STORE_OK)
		return -1;
	return n->list_id;
}

/* The field: the first of the row's areas that exists (Gazette keeps one); -1 when the database
 * refused it. */
static int64_t field_of(struct nvl_run *r, struct nvl_row *m)
{
	int64_t ids[NVL_IDS_MAX];
	size_t n = nvl_ids(m->area_ids, ids, NVL_IDS_MAX);
	GArray *a = n ? NULL : g_hash_table_lookup(r->row_areas, &m->id);
	for (guint i = 0; a && i < a->len && n < NVL_IDS_MAX; i++)
		ids[n++] = g_array_index(a, int64_t, i);
	int64_t id = 0;
	bool more = false;
	for (size_t i = 0; i < n && id >= 0; i++) {
		if (!id)
			id = list_id(r, DOC_LIST_FIELD, ids[i]);
		else
			more = more || g_hash_table_contains(r->lists[DOC_LIST_FIELD], &ids[i]);
	}
	if (more)
		note(r, m,
		     "more than one lĩnh vực: the first is kept (a document has one field here)");
	return id;
}

static const char *const drop_notes[] = {
    "ngày có hiệu lực before the issue date: left out",
    "ngày hết hiệu lực not after the issue and effective dates: left out",
    "comment window without its end, or ending before it opens: left out",
    "comment window without its start: opens on the issue date",
};

/* The dates of the record; NULL, or why the row cannot be a document. */
static const char *dates_of(struct nvl_run *r, struct nvl_row *m, struct document_put *p)
{
	const char *tz = r->o->tz;
	struct nvl_dates d = {nvl_day(m->publtime, tz), nvl_day(m->startvalid, tz),
			      nvl_day(m->exptime, tz), nvl_day(m->comm_from, tz),
			      nvl_day(m->comm_until, tz)};
	if (d.issued == DOC_NO_DATE && (m->comm_from > 0 || m->comm_until > 0) && m->addtime > 0) {
		/* a draft put out for comment has no issue date yet (admin/content.php lets it) */
		d.issued = nvl_day(m->addtime, tz);
		note(r, m, "no ngày ban hành (a draft for comment): dated the day it was posted");
	}
	if (d.issued == DOC_NO_DATE)
		return "no ngày ban hành (publtime)";
	unsigned dropped = nvl_dates_fix(&d);
	for (unsigned i = 0; i < sizeof drop_notes / sizeof drop_notes[0]; i++)
		if (dropped & (1u << i))
			note(r, m, drop_notes[i]);
	p->issued_on = d.issued;
	p->effective_on = d.effective;
	p->expires_on = d.expires;
	p->comment_from = d.comment_from;
	p->comment_until = d.comment_until;
	return NULL;
}

/* record_of's answer when the database, not the row, failed: the run's error. */
static const char db_refused[] = "the database refused an entry of the kinds, issuers or fields";

/* Fills everything of p but the body and the slug from m (strings in a); NULL, or why the row
 * cannot be a document (then skipped and listed). */
static const char *record_of(struct nvl_run *r, struct nvl_row *m, struct arena *a,
			     struct document_put *p)
{
	struct buf num = BUF_INIT;
	struct nvl_named *kind = g_hash_table_lookup(r->lists[DOC_LIST_KIND], &m->cid),
			 *issuer = g_hash_table_lookup(r->lists[DOC_LIST_ISSUER], &m->sid);
	if (!kind || !*kind->title)
		return "its thể loại (cid) is not in _cat";
	if (!issuer || !*issuer->title)
		return "its cơ quan ban hành (sid) is not in _subject";
	if (nvl_number(m->code, &num) != 0) {
		buf_free(&num);
		return "no usable số ký hiệu (code)";
	}
	p->number = arena_strdup(a, buf_cstr(&num));
	buf_free(&num);
	p->summary = *m->summary ? m->summary : m->title;
	if (!*p->summary)
		return "no trích yếu (introtext) nor title";
	const char *why = dates_of(r, m, p);
	if (why)
		return why;
	/* a valid record: its list entries are made now, not for rows passed over */
	p->kind_id = list_id(r, DOC_LIST_KIND, m->cid);
	p->issuer_id = list_id(r, DOC_LIST_ISSUER, m->sid);
	if (p->kind_id < 0 || p->issuer_id < 0 || (p->field_id = field_of(r, m)) < 0)
		return db_refused;
	struct nvl_signer *s = g_hash_table_lookup(r->signers, &m->sgid);
	p->signer = s ? s->name : "";
	p->signer_position = s ? s->position : "";
	p->published = m->status == 1 && m->visible;
	if (m->status == 1 && !m->visible)
		note(r, m, "not public on the old site (groups_view): imported as a draft");
	p->published_at = m->addtime > 0 ? m->addtime : m->publtime;
	return NULL;
}

/* The body: bodytext with its old uploads copied and old links followed, then the remote files
 * (addresses elsewhere, which Gazette cannot hold) as links; sanitised into a. */
static int body_of(struct nvl_run *r, const struct nvl_row *m, const char *bodytext,
		   struct arena *a, const char **out, struct buf *err)
{
	struct buf raw = BUF_INIT, item = BUF_INIT;
	struct safe_html *clean = NULL;
	char *text = g_strdup(iw_text(r->w, 4, bodytext));
	wp_rewrite_links(text, "", nv_link_of, &r->links, &raw);
	g_free(text);
	for (const char *s = m->files; nvl_next_item(&s, &item);) {
		if (!nvl_is_remote(buf_cstr(&item)))
			continue;
		buf_puts(&raw, "\n<p>Tệp đính kèm: <a href=\"");
		html_escape(&raw, item.data, item.len);
		buf_puts(&raw, "\">");
		html_escape(&raw, item.data, item.len);
		buf_puts(&raw, "</a></p>");
	}
	int rc = -1;
	if (r->links.failed)
		buf_puts(err, buf_cstr(&r->links.why));
	else if (sanitize_html(raw.data ? raw.data : "", raw.len, &clean) != 0)
		buf_printf(err, "document %lld: the body is not valid UTF-8", (long long)m->id);
	else {
		*out = arena_strdup(a, safe_html_str(clean));
		rc = 0;
	}
	safe_html_free(clean);
	buf_free(&raw);
	buf_free(&item);
	return rc;
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* True when the stored document already says everything p says. */
static bool unchanged(const struct document *d, const struct document_put *p)
{
	return d->kind_id == p->kind_id && d->issuer_id == p->issuer_id &&
	       d->field_id == p->field_id && same_str(d->number, p->number) &&
	       same_str(d->slug, p->slug) && same_str(d->summary, p->summary) &&
	       same_str(d->body_html, p->body_html) && same_str(d->signer, p->signer) &&
	       same_str(d->signer_position, p->signer_position) && d->issued_on == p->issued_on &&
	       d->effective_on == p->effective_on && d->expires_on == p->expires_on &&
	       d->comment_from == p->comment_from && d->comment_until == p->comment_until &&
	       d->published == p->published &&
	       (!p->published || d->published_at == p->published_at);
}

/* Inserts or updates the document keyed by the row's old id (counted new, updated or unchanged);
 * sets m->doc_id. */
static int put_document(struct nvl_run *r, struct nvl_row *m, struct document_put *p,
			struct arena *a, struct buf *err)
{
	char *key = g_strdup_printf("%s%lld", r->scope, (long long)m->id);
	int64_t id = iw_map_get(r->w, "doc", key);
	struct document cur;
	int rc = 0;
	if (id && store_doc_get(r->st, a, id, &cur) != STORE_OK)
		id = 0; /* deleted in Gazette since: import it again */
	if (id && p->published && cur.published && !p->published_at)
		p->published_at = cur.published_at;
	if (id && unchanged(&cur, p)) {
		iw_count(r->w, IW_DOCUMENTS_UNCHANGED, 1);
	} else {
		p->id = id;
		int64_t got = 0;
		enum store_rc src = store_doc_put(r->st, p, &got);
		if (src != STORE_OK || iw_map_put(r->w, "doc", key, got) != 0) {
			buf_printf(err, "document %lld: the database refused it (%s)",
				   (long long)m->id, store_rc_str(src));
			rc = -1;
		} else {
			iw_count(r->w, id ? IW_DOCUMENTS_UPDATED : IW_DOCUMENTS_NEW, 1);
		}
		id = got;
	}
	m->doc_id = rc == 0 ? id : 0;
	m->published = p->published;
	g_free(key);
	return rc;
}

/* ---- Files ---- */

/* Reads a regular file of at most NVL_FILE_MAX bytes into b; 0 or -1. */
static int read_upload(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > NVL_FILE_MAX) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_append(b, chunk, (size_t)n);
	close(fd);
	return n == 0 ? 0 : -1;
}

/* A file that cannot be attached: listed and passed over (1) with --skip-missing-media, else the
 * run's error (-1). */
static int unusable(struct nvl_run *r, const struct nvl_row *m, const char *rel, const char *why,
		    struct buf *err)
{
	char *doc = row_name(m);
	int rc = 1;
	if (iw_options(r->w)->skip_missing_media) {
		char *what = g_strdup_printf("file '%s' of %s", rel, doc);
		iw_skip(r->w, what, strncmp(why, "is ", 3) == 0 ? why + 3 : why);
		g_free(what);
	} else {
		buf_printf(err,
			   "%s: file '%s' %s (--skip-missing-media imports the document without "
			   "it)",
			   doc, rel, why);
		rc = -1;
	}
	g_free(doc);
	return rc;
}

static const char *type_problem(enum doc_rc rc)
{
	switch (rc) {
	case DOC_BAD_TYPE:
	case DOC_MISMATCH:
		return "is not a PDF, DOC, DOCX, XLS, XLSX, ODT or ODS file by its content and "
		       "name";
	case DOC_ENCRYPTED:
		return "is protected by a password";
	case DOC_TOO_LARGE:
		return "is too large to read";
	default:
		return "is damaged: its text cannot be read";
	}
}

/* Saves data as the document's file `name` (its text indexed); *fid gets its id. */
static int save_file(struct nvl_run *r, const struct nvl_row *m, const char *name,
		     const struct buf *data, enum doc_type t, const struct buf *text,
		     int64_t downloads, int64_t *fid, struct buf *err)
{
	const char *dir = iw_options(r->w)->media_dir;
	struct buf rel = BUF_INIT, shown = BUF_INIT;
	int rc = -1;
	if (!dir)
		buf_printf(err, "no media folder to copy '%s' into (use --media DIR)", name);
	else if (doc_file_save(dir, data->data, data->len, doc_type_ext(t), (int64_t)time(NULL),
			       &rel) != 0)
		buf_printf(err, "cannot write '%s' into the media folder %s", name, dir);
	else if (iw_keep_file(r->w, buf_cstr(&rel), doc_type_mime(t)) != 0)
		buf_printf(err, "the database refused the file '%s'", name);
	else {
		doc_safe_name(&shown, name);
		struct doc_file f = {.document_id = m->doc_id,
				     .file = buf_cstr(&rel),
				     .name = buf_cstr(&shown),
				     .type = doc_type_ext(t),
				     .bytes = (int64_t)data->len,
				     .downloads = downloads};
		if (store_doc_file_add(r->st, &f, text->data ? text->data : "", fid) != STORE_OK)
			buf_printf(err, "the database refused the file '%s'", name);
		else
			rc = 0;
	}
	buf_free(&rel);
	buf_free(&shown);
	return rc;
}

/* Attaches the file rel (relative to the module's uploads folder) once: 0 with *fid, 1 when it
 * was passed over, -1 on the run's error. */
static int file_of(struct nvl_run *r, const struct nvl_row *m, const char *rel, int64_t downloads,
		   int64_t *fid, struct buf *err)
{
	const struct iw_opts *io = iw_options(r->w);
	char *key = g_strdup_printf("%s%lld/%s", r->scope, (long long)m->id, rel);
	struct arena *a = arena_new();
	struct buf path = BUF_INIT, data = BUF_INIT, text = BUF_INIT;
	struct doc_file cur;
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	enum doc_type t = DOC_TYPE_NONE;
	enum doc_rc dr;
	int rc;
	*fid = iw_map_get(r->w, "docfile", key);
	if (*fid && store_doc_file_get(r->st, a, *fid, &cur) == STORE_OK &&
	    cur.document_id == m->doc_id) {
		rc = 0; /* attached by an earlier run */
		goto out;
	}
	if (io->uploads && rel[0] != '/' && !strstr(rel, ".."))
		buf_printf(&path, "%s/%s/%s", io->uploads, r->o->module, rel);
	if (!path.len || read_upload(buf_cstr(&path), &data) != 0) {
		iw_count(r->w, IW_MEDIA_MISSING, 1);
		rc = unusable(r, m, rel, io->uploads ? "is missing" : "is missing (no --uploads)",
			      err);
	} else if ((dr = doc_check(data.data, data.len, base, &t)) != DOC_OK ||
		   (dr = doc_extract_text(data.data, data.len, t, &text)) != DOC_OK) {
		rc = unusable(r, m, rel, type_problem(dr), err);
	} else if ((rc = save_file(r, m, base, &data, t, &text, downloads, fid, err)) == 0) {
		rc = iw_map_put(r->w, "docfile", key, *fid);
		iw_count(r->w, IW_DOC_FILES, 1);
	}
out:
	g_free(key);
	arena_free(a);
	buf_free(&path);
	buf_free(&data);
	buf_free(&text);
	return rc;
}

/* The old addresses of a file: under /uploads/, and the detail page's download and viewer links
 * "/index.php?...&op=detail/ALIAS&download=1&id=N" (and pdf=1; N its place in `files`). Their
 * rewritten forms ("/laws/detail/ALIAS/?download=1&id=N") lead to the document, as the site looks
 * an address up without its query unless it is /index.php's. */
static void file_addresses(struct nvl_run *r, const struct nvl_row *m, const char *rel, int n,
			   int64_t fid)
{
	const char *mod = r->o->module, *l = r->o->lang;
	char *to = g_strdup_printf("/van-ban/tai-ve/%lld", (long long)fid);
	struct buf from = BUF_INIT;
	buf_printf(&from, "/uploads/%s/%s", mod, rel);
	iw_redirect(r->w, buf_cstr(&from), to);
	for (int i = 0; i < 2 && *m->alias; i++) {
		buf_reset(&from);
		buf_printf(&from, "/index.php?language=%s&nv=%s&op=detail/%s&%s=1&id=%d", l, mod,
			   m->alias, i ? "pdf" : "download", n);
		iw_redirect(r->w, buf_cstr(&from), to);
	}
	buf_free(&from);
	g_free(to);
}

/* Every file of `files` under the uploads folder; the document's download count (NukeViet counts
 * per document) goes to the first one attached. */
static int attach_files(struct nvl_run *r, struct nvl_row *m, struct buf *err)
{
	struct buf item = BUF_INIT;
	int n = -1, rc = 0;
	int64_t downloads = m->downloads;
	for (const char *s = m->files; rc >= 0 && nvl_next_item(&s, &item);) {
		n++;
		if (nvl_is_remote(buf_cstr(&item)))
			continue; /* a link in the body */
		int64_t fid = 0;
		rc = file_of(r, m, buf_cstr(&item), downloads, &fid, err);
		if (rc == 0) {
			downloads = 0;
			if (m->published)
				file_addresses(r, m, buf_cstr(&item), n, fid);
		}
	}
	buf_free(&item);
	return rc < 0 ? -1 : 0;
}

/* ---- Pass 2: documents ---- */

static int write_document(struct nvl_run *r, struct nvl_row *m, const char *bodytext,
			  struct buf *err)
{
	struct arena *a = arena_new();
	struct document_put p = {0};
	struct buf slug = BUF_INIT;
	const char *why = record_of(r, m, a, &p);
	int rc = 0;
	if (why == db_refused) {
		buf_printf(err, "document %lld: %s", (long long)m->id, why);
		rc = -1;
		goto out;
	}
	if (why) {
		char *what = row_name(m);
		iw_skip(r->w, what, why);
		g_free(what);
		goto out;
	}
	rc = body_of(r, m, bodytext, a, &p.body_html, err);
	if (rc != 0)
		goto out;
	struct nvl_named *kind = g_hash_table_lookup(r->lists[DOC_LIST_KIND], &m->cid);
	char *text = g_strdup_printf("%s %s %s", kind->title, p.number, p.summary);
	vi_slug(text, strlen(text), 100, &slug);
	g_free(text);
	p.slug = slug.len ? buf_cstr(&slug) : "van-ban";
	rc = put_document(r, m, &p, a, err);
	if (rc == 0 && strstr(p.body_html, "href=\"/"))
		g_array_append_val(r->pending, m->doc_id);
	if (rc == 0)
		rc = attach_files(r, m, err);
	if (rc == 0 && p.published && *m->alias) {
		char *op = g_strdup_printf("detail/%s", m->alias);
		char *to = g_strdup_printf("/van-ban/%s-%lld.html", p.slug, (long long)m->doc_id);
		nv_old_addresses(r->w, r->o, op, to, false, false);
		g_free(op);
		g_free(to);
	}
out:
	buf_free(&slug);
	arena_free(a);
	return rc;
}

static int phase2_row(struct nvl_run *r, const struct sqld_row *row, struct buf *err)
{
	int64_t id = nv_col_int(row, "id");
	struct nvl_row *m = g_hash_table_lookup(r->rows, &id);
	if (!m || m->seen)
		return 0;
	m->seen = true;
	return write_document(r, m, nv_col(row, "bodytext"), err);
}

/* ---- Replacements, links between documents and list addresses ---- */

/* A put that writes d back as it is (relations kept). */
static void put_of(const struct document *d, struct document_put *p)
{
	*p = (struct document_put){
	    .id = d->id,
	    .kind_id = d->kind_id,
	    .issuer_id = d->issuer_id,
	    .field_id = d->field_id,
	    .number = d->number,
	    .slug = d->slug,
	    .summary = d->summary,
	    .body_html = d->body_html,
	    .signer = d->signer,
	    .signer_position = d->signer_position,
	    .issued_on = d->issued_on,
	    .effective_on = d->effective_on,
	    .expires_on = d->expires_on,
	    .comment_from = d->comment_from,
	    .comment_until = d->comment_until,
	    .published = d->published,
	    .published_at = d->published_at,
	};
}

/* Follows again the links of document id's body to old addresses, now that every document of
 * the run has its redirect (a body may link to a later row); saved when they changed. */
static int relink(struct nvl_run *r, int64_t id, struct buf *err)
{
	struct arena *a = arena_new();
	struct document d;
	struct buf body = BUF_INIT;
	struct safe_html *clean = NULL;
	int rc = 0;
	if (store_doc_get(r->st, a, id, &d) != STORE_OK)
		goto out;
	wp_rewrite_links(d.body_html, "", nv_link_of, &r->links, &body);
	if (strcmp(buf_cstr(&body), d.body_html) == 0 ||
	    sanitize_html(body.data, body.len, &clean) != 0)
		goto out;
	struct document_put p;
	put_of(&d, &p);
	p.body_html = safe_html_str(clean);
	int64_t got;
	if (store_doc_put(r->st, &p, &got) != STORE_OK) {
		buf_printf(err, "document %lld: the database refused its links", (long long)id);
		rc = -1;
	}
out:
	safe_html_free(clean);
	buf_free(&body);
	arena_free(a);
	return rc;
}

/* Adds to document id the relations "replaces" each of replaced[0..n), keeping the ones it has
 * (an editor's, or an earlier run's). */
static int add_replacements(struct nvl_run *r, int64_t id, const GArray *replaced, struct buf *err)
{
	struct arena *a = arena_new();
	struct doc_link *links = NULL;
	struct document d;
	size_t nlinks = 0, n = 0, added = 0;
	struct store_doc_rel rels[NVL_RELS_MAX];
	int rc = -1;
	if (store_doc_links(r->st, a, id, &links, &nlinks) != STORE_OK ||
	    store_doc_get(r->st, a, id, &d) != STORE_OK) {
		buf_printf(err, "cannot read back document %lld", (long long)id);
		goto out;
	}
	for (size_t i = 0; i < nlinks && n < NVL_RELS_MAX; i++)
		if (!links[i].reverse)
			rels[n++] = (struct store_doc_rel){links[i].kind, links[i].id};
	for (guint i = 0; i < replaced->len && n < NVL_RELS_MAX; i++) {
		int64_t old = g_array_index(replaced, int64_t, i);
		bool have = false;
		for (size_t j = 0; j < n && !have; j++)
			have = rels[j].kind == STORE_REL_REPLACES && rels[j].id == old;
		if (!have) {
			rels[n++] = (struct store_doc_rel){STORE_REL_REPLACES, old};
			added++;
		}
	}
	rc = 0;
	if (added) {
		struct document_put p;
		put_of(&d, &p);
		p.set_relations = true;
		p.relations = rels;
		p.nrelations = n;
		int64_t out;
		if (store_doc_put(r->st, &p, &out) != STORE_OK) {
			buf_printf(err, "document %lld: the database refused its replacements",
				   (long long)id);
			rc = -1;
		}
	}
out:
	arena_free(a);
	return rc;
}

/* `replacement` of row S lists the rows that replace S: each becomes "replaces S". */
static int write_replacements(struct nvl_run *r, struct buf *err)
{
	GHashTable *by = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, array_free);
	GHashTableIter it;
	gpointer k, v;
	int64_t ids[NVL_IDS_MAX];
	g_hash_table_iter_init(&it, r->rows);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		struct nvl_row *m = v;
		if (!m->doc_id)
			continue;
		if (nvl_ids(m->relatement, ids, NVL_IDS_MAX) > 0)
			note(r, m,
			     "its văn bản liên quan are not kept: Gazette relates documents only "
			     "as replacing, amending or based on");
		size_t n = nvl_ids(m->replacement, ids, NVL_IDS_MAX);
		for (size_t i = 0; i < n; i++) {
			struct nvl_row *by_row = g_hash_table_lookup(r->rows, &ids[i]);
			if (!by_row || !by_row->doc_id) {
				note(r, m, "replaced by a document that was not imported");
				continue;
			}
			if (by_row->doc_id == m->doc_id)
				continue;
			GArray *list = g_hash_table_lookup(by, &by_row->doc_id);
			if (!list) {
				list = g_array_new(FALSE, FALSE, sizeof(int64_t));
				g_hash_table_insert(by, id_key(by_row->doc_id), list);
			}
			g_array_append_val(list, m->doc_id);
		}
	}
	int rc = 0;
	g_hash_table_iter_init(&it, by);
	while (rc == 0 && g_hash_table_iter_next(&it, &k, &v))
		rc = add_replacements(r, *(int64_t *)k, v, err);
	g_hash_table_destroy(by);
	return rc;
}

/* The module's page and its lists: /laws/ to /van-ban/, a kind (/laws/ALIAS/), a field
 * (/laws/area/ALIAS/) or an issuer (/laws/subject/ALIAS/) to the list filtered by it. */
static void list_addresses(struct nvl_run *r)
{
	static const char *const ops[DOC_LIST_MAX] = {"%s", "subject/%s", "area/%s"};
	static const char *const args[DOC_LIST_MAX] = {"loai", "co-quan", "linh-vuc"};
	nv_old_addresses(r->w, r->o, "", "/van-ban/", false, false);
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, r->lists[l]);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			struct nvl_named *n = v;
			if (!n->list_id || !*n->alias || strchr(n->alias, '/'))
				continue;
			char *op = g_strdup_printf(ops[l], n->alias);
			char *to =
			    g_strdup_printf("/van-ban/?%s=%lld", args[l], (long long)n->list_id);
			nv_old_addresses(r->w, r->o, op, to, false, false);
			g_free(op);
			g_free(to);
		}
	}
}

/* ---- Reading ---- */

static int table_of(struct nvl_run *r, const char *table)
{
	size_t n = strlen(r->prefix);
	if (strncmp(table, r->prefix, n) != 0)
		return -1;
	for (int i = 0; i < NVL_TABLES; i++)
		if (strcmp(table + n, tables[i].suffix) == 0)
			return i;
	return -1;
}

static bool want(void *ctx, const char *table)
{
	struct nvl_run *r = ctx;
	int t = table_of(r, table);
	return t >= 0 && (r->phase == 1 || strcmp(tables[t].suffix, "row") == 0);
}

static int on_row(void *ctx, const struct sqld_row *row, struct buf *err)
{
	struct nvl_run *r = ctx;
	r->items++;
	if (r->o->tick)
		r->o->tick(r->o->pctx, r->items);
	if (!row->cols) {
		buf_printf(
		    err, "`%s` has no CREATE TABLE before its rows (dumped with --no-create-info?)",
		    row->table);
		return -1;
	}
	int t = table_of(r, row->table);
	if (t < 0 || nv_require_cols(row, tables[t].cols, "laws", err) != 0)
		return t < 0 ? 0 : -1;
	if (r->phase == 2)
		return phase2_row(r, row, err);
	phase1_row(r, tables[t].suffix, row);
	return 0;
}

static int read_phase(struct nvl_run *r, int phase, struct buf *err)
{
	char *names[NVL_TABLES];
	for (int i = 0; i < NVL_TABLES; i++)
		names[i] = g_strdup_printf("%s%s", r->prefix, tables[i].suffix);
	r->phase = phase;
	struct nv_source src = {r, want, on_row};
	int rc = nv_read(r->o, &src, (const char *const *)names, NVL_TABLES, err);
	for (int i = 0; i < NVL_TABLES; i++)
		g_free(names[i]);
	return rc;
}

int nv_laws_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		   struct buf *err)
{
	struct nvl_run r = {.w = w, .st = st, .o = o, .links = {.w = w}};
	r.prefix = g_strdup_printf("%s_%s_%s_", o->prefix, o->lang, o->module);
	r.scope = g_strdup_printf("%s_%s_%s:", o->prefix, o->lang, o->module);
	for (int l = 0; l < DOC_LIST_MAX; l++)
		r.lists[l] = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, named_free);
	r.signers = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, signer_free);
	r.rows = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, row_free);
	r.row_areas = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, array_free);
	r.pending = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int rc = read_phase(&r, 1, err);
	if (rc == 0 && g_hash_table_size(r.rows) == 0) {
		buf_printf(
		    err, "%s: no table %srow with documents (check --prefix, --lang and --module)",
		    o->label, r.prefix);
		rc = -1;
	}
	if (rc == 0)
		rc = read_phase(&r, 2, err);
	for (guint i = 0; rc == 0 && i < r.pending->len; i++)
		rc = relink(&r, g_array_index(r.pending, int64_t, i), err);
	if (rc == 0)
		rc = write_replacements(&r, err);
	if (rc == 0)
		list_addresses(&r);
	g_free(r.prefix);
	g_free(r.scope);
	for (int l = 0; l < DOC_LIST_MAX; l++)
		g_hash_table_destroy(r.lists[l]);
	g_hash_table_destroy(r.signers);
	g_hash_table_destroy(r.rows);
	g_hash_table_destroy(r.row_areas);
	g_array_free(r.pending, TRUE);
	buf_free(&r.links.why);
	return rc;
}
