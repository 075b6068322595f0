/* Request limits: how much body each route takes, and the answers to requests refused from their
 * headers (sizes, framing, bodies) before any handler ran. */
#include "site/site-int.h"

#include <string.h>

#include <jansson.h>

/* Multipart framing and the form's small fields around an uploaded file. */
#define UPLOAD_SLACK (64 * 1024)
/* A reader's form: name, email and 5,000 characters of comment, URL-encoded. */
#define READER_FORM_MAX (64 * 1024)
/* An attachment of a legal document (issue 12). */
#define DOC_UPLOAD_MAX (50L * 1000 * 1000)
/* The largest poll form a reader sends (issue 14). */
#define POLL_FORM_MAX (8 * 1024)

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool site_is_upload(const struct http_req *req)
{
	return req->method == HTTP_POST &&
	       (strcmp(req->path, "/admin/media") == 0 || strcmp(req->path, "/api/v1/media") == 0);
}

static bool is_video_upload(const struct http_req *req)
{
	return req->method == HTTP_POST && strcmp(req->path, "/admin/videos") == 0;
}

/* An attachment of a legal document: POST /admin/documents/{id}/files or the API's twin. */
static bool is_document_upload(const struct http_req *req)
{
	size_t n = strlen(req->path);
	return req->method == HTTP_POST && n > 6 && strcmp(req->path + n - 6, "/files") == 0 &&
	       (starts_with(req->path, "/admin/documents/") ||
		starts_with(req->path, "/api/v1/documents/"));
}

bool site_streams_body(const struct http_req *req)
{
	return site_is_upload(req) || is_video_upload(req) || is_document_upload(req);
}

struct http_body_rule site_body_rule(const struct http_req *req, void *app)
{
	const struct site *s = app;
	struct http_body_rule none = {0, false};
	if (!(req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)))
		return none;
	/* A reader's vote (site_poll_surface): a few choice ids and a honeypot field. */
	if (starts_with(req->path, "/binh-chon/"))
		return (struct http_body_rule){POLL_FORM_MAX, false};
	/* Readers' forms (a comment on a draft document): a few small fields. */
	if (req->method == HTTP_POST && starts_with(req->path, "/gop-y/"))
		return (struct http_body_rule){READER_FORM_MAX, false};
	/* Documents' attachments (up to 50 MB) and videos (up to max_video) are streamed to an
	 * unlinked file and mapped for the handler, never held on the heap. */
	if (is_document_upload(req))
		return (struct http_body_rule){DOC_UPLOAD_MAX + UPLOAD_SLACK, true};
	if (is_video_upload(req))
		return (struct http_body_rule){s->max_video + UPLOAD_SLACK, true};
	/* Only the newsroom and the write API take bodies; the public site takes none. */
	if (!starts_with(req->path, "/admin/") && !starts_with(req->path, "/api/v1/") &&
	    strcmp(req->path, "/admin") != 0)
		return none;
	if (site_is_upload(req))
		return (struct http_body_rule){s->max_upload + UPLOAD_SLACK, true};
	return (struct http_body_rule){s->max_body, false};
}

const char *site_upload_too_large(struct page *p)
{
	size_t mb = (site_max_upload(p->site) + 512 * 1024) / (1024 * 1024);
	return arena_printf(p->a, "Ảnh quá lớn: tối đa %zu MB", mb ? mb : 1);
}

static const struct {
	enum http_bad bad;
	int status;
	const char *code;
} refusals[] = {
    {HTTP_BAD_PATH, 400, "bad_request"},
    {HTTP_BAD_QUERY, 400, "bad_request"},
    {HTTP_BAD_FRAMING, 400, "bad_request"},
    {HTTP_BAD_URI_LONG, 414, "uri_too_long"},
    {HTTP_BAD_HEADERS, 431, "headers_too_large"},
    {HTTP_BAD_TOO_LARGE, 413, "payload_too_large"},
    {HTTP_BAD_BUSY, 503, "busy"},
    {HTTP_BAD_VERSION, 505, "http_version_not_supported"},
};

static void json_refusal(struct page *p, int status, const char *code, const char *message)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "error", json_string(message));
	json_object_set_new(doc, "code", json_string(code));
	page_json(p, status, doc);
	http_resp_header(p->resp, "Cache-Control", "no-store");
}

static bool wants_json(struct page *p)
{
	const char *acc = http_header(p->req, "Accept");
	return starts_with(p->req->path, "/api/") || (acc && strstr(acc, "application/json"));
}

void site_refuse(struct page *p)
{
	size_t i = 0, n = sizeof refusals / sizeof refusals[0];
	while (i < n && refusals[i].bad != p->req->bad)
		i++;
	int status = i < n ? refusals[i].status : 400;
	const char *code = i < n ? refusals[i].code : "bad_request";
	if (status == 413 && is_video_upload(p->req)) {
		size_t mb = (site_max_video(p->site) + 512 * 1024) / (1024 * 1024);
		page_error_text(p, 413, "Video quá lớn",
				arena_printf(p->a, "Video quá lớn: tối đa %zu MB", mb ? mb : 1),
				"/admin/videos", "Quay lại trang video");
		return;
	}
	if (status == 413 && is_document_upload(p->req) && !wants_json(p)) {
		page_error_text(p, 413, "Tệp quá lớn", "Tệp đính kèm quá lớn: tối đa 50 MB.",
				"/admin/documents", "Quay lại trang văn bản");
		return;
	}
	if (status == 413 && site_is_upload(p->req)) {
		/* Inside the newsroom: the uploader's own words, never the public page. */
		const char *msg = site_upload_too_large(p);
		if (wants_json(p))
			json_refusal(p, 413, code, msg);
		else
			page_error_text(p, 413, "Ảnh quá lớn", msg, "/admin/media",
					"Quay lại thư viện ảnh");
		return;
	}
	if (wants_json(p)) {
		json_refusal(p, status, code, page_error_title(status));
		return;
	}
	page_error_text(p, status, NULL, NULL, NULL, NULL);
}
