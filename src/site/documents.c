/* Legal documents for readers: the list with filters and search (/van-ban/), one document
 * (/van-ban/{slug}-{id}.html) and its attachments' downloads (/van-ban/tai-ve/{id}). */
#include "site/site-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "docs/extract.h"
#include "docs/record.h"
#include "html/escape.h"
#include "sanitize/sanitize.h"
#include "search/query.h"
#include "site/views.h"
#include "site/mediacache.h"
#include "store/documents.h"

#define DOCS_PER_PAGE 20
#define DOC_FILE_MAX_BYTES (64L * 1024 * 1024)

/* A positive id from a query parameter; 0 when absent or not one. */
static int64_t query_id(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	char *end;
	if (!v || !*v)
		return 0;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	return *end || errno || n < 1 ? -1 : n;
}

static const char *const list_keys[DOC_LIST_MAX] = {"kinds", "issuers", "fields"};

/* The three lists for the filter form, each option marked when chosen. */
static enum store_rc fill_lists(struct page *p, const int64_t chosen[DOC_LIST_MAX])
{
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		struct doc_named *v;
		size_t n;
		enum store_rc rc = store_doc_names(p->st, p->a, (enum doc_list)l, &v, &n);
		if (rc != STORE_OK)
			return rc;
		struct tv *list = tv_list(p->ctx, list_keys[l]);
		for (size_t i = 0; i < n; i++) {
			struct tv *o = tv_push(list);
			tv_int(o, "id", v[i].id);
			tv_str(o, "name", v[i].name);
			tv_bool(o, "selected", v[i].id == chosen[l]);
		}
	}
	return STORE_OK;
}

static void fill_validities(struct page *p, int chosen)
{
	struct tv *list = tv_list(p->ctx, "validities");
	for (int v = 0; v < DOC_VALIDITY_MAX; v++) {
		struct tv *o = tv_push(list);
		tv_str(o, "slug", doc_validity_slug((enum doc_validity)v));
		tv_str(o, "label", doc_validity_label((enum doc_validity)v));
		tv_bool(o, "selected", v == chosen);
	}
}

const char *site_document_url(struct page *p, int64_t id, const char *slug)
{
	return arena_printf(p->a, "/van-ban/%s-%lld.html", *slug ? slug : "van-ban", (long long)id);
}

static const char *date_vi(struct page *p, int32_t day)
{
	struct buf b = BUF_INIT;
	doc_date_format_vi(&b, day);
	const char *s = arena_strdup(p->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static enum doc_validity validity_of(struct page *p, int32_t issued, int32_t effective,
				     int32_t expires, int32_t replaced)
{
	return doc_validity_on(doc_date_today(p->now, p->tz), issued, effective, expires, replaced);
}

static void fill_rows(struct page *p, const struct doc_row *v, size_t n)
{
	struct tv *list = tv_list(p->ctx, "documents");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_str(o, "url", site_document_url(p, v[i].id, v[i].slug));
		tv_str(o, "number", v[i].number);
		tv_str(o, "summary", v[i].summary);
		tv_str(o, "kind", v[i].kind);
		tv_str(o, "issuer", v[i].issuer);
		tv_str(o, "issued", date_vi(p, v[i].issued_on));
		tv_str(o, "validity",
		       doc_validity_label(validity_of(p, v[i].issued_on, v[i].effective_on,
						      v[i].expires_on, v[i].replaced_on)));
	}
	tv_bool(p->ctx, "has_documents", n > 0);
}

/* The list URL with the current filters and page n (1: none). */
static const char *list_url(struct page *p, const struct buf *filters, int n)
{
	if (n <= 1)
		return filters->len ? arena_printf(p->a, "/van-ban/?%s", filters->data + 1)
				    : "/van-ban/";
	return arena_printf(p->a, "/van-ban/?%spage=%d", filters->len ? filters->data + 1 : "", n);
}

static void fill_pages(struct page *p, const struct buf *filters, int page, int64_t total)
{
	int64_t pages = (total + DOCS_PER_PAGE - 1) / DOCS_PER_PAGE;
	struct tv *pager = tv_child(p->ctx, "pager");
	tv_int(pager, "page", page);
	tv_int(pager, "pages", pages);
	tv_bool(pager, "show", pages > 1);
	if (page > 1)
		tv_str(pager, "prev", list_url(p, filters, page - 1));
	if (page < pages)
		tv_str(pager, "next", list_url(p, filters, page + 1));
	struct tv *nums = tv_list(pager, "numbers");
	int64_t from = page > 3 ? page - 3 : 1, to = page + 3 < pages ? page + 3 : pages;
	for (int64_t i = from; pages > 1 && i <= to; i++) {
		struct tv *o = tv_push(nums);
		tv_int(o, "n", i);
		tv_str(o, "url", list_url(p, filters, (int)i));
		tv_bool(o, "current", i == page);
	}
}

/* Appends "&name=value" (value URL-encoded) when value is set. */
static void keep(struct buf *f, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_printf(f, "&%s=", name);
	html_url_encode(f, value, strlen(value));
}

/* Reads the filters of the query string into q; -1 on a malformed one. */
static int read_filters(struct page *p, struct doc_query *q, int64_t chosen[DOC_LIST_MAX],
			struct buf *kept)
{
	static const char *const names[DOC_LIST_MAX] = {"loai", "co-quan", "linh-vuc"};
	for (int l = 0; l < DOC_LIST_MAX; l++) {
		chosen[l] = query_id(p, names[l]);
		if (chosen[l] < 0)
			return -1;
		keep(kept, names[l], http_query(p->req, names[l]));
	}
	q->kind_id = chosen[0];
	q->issuer_id = chosen[1];
	q->field_id = chosen[2];
	int64_t year = query_id(p, "nam");
	if (year < 0 || (year && (year < 1900 || year > 2999)))
		return -1;
	if (year) {
		char s[32]; /* room for any int64, though the year is checked above */
		snprintf(s, sizeof s, "%04lld-01-01", (long long)year);
		doc_date_parse(s, &q->issued_from);
		snprintf(s, sizeof s, "%04lld-12-31", (long long)year);
		doc_date_parse(s, &q->issued_to);
		tv_int(p->ctx, "year", year);
		keep(kept, "nam", http_query(p->req, "nam"));
	}
	const char *v = http_query(p->req, "hieu-luc");
	q->validity = v && *v ? (int)doc_validity_from(v) : -1;
	if (q->validity == DOC_VALIDITY_MAX)
		return -1;
	keep(kept, "hieu-luc", v);
	return 0;
}

void page_documents(struct page *p)
{
	struct doc_query q = {.issued_from = STORE_NO_DATE,
			      .issued_to = STORE_NO_DATE,
			      .today = doc_date_today(p->now, p->tz),
			      .limit = DOCS_PER_PAGE};
	int64_t chosen[DOC_LIST_MAX];
	struct buf kept = BUF_INIT;
	int page = http_parse_page(http_query(p->req, "page"));
	const char *words = http_query(p->req, "q");
	struct search_query sq;
	int status = 0;
	if (page < 0 || read_filters(p, &q, chosen, &kept) != 0)
		status = 400;
	if (!status && words && *words) {
		if (search_query_parse(p->a, words, strlen(words), &sq) != 0)
			status = 400;
		q.q = &sq;
		tv_str(p->ctx, "q", words);
		keep(&kept, "q", words);
	}
	q.offset = (int64_t)(page - 1) * DOCS_PER_PAGE;
	struct doc_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	enum store_rc rc = STORE_OK;
	if (!status) {
		int64_t t0 = cache_now_us();
		rc = store_doc_list(p->st, p->a, &q, &rows, &n, &total);
		if (q.q && q.q->nterms)
			site_count_search(p->site, SITE_SEARCH_DOCUMENTS, cache_now_us() - t0);
	}
	if (!status && rc == STORE_OK)
		rc = fill_lists(p, chosen);
	if (!status && rc != STORE_OK)
		status = page_status_of(rc);
	if (!status && page > 1 && q.offset >= total)
		status = 404;
	if (status) {
		buf_free(&kept);
		page_error(p, status);
		return;
	}
	fill_validities(p, q.validity);
	fill_rows(p, rows, n);
	tv_int(p->ctx, "total", total);
	fill_pages(p, &kept, page, total);
	tv_str(p->ctx, "title",
	       page > 1 ? arena_printf(p->a, "Văn bản - Trang %d", page) : "Văn bản");
	tv_str(p->ctx, "canonical", list_url(p, &kept, page));
	buf_free(&kept);
	page_render(p, 200, "documents");
}

static void free_safe(void *h)
{
	safe_html_free(h);
}

/* One row of the metadata table, left out when value is empty. */
static void meta(struct page *p, struct tv *rows, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	struct tv *o = tv_push(rows);
	tv_str(o, "label", label);
	tv_str(o, "value", value);
	(void)p;
}

static void fill_meta(struct page *p, const struct document *d)
{
	struct tv *rows = tv_list(p->ctx, "meta");
	meta(p, rows, "Số ký hiệu", d->number);
	meta(p, rows, "Loại văn bản", d->kind);
	meta(p, rows, "Cơ quan ban hành", d->issuer);
	meta(p, rows, "Lĩnh vực", d->field);
	meta(p, rows, "Người ký",
	     *d->signer_position ? arena_printf(p->a, "%s (%s)", d->signer, d->signer_position)
				 : d->signer);
	meta(p, rows, "Ngày ban hành", date_vi(p, d->issued_on));
	meta(p, rows, "Ngày có hiệu lực", date_vi(p, d->effective_on));
	meta(p, rows, "Ngày hết hiệu lực", date_vi(p, d->expires_on));
	meta(p, rows, "Tình trạng hiệu lực",
	     doc_validity_label(
		 validity_of(p, d->issued_on, d->effective_on, d->expires_on, d->replaced_on)));
}

static enum store_rc fill_files(struct page *p, int64_t id)
{
	struct doc_file *v;
	size_t n;
	enum store_rc rc = store_doc_files(p->st, p->a, id, &v, &n);
	if (rc != STORE_OK)
		return rc;
	struct tv *list = tv_list(p->ctx, "files");
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_str(o, "name", v[i].name);
		tv_str(o, "url", arena_printf(p->a, "/van-ban/tai-ve/%lld", (long long)v[i].id));
		tv_str(o, "type", doc_type_label(doc_type_from_ext(v[i].type)));
		tv_int(o, "kb", (v[i].bytes + 1023) / 1024);
		tv_int(o, "downloads", v[i].downloads);
	}
	tv_bool(p->ctx, "has_files", n > 0);
	return STORE_OK;
}

/* Related documents that readers may see, seen from this side. */
static enum store_rc fill_links(struct page *p, int64_t id)
{
	struct doc_link *v;
	size_t n;
	enum store_rc rc = store_doc_links(p->st, p->a, id, &v, &n);
	if (rc != STORE_OK)
		return rc;
	struct tv *list = tv_list(p->ctx, "links");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].published)
			continue;
		struct tv *o = tv_push(list);
		tv_str(o, "label", doc_relation_label((enum doc_relation)v[i].kind, v[i].reverse));
		tv_str(o, "number", v[i].number);
		tv_str(o, "summary", v[i].summary);
		tv_str(o, "url", site_document_url(p, v[i].id, v[i].slug));
		shown++;
	}
	tv_bool(p->ctx, "has_links", shown > 0);
	return STORE_OK;
}

/* The consultation window: open today, or when it opens or closed. */
static void fill_window(struct page *p, const struct document *d)
{
	if (d->comment_from == STORE_NO_DATE)
		return;
	int32_t today = doc_date_today(p->now, p->tz);
	struct tv *w = tv_child(p->ctx, "consultation");
	tv_str(w, "from", date_vi(p, d->comment_from));
	tv_str(w, "until", date_vi(p, d->comment_until));
	bool open = today >= d->comment_from && today <= d->comment_until;
	tv_bool(w, "open", open);
	const char *token = open ? site_doc_form_token(p, d->id) : NULL;
	if (token)
		tv_str(w, "token", token);
	tv_str(w, "action", arena_printf(p->a, "/gop-y/van-ban/%lld", (long long)d->id));
	tv_bool(p->ctx, "has_consultation", true);
}

void page_document(struct page *p, int64_t id, const char *slug)
{
	struct document d;
	enum store_rc rc = store_doc_get(p->st, p->a, id, &d);
	if (rc == STORE_OK && !d.published)
		rc = STORE_NOTFOUND;
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	const char *url = site_document_url(p, d.id, d.slug);
	if (strcmp(slug, d.slug) != 0) {
		page_redirect(p, 301, url);
		return;
	}
	fill_meta(p, &d);
	rc = fill_files(p, d.id);
	if (rc == STORE_OK)
		rc = fill_links(p, d.id);
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct tv *o = tv_child(p->ctx, "document");
	tv_str(o, "number", d.number);
	tv_str(o, "kind", d.kind);
	tv_str(o, "summary", d.summary);
	struct safe_html *body = NULL;
	if (*d.body_html && sanitize_html(d.body_html, strlen(d.body_html), &body) == 0) {
		arena_on_free(p->a, free_safe, body);
		tv_safe(o, "body", body);
	}
	fill_window(p, &d);
	tv_str(p->ctx, "title", arena_printf(p->a, "%s %s", d.kind, d.number));
	tv_str(p->ctx, "canonical", url);
	page_render(p, 200, "document");
	p->cacheable = true;
}

/* Reads a regular file (no symbolic link) of at most DOC_FILE_MAX_BYTES into the body. */
static bool read_file(struct page *p, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			log_warn("documents: cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	struct stat sb;
	bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= DOC_FILE_MAX_BYTES;
	char chunk[65536];
	while (ok) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ok = r == 0;
			break;
		}
		buf_append(&p->resp->body, chunk, (size_t)r);
	}
	close(fd);
	return ok;
}

/* A reader's GET counts one download; HEAD and crawlers do not. Kept in memory and added to the
 * store each flush interval (views-flush-ms), so a count may lag by that much. */
static void count_download(struct page *p, int64_t file_id)
{
	if (p->req->method != HTTP_GET ||
	    views_is_crawler(http_header(p->req, "User-Agent"), p->site->crawlers))
		return;
	views_hit(p->site->downloads, file_id); /* written in batches, like views */
}

void page_document_file(struct page *p, int64_t file_id)
{
	struct doc_file f;
	struct document d;
	enum store_rc rc = store_doc_file_get(p->st, p->a, file_id, &f);
	if (rc == STORE_OK)
		rc = store_doc_get(p->st, p->a, f.document_id, &d);
	if (rc == STORE_OK && !d.published)
		rc = STORE_NOTFOUND;
	enum doc_type t = rc == STORE_OK ? doc_type_from_ext(f.type) : DOC_TYPE_NONE;
	if (rc == STORE_OK && (t == DOC_TYPE_NONE || !p->site->media_dir || strstr(f.file, "..")))
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK &&
	    (mcache_get(p->st, p->a, p->site->media_dir, f.file) != 0 ||
	     !read_file(p, arena_printf(p->a, "%s/%s", p->site->media_dir, f.file)))) {
		buf_reset(&p->resp->body);
		rc = STORE_NOTFOUND;
	}
	if (rc != STORE_OK) {
		page_error(p, page_status_of(rc));
		return;
	}
	struct buf disp = BUF_INIT;
	doc_disposition(&disp, f.name, t == DOC_TYPE_PDF);
	p->resp->status = 200;
	p->resp->content_type = doc_type_mime(t);
	http_resp_header(p->resp, "Content-Disposition", arena_strdup(p->a, buf_cstr(&disp)));
	http_resp_header(p->resp, "Cache-Control", "no-store");
	http_resp_header(p->resp, "X-Content-Type-Options", "nosniff");
	http_resp_header(p->resp, "Content-Security-Policy", "default-src 'none'; sandbox");
	buf_free(&disp);
	count_download(p, f.id);
}
