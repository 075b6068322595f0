/* The newsroom's operations on legal documents, shared by the documents screen and the API. */
#include "admin/doc_ops.h"

#include <string.h>
#include <time.h>

#include "docs/extract.h"
#include "docs/files.h"
#include "docs/record.h"
#include "sanitize/sanitize.h"
#include "store/documents.h"
#include "site/mediacache.h"
#include "vi/vi.h"

_Static_assert((int)STORE_REL_REPLACES == (int)DOC_REL_REPLACES &&
		   (int)STORE_REL_AMENDS == (int)DOC_REL_AMENDS &&
		   (int)STORE_REL_BASED_ON == (int)DOC_REL_BASED_ON,
	       "store and docs name relations alike");

static void done(struct nr_ctx *ctx, const char *action, int64_t id)
{
	nr_audit(ctx, action, arena_printf(ctx->a, "document:%lld", (long long)id), NULL);
	if (ctx->changed)
		ctx->changed(ctx->changed_cls);
}

/* The id of a list's row named name (made when missing); 0 for an empty optional name. */
static enum store_rc named(struct nr_ctx *ctx, enum doc_list list, const char *name, int64_t *id)
{
	*id = 0;
	return *name ? store_doc_name_ensure(ctx->st, list, name, id) : STORE_OK;
}

static void start_from(struct document_put *p, const struct document *d)
{
	*p = (struct document_put){.id = d->id,
				   .kind_id = d->kind_id,
				   .issuer_id = d->issuer_id,
				   .field_id = d->field_id,
				   .number = d->number,
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
				   .published_at = d->published_at};
}

static void apply_dates(struct document_put *p, const struct doc_in *in)
{
	unsigned m = in->members;
	if (m & DM_ISSUED)
		p->issued_on = in->issued;
	if (m & DM_EFFECTIVE)
		p->effective_on = in->effective;
	if (m & DM_EXPIRES)
		p->expires_on = in->expires;
	if (m & DM_COMMENT_FROM)
		p->comment_from = in->comment_from;
	if (m & DM_COMMENT_UNTIL)
		p->comment_until = in->comment_until;
}

static enum store_rc apply(struct nr_ctx *ctx, const struct doc_in *in, struct document_put *p)
{
	unsigned m = in->members;
	enum store_rc rc = STORE_OK;
	if (m & DM_KIND)
		rc = named(ctx, DOC_LIST_KIND, in->kind, &p->kind_id);
	if (rc == STORE_OK && (m & DM_ISSUER))
		rc = named(ctx, DOC_LIST_ISSUER, in->issuer, &p->issuer_id);
	if (rc == STORE_OK && (m & DM_FIELD))
		rc = named(ctx, DOC_LIST_FIELD, in->field, &p->field_id);
	if (m & DM_NUMBER)
		p->number = in->number;
	if (m & DM_SUMMARY)
		p->summary = in->summary;
	if (m & DM_SIGNER)
		p->signer = in->signer;
	if (m & DM_POSITION)
		p->signer_position = in->signer_position;
	if (m & DM_BODY)
		p->body_html = in->body ? safe_html_str(in->body) : "";
	apply_dates(p, in);
	if (m & DM_RELATIONS) {
		struct store_doc_rel *r = arena_alloc(ctx->a, (in->nrelations + 1) * sizeof *r);
		for (size_t i = 0; i < in->nrelations; i++)
			r[i] = (struct store_doc_rel){(enum doc_rel_kind)in->relations[i].kind,
						      in->relations[i].id};
		p->relations = r;
		p->nrelations = in->nrelations;
		p->set_relations = true;
	}
	return rc;
}

static const char *slug_of(struct nr_ctx *ctx, const struct document_put *p, const char *kind)
{
	const char *text = arena_printf(ctx->a, "%s %s %s", kind, p->number, p->summary);
	struct buf b = BUF_INIT;
	vi_slug(text, strlen(text), 100, &b);
	const char *s = arena_strdup(ctx->a, b.len ? buf_cstr(&b) : "van-ban");
	buf_free(&b);
	return s;
}

enum nr_result nr_doc_save(struct nr_ctx *ctx, int64_t id, const struct doc_in *in, int64_t *out,
			   struct buf *why)
{
	struct document d = {.kind = "",
			     .number = "",
			     .summary = "",
			     .body_html = "",
			     .signer = "",
			     .signer_position = "",
			     .issued_on = STORE_NO_DATE,
			     .effective_on = STORE_NO_DATE,
			     .expires_on = STORE_NO_DATE,
			     .comment_from = STORE_NO_DATE,
			     .comment_until = STORE_NO_DATE};
	enum store_rc rc = id ? store_doc_get(ctx->st, ctx->a, id, &d) : STORE_OK;
	if (rc != STORE_OK)
		return nr_of_store(rc);
	struct document_put p;
	start_from(&p, &d);
	p.id = id;
	p.owner_id = ctx->user ? ctx->user->id : 0;
	p.expect_revision = in->revision;
	rc = apply(ctx, in, &p);
	if (rc != STORE_OK)
		return nr_of_store(rc);
	struct doc_fields f = {p.number,     p.summary,      p.issued_on,    p.effective_on,
			       p.expires_on, p.comment_from, p.comment_until};
	const char *bad = p.kind_id && p.issuer_id ? doc_fields_check(&f)
						   : "Thiếu loại văn bản hoặc cơ quan ban hành.";
	if (bad) {
		buf_puts(why, bad);
		return NR_INVALID;
	}
	p.slug = slug_of(ctx, &p, (in->members & DM_KIND) ? in->kind : d.kind);
	rc = store_doc_put(ctx->st, &p, out);
	if (rc == STORE_INVALID)
		buf_puts(why, "Văn bản liên quan không tồn tại, hoặc quan hệ không hợp lệ.");
	else if (rc == STORE_CONFLICT)
		buf_puts(why, "Văn bản đã được người khác sửa. Hãy tải lại rồi sửa lại.");
	if (rc == STORE_OK)
		done(ctx, id ? "document.update" : "document.create", *out);
	return nr_of_store(rc);
}

enum nr_result nr_doc_status(struct nr_ctx *ctx, int64_t id, bool publish, struct buf *why)
{
	(void)why;
	enum store_rc rc = store_doc_set_status(ctx->st, id, publish, 0);
	if (rc == STORE_OK)
		done(ctx, publish ? "document.publish" : "document.unpublish", id);
	return nr_of_store(rc);
}

enum nr_result nr_doc_attach(struct nr_ctx *ctx, const char *media_dir, int64_t id,
			     const char *filename, const void *data, size_t len, bool *wrong_type,
			     struct buf *why)
{
	enum doc_type t;
	enum doc_rc dr = doc_check(data, len, filename, &t);
	struct buf text = BUF_INIT, rel = BUF_INIT, name = BUF_INIT;
	enum nr_result r = NR_INVALID;
	*wrong_type = dr == DOC_BAD_TYPE || dr == DOC_MISMATCH;
	if (dr == DOC_OK)
		dr = doc_extract_text(data, len, t, &text);
	if (dr != DOC_OK) {
		buf_puts(why, doc_rc_message(dr));
		goto out;
	}
	r = NR_ERROR;
	if (doc_file_save(media_dir, data, len, doc_type_ext(t), (int64_t)time(NULL), &rel) != 0) {
		buf_puts(why, "Không lưu được tệp.");
		goto out;
	}
	/* with PostgreSQL, into the database too: every node serves it (issue 19) */
	if (mcache_put(ctx->st, ctx->a, media_dir, buf_cstr(&rel), doc_type_mime(t), true) != 0) {
		doc_file_remove(media_dir, buf_cstr(&rel));
		buf_puts(why, "Không lưu được tệp vào cơ sở dữ liệu. Hãy thử lại sau.");
		r = NR_UNAVAILABLE;
		goto out;
	}
	doc_safe_name(&name, filename);
	struct doc_file f = {.document_id = id,
			     .file = buf_cstr(&rel),
			     .name = buf_cstr(&name),
			     .type = doc_type_ext(t),
			     .bytes = (int64_t)len};
	enum store_rc rc = store_doc_file_add(ctx->st, &f, buf_cstr(&text), NULL);
	if (rc != STORE_OK) {
		mcache_forget(ctx->st, ctx->a, NULL, buf_cstr(&rel));
		doc_file_remove(media_dir, buf_cstr(&rel));
	} else
		done(ctx, "document.file", id);
	r = nr_of_store(rc);
out:
	buf_free(&text);
	buf_free(&rel);
	buf_free(&name);
	return r;
}

enum nr_result nr_doc_moderate(struct nr_ctx *ctx, int64_t comment_id, bool approve,
			       struct buf *why)
{
	(void)why;
	enum store_rc rc = store_doc_comment_set(
	    ctx->st, comment_id, approve ? DOC_COMMENT_APPROVED : DOC_COMMENT_REJECTED);
	if (rc == STORE_OK) {
		nr_audit(ctx, approve ? "document.comment.approve" : "document.comment.reject",
			 arena_printf(ctx->a, "document_comment:%lld", (long long)comment_id),
			 NULL);
		if (ctx->changed)
			ctx->changed(ctx->changed_cls);
	}
	return nr_of_store(rc);
}
