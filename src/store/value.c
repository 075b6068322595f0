/* Values both backends read and bind the same way: one reader per row type over struct store_row,
 * and the parameters of an article save and of an article list over struct store_bind. */
#include "store/store-int.h"

#include <string.h>

static enum article_status status_at(struct arena *a, const struct store_row *r, int col)
{
	int s = article_status_parse(r->text(r, a, col));
	return s < 0 ? ARTICLE_DRAFT : (enum article_status)s;
}

void store_row_int(struct arena *a, const struct store_row *r, void *elem)
{
	(void)a;
	*(int64_t *)elem = r->i64(r, 0);
}

void store_row_article(struct arena *a, const struct store_row *r, void *elem)
{
	struct article *o = elem;
	memset(o, 0, sizeof(*o));
	o->id = r->i64(r, 0);
	o->category_id = r->i64(r, 1);
	o->status = status_at(a, r, 2);
	o->published_at = r->i64(r, 3);
	o->created_at = r->i64(r, 4);
	o->updated_at = r->i64(r, 5);
	o->views = r->i64(r, 6);
	o->revision = r->i64(r, 7);
	o->featured = r->flag(r, 8);
	o->title = r->text(r, a, 9);
	o->slug = r->text(r, a, 10);
	o->lead = r->text(r, a, 11);
	o->body_html = r->text(r, a, 12);
	o->author = r->text(r, a, 13);
	o->signature = r->text(r, a, 14);
	o->source = r->text(r, a, 15);
	o->owner_id = r->i64(r, 16);
	o->expires_at = r->i64(r, 17);
	o->note = r->text(r, a, 18);
	o->image.src = r->text(r, a, 19);
	o->image.alt = r->text(r, a, 20);
	o->image.caption = r->text(r, a, 21);
	o->body_version = (int)r->i64(r, 22);
	o->tags = arena_alloc(a, sizeof(char *));
}

void store_row_summary(struct arena *a, const struct store_row *r, void *elem)
{
	struct article_summary *o = elem;
	o->id = r->i64(r, 0);
	o->category_id = r->i64(r, 1);
	o->published_at = r->i64(r, 2);
	o->views = r->i64(r, 3);
	o->title = r->text(r, a, 4);
	o->slug = r->text(r, a, 5);
	o->lead = r->text(r, a, 6);
	o->author = r->text(r, a, 7);
	o->image.src = r->text(r, a, 8);
	o->image.alt = r->text(r, a, 9);
	o->image.caption = r->text(r, a, 10);
}

void store_row_category(struct arena *a, const struct store_row *r, void *elem)
{
	struct category *o = elem;
	o->id = r->i64(r, 0);
	o->parent_id = r->i64(r, 1);
	o->position = (int)r->i64(r, 2);
	o->name = r->text(r, a, 3);
	o->slug = r->text(r, a, 4);
}

void store_row_admin(struct arena *a, const struct store_row *r, void *elem)
{
	struct article_row *o = elem;
	o->id = r->i64(r, 0);
	o->category_id = r->i64(r, 1);
	o->owner_id = r->i64(r, 2);
	o->updated_at = r->i64(r, 3);
	o->published_at = r->i64(r, 4);
	o->expires_at = r->i64(r, 5);
	o->revision = r->i64(r, 6);
	o->status = status_at(a, r, 7);
	o->featured = r->flag(r, 8);
	o->title = r->text(r, a, 9);
	o->owner_name = r->text(r, a, 10);
	o->returned = r->flag(r, 11);
	o->owner_display = r->text(r, a, 12);
}

void store_row_revision(struct arena *a, const struct store_row *r, void *elem)
{
	struct revision *o = elem;
	o->article_id = r->i64(r, 0);
	o->revision = r->i64(r, 1);
	o->created_at = r->i64(r, 2);
	o->user_id = r->i64(r, 3);
	o->user_name = r->text(r, a, 4);
	o->category_id = r->i64(r, 5);
	o->title = r->text(r, a, 6);
	o->lead = r->text(r, a, 7);
	o->body_html = r->text(r, a, 8);
	o->author = r->text(r, a, 9);
	o->signature = r->text(r, a, 10);
	o->source = r->text(r, a, 11);
	o->tags = r->text(r, a, 12);
	o->image.src = r->text(r, a, 13);
	o->image.alt = r->text(r, a, 14);
	o->image.caption = r->text(r, a, 15);
}

void store_row_page(struct arena *a, const struct store_row *r, void *elem)
{
	struct static_page *p = elem;
	p->id = r->i64(r, 0);
	p->parent_id = r->i64(r, 1);
	p->position = r->i64(r, 2);
	p->updated_at = r->i64(r, 3);
	p->slug = r->text(r, a, 4);
	p->title = r->text(r, a, 5);
	p->body_html = r->text(r, a, 6);
	p->status = status_at(a, r, 7);
	p->revision = r->i64(r, 8);
	p->owner_id = r->i64(r, 9);
	p->title_en = r->text(r, a, 10);
	p->body_en = r->text(r, a, 11);
}

void store_row_translation(struct arena *a, const struct store_row *r, void *elem)
{
	struct article_translation *t = elem;
	t->article_id = r->i64(r, 0);
	t->updated_at = r->i64(r, 1);
	t->lang = r->text(r, a, 2);
	t->title = r->text(r, a, 3);
	t->lead = r->text(r, a, 4);
	t->body_html = r->text(r, a, 5);
}

void store_row_page_revision(struct arena *a, const struct store_row *r, void *elem)
{
	struct page_revision *v = elem;
	v->page_id = r->i64(r, 0);
	v->revision = r->i64(r, 1);
	v->created_at = r->i64(r, 2);
	v->user_id = r->i64(r, 3);
	v->user_name = r->text(r, a, 4);
	v->parent_id = r->i64(r, 5);
	v->position = r->i64(r, 6);
	v->slug = r->text(r, a, 7);
	v->title = r->text(r, a, 8);
	v->body_html = r->text(r, a, 9);
}

void store_row_unit(struct arena *a, const struct store_row *r, void *elem)
{
	struct org_unit *u = elem;
	u->id = r->i64(r, 0);
	u->parent_id = r->i64(r, 1);
	u->position = r->i64(r, 2);
	u->updated_at = r->i64(r, 3);
	u->name = r->text(r, a, 4);
	u->slug = r->text(r, a, 5);
	u->functions = r->text(r, a, 6);
	u->address = r->text(r, a, 7);
	u->phone = r->text(r, a, 8);
	u->fax = r->text(r, a, 9);
	u->email = r->text(r, a, 10);
	u->website = r->text(r, a, 11);
	u->name_en = r->text(r, a, 12);
	u->functions_en = r->text(r, a, 13);
}

void store_row_person(struct arena *a, const struct store_row *r, void *elem)
{
	struct org_person *p = elem;
	p->id = r->i64(r, 0);
	p->unit_id = r->i64(r, 1);
	p->sort_order = r->i64(r, 2);
	p->updated_at = r->i64(r, 3);
	p->name = r->text(r, a, 4);
	p->title = r->text(r, a, 5);
	p->phone = r->text(r, a, 6);
	p->email = r->text(r, a, 7);
	p->photo = r->text(r, a, 8);
	p->name_en = r->text(r, a, 9);
	p->title_en = r->text(r, a, 10);
}

void store_row_tag(struct arena *a, const struct store_row *r, void *elem)
{
	struct tag *t = elem;
	t->id = r->i64(r, 0);
	t->count = r->i64(r, 1);
	t->name = r->text(r, a, 2);
	t->slug = r->text(r, a, 3);
}

void store_row_user(struct arena *a, const struct store_row *r, void *elem)
{
	struct user *u = elem;
	memset(u, 0, sizeof(*u));
	u->id = r->i64(r, 0);
	u->name = r->text(r, a, 1);
	u->display_name = r->text(r, a, 2);
	u->role = r->text(r, a, 3);
	u->password_hash = r->text(r, a, 4);
	u->disabled = r->flag(r, 5);
}

void store_row_session(struct arena *a, const struct store_row *r, void *elem)
{
	struct session *o = elem;
	o->user_id = r->i64(r, 0);
	o->expires_at = r->i64(r, 1);
	o->csrf = r->text(r, a, 2);
}

void store_row_audit(struct arena *a, const struct store_row *r, void *elem)
{
	struct audit_entry *e = elem;
	e->id = r->i64(r, 0);
	e->at = r->i64(r, 1);
	e->user_id = r->i64(r, 2);
	e->user_name = r->text(r, a, 3);
	e->address = r->text(r, a, 4);
	e->action = r->text(r, a, 5);
	e->object = r->text(r, a, 6);
	e->detail = r->text(r, a, 7);
	e->prev_hash = r->text(r, a, 8);
	e->hash = r->text(r, a, 9);
}

void store_row_archived(struct arena *a, const struct store_row *r, void *elem)
{
	struct archived *v = elem;
	v->id = r->i64(r, 0);
	v->article_id = r->i64(r, 1);
	v->revision = r->i64(r, 2);
	v->category_id = r->i64(r, 3);
	v->published_at = r->i64(r, 4);
	v->expires_at = r->i64(r, 5);
	v->from_at = r->i64(r, 6);
	v->until_at = r->i64(r, 7);
	v->deleted = r->flag(r, 8);
	v->title = r->text(r, a, 9);
	v->slug = r->text(r, a, 10);
	v->lead = r->text(r, a, 11);
	v->body_html = r->text(r, a, 12);
	v->author = r->text(r, a, 13);
	v->signature = r->text(r, a, 14);
	v->source = r->text(r, a, 15);
}

void store_row_stats(struct arena *a, const struct store_row *r, void *elem)
{
	struct stats_row *v = elem;
	v->key = r->text(r, a, 0);
	v->label = r->text(r, a, 1);
	v->views = r->i64(r, 2);
	v->visitors = -1;
}

void store_row_output(struct arena *a, const struct store_row *r, void *elem)
{
	struct stats_output *v = elem;
	v->month = (int32_t)r->i64(r, 0);
	v->author = r->text(r, a, 1);
	v->category_id = r->i64(r, 2);
	v->category = r->text(r, a, 3);
	v->published = r->i64(r, 4);
	v->returned = r->i64(r, 5);
	v->unpublished = r->i64(r, 6);
}

void store_row_source(struct arena *a, const struct store_row *r, void *elem)
{
	struct source *v = elem;
	v->id = r->i64(r, 0);
	v->name = r->text(r, a, 1);
	v->website = r->text(r, a, 2);
	v->logo = r->text(r, a, 3);
	v->agreement = r->text(r, a, 4);
	v->republish = r->flag(r, 5);
}

void store_row_origin(struct arena *a, const struct store_row *r, void *elem)
{
	struct article_origin *v = elem;
	v->article_id = r->i64(r, 0);
	v->source_id = r->i64(r, 1);
	v->source_name = r->text(r, a, 2);
	v->original_url = r->text(r, a, 3);
	v->original_at = r->i64(r, 4);
}

void store_row_takedown(struct arena *a, const struct store_row *r, void *elem)
{
	struct takedown *v = elem;
	v->id = r->i64(r, 0);
	v->article_id = r->i64(r, 1);
	v->removed_at = r->i64(r, 2);
	v->deadline = r->i64(r, 3);
	v->created_at = r->i64(r, 4);
	v->done_at = r->i64(r, 5);
	v->alerts = r->i64(r, 6);
	v->note = r->text(r, a, 7);
	v->title = r->text(r, a, 8);
}

void store_row_media(struct arena *a, const struct store_row *r, void *elem)
{
	struct media *m = elem;
	m->id = r->i64(r, 0);
	m->file = r->text(r, a, 1);
	m->thumb = r->text(r, a, 2);
	m->name = r->text(r, a, 3);
	m->mime = r->text(r, a, 4);
	m->bytes = r->i64(r, 5);
	m->width = r->i64(r, 6);
	m->height = r->i64(r, 7);
	m->user_id = r->i64(r, 8);
	m->user_name = r->text(r, a, 9);
	m->created_at = r->i64(r, 10);
	m->alt = r->text(r, a, 11);
	m->caption = r->text(r, a, 12);
}

void store_row_media_use(struct arena *a, const struct store_row *r, void *elem)
{
	struct media_use *u = elem;
	u->kind = r->text(r, a, 0);
	u->id = r->i64(r, 1);
	u->title = r->text(r, a, 2);
}

void store_bind_article(struct store_bind *b, const struct article_put *p, int64_t now)
{
	b->i64(b, p->id);
	b->i64(b, p->category_id);
	b->text(b, article_status_name(p->status));
	b->text(b, p->title);
	b->text(b, p->slug);
	b->text(b, p->lead);
	b->text(b, p->body_html);
	b->text(b, p->author);
	b->text(b, p->signature);
	b->text(b, p->source);
	b->i64(b, p->published_at);
	b->i64(b, p->views);
	b->i64(b, now);
	b->flag(b, p->set_views);
	b->i64(b, p->owner_id);
	b->i64(b, p->expires_at);
	b->i64(b, p->expect_revision);
	b->text(b, p->image.src);
	b->text(b, p->image.alt);
	b->text(b, p->image.caption);
	b->text(b, p->body_text);
	b->i64(b, p->body_version);
}

void store_bind_query(struct store_bind *b, const struct article_query *q)
{
	b->i64(b, q->now);
	b->i64(b, q->category_id);
	b->i64(b, q->exclude_id);
	b->i64(b, q->featured_only);
	b->i64(b, q->limit);
	b->i64(b, q->offset);
	b->i64(b, q->tag_id);
}

void store_row_pair(struct arena *a, const struct store_row *r, void *elem)
{
	(void)a;
	int64_t *o = elem;
	o[0] = r->i64(r, 0);
	o[1] = r->i64(r, 1);
}

const char *store_id_list(struct arena *a, const int64_t *ids, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

void store_row_token(struct arena *a, const struct store_row *r, void *elem)
{
	struct api_token *o = elem;
	o->hash = r->text(r, a, 0);
	o->name = r->text(r, a, 1);
	o->created_at = r->i64(r, 2);
	o->expires_at = r->i64(r, 3);
}
