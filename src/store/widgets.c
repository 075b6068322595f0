/* The portal widgets' operations, composed of the statements each backend runs (w_run). */
#include "store/widgets.h"

#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

static enum store_rc run(struct store *st, struct store_conn *c, struct arena *a, enum w_stmt w,
			 const struct w_arg *args, size_t nargs, struct w_rows *out,
			 int64_t *changes)
{
	return st->ops->w_run(c, a, w, args, nargs, 1, out, changes);
}

/* One integer from a one-row answer. */
static enum store_rc one_int(struct store *st, struct store_conn *c, enum w_stmt w,
			     const struct w_arg *args, size_t nargs, int64_t *out)
{
	struct arena *a = arena_new();
	struct w_rows r;
	enum store_rc rc = run(st, c, a, w, args, nargs, &r, NULL);
	if (rc == STORE_OK)
		*out = w_cell_i64(&r, 0, 0);
	arena_free(a);
	return rc;
}

enum store_rc store_widget_secret(struct store *st, struct arena *a, const char **hex)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, W_SECRET, NULL, 0, &r, NULL);
	store_give(st, c);
	if (rc == STORE_OK && r.n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		*hex = w_cell_text(&r, 0, 0);
	return rc;
}

enum store_rc store_widgets_changed(struct store *st)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	store_give(st, c);
	return rc;
}

/* --- visitor counter -------------------------------------------------------------------------- */

static enum store_rc visitors_add_on(struct store *st, struct store_conn *c,
				     const struct visitor_hit *h, size_t n, int64_t purge_before)
{
	struct w_arg *args = calloc(n * 3 + 1, sizeof *args);
	int64_t *changed = calloc(n + 1, sizeof *changed);
	enum store_rc rc = args && changed ? STORE_OK : STORE_ERROR;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		args[3 * i] = (struct w_arg)W_INT(h[i].day);
		args[3 * i + 1] = (struct w_arg)W_INT(h[i].vid);
		args[3 * i + 2] = (struct w_arg)W_INT(h[i].seen);
	}
	if (rc == STORE_OK)
		rc = st->ops->w_run(c, NULL, W_SEEN_INSERT, args, 3, n, NULL, changed);
	if (rc == STORE_OK)
		rc = st->ops->w_run(c, NULL, W_SEEN_TOUCH, args, 3, n, NULL, NULL);
	/* New visitors per day (a batch spans at most a day change or two). */
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		if (!changed[i])
			continue;
		int64_t day = h[i].day, count = 0;
		for (size_t j = i; j < n; j++) {
			if (changed[j] && h[j].day == day) {
				count++;
				changed[j] = 0;
			}
		}
		struct w_arg d[] = {W_INT(day), W_INT(count)};
		rc = run(st, c, NULL, W_DAY_ADD, d, 2, NULL, NULL);
	}
	if (rc == STORE_OK && purge_before > 0) {
		struct w_arg p[] = {W_INT(purge_before)};
		rc = run(st, c, NULL, W_SEEN_PURGE, p, 1, NULL, NULL);
	}
	free(args);
	free(changed);
	return rc;
}

enum store_rc store_visitors_add(struct store *st, const struct visitor_hit *h, size_t n,
				 int64_t purge_before)
{
	if (n == 0)
		return STORE_OK;
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, visitors_add_on(st, c, h, n, purge_before));
	store_give(st, c);
	return rc;
}

enum store_rc store_visitors_counts(struct store *st, int64_t since, int64_t today,
				    int64_t month_first, struct visitor_counts *out)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	memset(out, 0, sizeof *out);
	struct w_arg on[] = {W_INT(since)}, td[] = {W_INT(today), W_INT(today)},
		     mo[] = {W_INT(month_first), W_INT(today)},
		     all[] = {W_INT(0), W_INT(today + 1000000)};
	enum store_rc rc = one_int(st, c, W_ONLINE, on, 1, &out->online);
	if (rc == STORE_OK)
		rc = one_int(st, c, W_DAY_SUM, td, 2, &out->today);
	if (rc == STORE_OK)
		rc = one_int(st, c, W_DAY_SUM, mo, 2, &out->month);
	if (rc == STORE_OK)
		rc = one_int(st, c, W_DAY_SUM, all, 2, &out->total);
	store_give(st, c);
	return rc;
}

enum store_rc store_visitor_days_on(const struct store *st, struct store_conn *c, struct arena *a,
				    int64_t from_day, int64_t to_day, int64_t **days,
				    int64_t **counts, size_t *n)
{
	struct w_arg args[] = {W_INT(from_day), W_INT(to_day)};
	struct w_rows r;
	enum store_rc rc = st->ops->w_run(c, a, W_DAY_ROWS, args, 2, 1, &r, NULL);
	*n = 0;
	if (rc != STORE_OK)
		return rc;
	*days = arena_alloc(a, (r.n ? r.n : 1) * sizeof(**days));
	*counts = arena_alloc(a, (r.n ? r.n : 1) * sizeof(**counts));
	for (size_t i = 0; i < r.n; i++) {
		(*days)[i] = w_cell_i64(&r, i, 0);
		(*counts)[i] = w_cell_i64(&r, i, 1);
	}
	*n = r.n;
	return STORE_OK;
}

/* --- polls ------------------------------------------------------------------------------------ */

static void poll_of(const struct w_rows *r, size_t i, struct poll *p)
{
	memset(p, 0, sizeof *p);
	p->id = w_cell_i64(r, i, 0);
	p->question = w_cell_text(r, i, 1);
	p->multiple = w_cell_i64(r, i, 2) != 0;
	p->max_choices = (int)w_cell_i64(r, i, 3);
	p->opens_at = w_cell_i64(r, i, 4);
	p->closes_at = w_cell_i64(r, i, 5);
	p->results_after_close = w_cell_i64(r, i, 6) != 0;
	p->per_address = (int)w_cell_i64(r, i, 7);
	p->position = w_cell_text(r, i, 8);
	p->sort = (int)w_cell_i64(r, i, 9);
	p->active = w_cell_i64(r, i, 10) != 0;
}

static enum store_rc choices_of(struct store *st, struct store_conn *c, struct arena *a,
				struct poll *p)
{
	struct w_rows r;
	struct w_arg id[] = {W_INT(p->id)};
	enum store_rc rc = run(st, c, a, W_POLL_CHOICES, id, 1, &r, NULL);
	if (rc != STORE_OK)
		return rc;
	p->nchoices = r.n;
	p->choices = arena_alloc(a, (r.n ? r.n : 1) * sizeof *p->choices);
	p->total = 0;
	for (size_t i = 0; i < r.n; i++) {
		p->choices[i].id = w_cell_i64(&r, i, 0);
		p->choices[i].label = w_cell_text(&r, i, 1);
		p->choices[i].votes = w_cell_i64(&r, i, 2);
		p->total += p->choices[i].votes;
	}
	return STORE_OK;
}

enum store_rc store_poll_get(struct store *st, struct arena *a, int64_t id, struct poll *out)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(id)};
	enum store_rc rc = run(st, c, a, W_POLL_GET, args, 1, &r, NULL);
	if (rc == STORE_OK && r.n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK) {
		poll_of(&r, 0, out);
		rc = choices_of(st, c, a, out);
	}
	store_give(st, c);
	return rc;
}

enum store_rc store_polls(struct store *st, struct arena *a, struct poll **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	*out = NULL;
	*n = 0;
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, W_POLLS, NULL, 0, &r, NULL);
	if (rc == STORE_OK) {
		struct poll *v = arena_alloc(a, (r.n ? r.n : 1) * sizeof *v);
		for (size_t i = 0; rc == STORE_OK && i < r.n; i++) {
			poll_of(&r, i, &v[i]);
			rc = choices_of(st, c, a, &v[i]);
		}
		*out = v;
		*n = rc == STORE_OK ? r.n : 0;
	}
	store_give(st, c);
	return rc;
}

static enum store_rc poll_save_on(struct store *st, struct store_conn *c, const struct poll *p,
				  const char *const *adds, size_t nadd, int64_t *id)
{
	enum store_rc rc;
	int64_t pid = p->id;
	if (pid) {
		struct w_arg u[] = {W_INT(pid),
				    W_TEXT(p->question),
				    W_INT(p->multiple),
				    W_INT(p->max_choices),
				    W_INT(p->opens_at),
				    W_INT(p->closes_at),
				    W_INT(p->results_after_close),
				    W_INT(p->per_address),
				    W_TEXT(p->position),
				    W_INT(p->sort),
				    W_INT(p->active)};
		int64_t changed = 0;
		rc = run(st, c, NULL, W_POLL_UPDATE, u, 11, NULL, &changed);
		if (rc == STORE_OK && changed == 0)
			rc = STORE_NOTFOUND;
	} else {
		struct w_arg ins[] = {W_TEXT(p->question),   W_INT(p->multiple),
				      W_INT(p->max_choices), W_INT(p->opens_at),
				      W_INT(p->closes_at),   W_INT(p->results_after_close),
				      W_INT(p->per_address), W_TEXT(p->position),
				      W_INT(p->sort),        W_INT(p->active)};
		rc = one_int(st, c, W_POLL_INSERT, ins, 10, &pid);
	}
	for (size_t i = 0; rc == STORE_OK && p->id && i < p->nchoices; i++) {
		const char *label = p->choices[i].label;
		if (!label)
			continue;
		struct w_arg ch[] = {W_INT(p->choices[i].id), W_INT(pid), W_TEXT(label)};
		rc = run(st, c, NULL, *label ? W_CHOICE_RENAME : W_CHOICE_DELETE, ch,
			 *label ? 3 : 2, NULL, NULL);
	}
	for (size_t i = 0; rc == STORE_OK && i < nadd; i++) {
		struct w_arg ch[] = {W_INT(pid), W_TEXT(adds[i]),
				     W_INT((int64_t)(p->nchoices + i))};
		rc = run(st, c, NULL, W_CHOICE_INSERT, ch, 3, NULL, NULL);
	}
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	if (rc == STORE_OK && id)
		*id = pid;
	return rc;
}

enum store_rc store_poll_save(struct store *st, const struct poll *p, const char *const *adds,
			      size_t nadd, int64_t *id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, poll_save_on(st, c, p, adds, nadd, id));
	store_give(st, c);
	return rc;
}

enum store_rc store_poll_delete(struct store *st, int64_t id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		struct w_arg args[] = {W_INT(id)};
		int64_t changed = 0;
		enum store_rc r = run(st, c, NULL, W_POLL_DELETE, args, 1, NULL, &changed);
		if (r == STORE_OK && changed == 0)
			r = STORE_NOTFOUND;
		if (r == STORE_OK)
			r = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, r);
	}
	store_give(st, c);
	return rc;
}

enum store_rc store_poll_choice_votes(struct store *st, int64_t poll_id, int64_t choice_id,
				      int64_t votes)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		struct w_arg args[] = {W_INT(choice_id), W_INT(poll_id), W_INT(votes)};
		int64_t changed = 0;
		enum store_rc r = run(st, c, NULL, W_CHOICE_VOTES, args, 3, NULL, &changed);
		if (r == STORE_OK && changed == 0)
			r = STORE_NOTFOUND;
		if (r == STORE_OK)
			r = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, r);
	}
	store_give(st, c);
	return rc;
}

static enum vote_result vote_on(struct store *st, struct store_conn *c, int64_t poll_id,
				const int64_t *choices, size_t n, const char *voter,
				const char *address, int per_address, int64_t at, enum store_rc *rc)
{
	/* The address's count is taken and checked in one statement (its row locked until the
	 * transaction ends), so concurrent votes from one address on any node never overshoot. It
	 * is kept without a limit too, so that a limit set later counts the votes before it. */
	int64_t after = 0;
	struct w_arg q[] = {W_INT(poll_id), W_TEXT(address),
			    W_INT(per_address > 0 ? per_address : INT64_MAX)};
	if ((*rc = one_int(st, c, W_VOTE_ADDRESS, q, 3, &after)) != STORE_OK)
		return VOTE_FAILED;
	if (after == 0)
		return VOTE_ADDRESS;
	struct w_arg v[] = {W_INT(poll_id), W_TEXT(voter), W_TEXT(address), W_INT(at)};
	*rc = run(st, c, NULL, W_VOTE_INSERT, v, 4, NULL, NULL);
	if (*rc == STORE_CONFLICT)
		return VOTE_AGAIN;
	if (*rc != STORE_OK)
		return VOTE_FAILED;
	for (size_t i = 0; i < n; i++) {
		struct w_arg ch[] = {W_INT(choices[i]), W_INT(poll_id)};
		int64_t changed = 0;
		*rc = run(st, c, NULL, W_CHOICE_COUNT, ch, 2, NULL, &changed);
		if (*rc != STORE_OK)
			return VOTE_FAILED;
		if (changed != 1)
			return VOTE_BAD_CHOICE;
	}
	return VOTE_OK;
}

enum vote_result store_poll_vote(struct store *st, int64_t poll_id, const int64_t *choices,
				 size_t n, const char *voter, const char *address, int per_address,
				 int64_t at, enum store_rc *rc)
{
	struct store_conn *c = store_take(st);
	if (!c) {
		*rc = STORE_UNAVAILABLE;
		return VOTE_FAILED;
	}
	enum vote_result v = VOTE_FAILED;
	*rc = store_tx_enter(st, c);
	if (*rc == STORE_OK) {
		v = vote_on(st, c, poll_id, choices, n, voter, address, per_address, at, rc);
		/* Anything but a counted vote rolls back: nothing is counted. */
		enum store_rc end = store_tx_leave(st, c, v == VOTE_OK ? STORE_OK : STORE_INVALID);
		if (v == VOTE_OK && end != STORE_OK) {
			*rc = end;
			v = VOTE_FAILED;
		}
	}
	store_give(st, c);
	return v;
}

enum store_rc store_poll_voted(struct store *st, int64_t poll_id, const char *voter, bool *voted)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_arg q[] = {W_INT(poll_id), W_TEXT(voter)};
	int64_t n = 0;
	enum store_rc rc = one_int(st, c, W_VOTE_EXISTS, q, 2, &n);
	store_give(st, c);
	*voted = rc == STORE_OK && n > 0;
	return rc;
}

/* --- banners and website links --------------------------------------------------------------- */

static void banner_of(const struct w_rows *r, size_t i, struct banner *b)
{
	b->id = w_cell_i64(r, i, 0);
	b->kind = w_cell_text(r, i, 1);
	b->position = w_cell_text(r, i, 2);
	b->title = w_cell_text(r, i, 3);
	b->image = w_cell_text(r, i, 4);
	b->url = w_cell_text(r, i, 5);
	b->rel = w_cell_text(r, i, 6);
	b->starts_at = w_cell_i64(r, i, 7);
	b->ends_at = w_cell_i64(r, i, 8);
	b->sort = (int)w_cell_i64(r, i, 9);
	b->clicks = w_cell_i64(r, i, 10);
}

enum store_rc store_banners(struct store *st, struct arena *a, struct banner **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	*out = NULL;
	*n = 0;
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, W_BANNERS, NULL, 0, &r, NULL);
	store_give(st, c);
	if (rc == STORE_OK) {
		*out = arena_alloc(a, (r.n ? r.n : 1) * sizeof **out);
		for (size_t i = 0; i < r.n; i++)
			banner_of(&r, i, &(*out)[i]);
		*n = r.n;
	}
	return rc;
}

enum store_rc store_banner_get(struct store *st, struct arena *a, int64_t id, struct banner *out)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_INT(id)};
	enum store_rc rc = run(st, c, a, W_BANNER_GET, args, 1, &r, NULL);
	store_give(st, c);
	if (rc == STORE_OK && r.n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		banner_of(&r, 0, out);
	return rc;
}

static enum store_rc banner_save_on(struct store *st, struct store_conn *c, const struct banner *b,
				    int64_t *id)
{
	enum store_rc rc;
	int64_t bid = b->id;
	if (bid) {
		struct w_arg u[] = {W_INT(bid),       W_TEXT(b->kind),     W_TEXT(b->position),
				    W_TEXT(b->title), W_TEXT(b->image),    W_TEXT(b->url),
				    W_TEXT(b->rel),   W_INT(b->starts_at), W_INT(b->ends_at),
				    W_INT(b->sort)};
		int64_t changed = 0;
		rc = run(st, c, NULL, W_BANNER_UPDATE, u, 10, NULL, &changed);
		if (rc == STORE_OK && changed == 0)
			rc = STORE_NOTFOUND;
	} else {
		struct w_arg ins[] = {W_TEXT(b->kind),     W_TEXT(b->position), W_TEXT(b->title),
				      W_TEXT(b->image),    W_TEXT(b->url),      W_TEXT(b->rel),
				      W_INT(b->starts_at), W_INT(b->ends_at),   W_INT(b->sort)};
		rc = one_int(st, c, W_BANNER_INSERT, ins, 9, &bid);
	}
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	if (rc == STORE_OK && id)
		*id = bid;
	return rc;
}

enum store_rc store_banner_save(struct store *st, const struct banner *b, int64_t *id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, banner_save_on(st, c, b, id));
	store_give(st, c);
	return rc;
}

enum store_rc store_banner_delete(struct store *st, int64_t id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		struct w_arg args[] = {W_INT(id)};
		int64_t changed = 0;
		enum store_rc r = run(st, c, NULL, W_BANNER_DELETE, args, 1, NULL, &changed);
		if (r == STORE_OK && changed == 0)
			r = STORE_NOTFOUND;
		if (r == STORE_OK)
			r = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, r);
	}
	store_give(st, c);
	return rc;
}

enum store_rc store_banner_click(struct store *st, int64_t id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_arg args[] = {W_INT(id)};
	enum store_rc rc = run(st, c, NULL, W_BANNER_CLICK, args, 1, NULL, NULL);
	store_give(st, c);
	return rc;
}

/* --- the layout ------------------------------------------------------------------------------- */

enum store_rc store_layout(struct store *st, struct arena *a, const char *area,
			   struct layout_block **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	*out = NULL;
	*n = 0;
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	struct w_arg args[] = {W_TEXT(area)};
	enum store_rc rc = run(st, c, a, W_LAYOUT, args, 1, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	struct layout_block *v = arena_alloc(a, (r.n ? r.n : 1) * sizeof *v);
	for (size_t i = 0; i < r.n; i++) {
		v[i].id = w_cell_i64(&r, i, 0);
		v[i].area = w_cell_text(&r, i, 1);
		v[i].sort = (int)w_cell_i64(&r, i, 2);
		v[i].kind = w_cell_text(&r, i, 3);
		v[i].arg = w_cell_i64(&r, i, 4);
		v[i].title = w_cell_text(&r, i, 5);
		v[i].html = w_cell_text(&r, i, 6);
	}
	*out = v;
	*n = r.n;
	return STORE_OK;
}

static enum store_rc layout_save_on(struct store *st, struct store_conn *c, const char *area,
				    const struct layout_block *b, size_t n)
{
	struct w_arg clear[] = {W_TEXT(area)};
	enum store_rc rc = run(st, c, NULL, W_LAYOUT_CLEAR, clear, 1, NULL, NULL);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct w_arg ins[] = {W_TEXT(area),    W_INT(b[i].sort),   W_TEXT(b[i].kind),
				      W_INT(b[i].arg), W_TEXT(b[i].title), W_TEXT(b[i].html)};
		rc = run(st, c, NULL, W_LAYOUT_INSERT, ins, 6, NULL, NULL);
	}
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	return rc;
}

enum store_rc store_layout_save(struct store *st, const char *area, const struct layout_block *b,
				size_t n)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, layout_save_on(st, c, area, b, n));
	store_give(st, c);
	return rc;
}

/* --- videos ----------------------------------------------------------------------------------- */

enum store_rc store_videos(struct store *st, struct arena *a, struct video **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	*out = NULL;
	*n = 0;
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, W_VIDEOS, NULL, 0, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	struct video *v = arena_alloc(a, (r.n ? r.n : 1) * sizeof *v);
	for (size_t i = 0; i < r.n; i++) {
		v[i].id = w_cell_i64(&r, i, 0);
		v[i].title = w_cell_text(&r, i, 1);
		v[i].file = w_cell_text(&r, i, 2);
		v[i].mime = w_cell_text(&r, i, 3);
		v[i].poster = w_cell_text(&r, i, 4);
		v[i].embed = w_cell_text(&r, i, 5);
		v[i].created_at = w_cell_i64(&r, i, 6);
	}
	*out = v;
	*n = r.n;
	return STORE_OK;
}

static enum store_rc write_bumped(struct store *st, enum w_stmt w, const struct w_arg *args,
				  size_t nargs)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK) {
		int64_t changed = 0;
		enum store_rc r = run(st, c, NULL, w, args, nargs, NULL, &changed);
		if (r == STORE_OK && changed == 0)
			r = STORE_NOTFOUND;
		if (r == STORE_OK)
			r = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
		rc = store_tx_leave(st, c, r);
	}
	store_give(st, c);
	return rc;
}

enum store_rc store_video_add(struct store *st, const struct video *v)
{
	struct w_arg args[] = {W_TEXT(v->title),  W_TEXT(v->file),  W_TEXT(v->mime),
			       W_TEXT(v->poster), W_TEXT(v->embed), W_INT(v->created_at)};
	return write_bumped(st, W_VIDEO_INSERT, args, 6);
}

enum store_rc store_video_delete(struct store *st, int64_t id)
{
	struct w_arg args[] = {W_INT(id)};
	return write_bumped(st, W_VIDEO_DELETE, args, 1);
}

/* --- photo albums ----------------------------------------------------------------------------- */

static void album_of(const struct w_rows *r, size_t i, struct album *al)
{
	memset(al, 0, sizeof *al);
	al->id = w_cell_i64(r, i, 0);
	al->title = w_cell_text(r, i, 1);
	al->cover = w_cell_text(r, i, 2);
	al->created_at = w_cell_i64(r, i, 3);
}

enum store_rc store_albums(struct store *st, struct arena *a, struct album **out, size_t *n)
{
	struct store_conn *c = store_take_read(st);
	*out = NULL;
	*n = 0;
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r;
	enum store_rc rc = run(st, c, a, W_ALBUMS, NULL, 0, &r, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	*out = arena_alloc(a, (r.n ? r.n : 1) * sizeof **out);
	for (size_t i = 0; i < r.n; i++)
		album_of(&r, i, &(*out)[i]);
	*n = r.n;
	return STORE_OK;
}

enum store_rc store_album(struct store *st, struct arena *a, int64_t id, struct album *out)
{
	struct store_conn *c = store_take_read(st);
	if (!c)
		return STORE_UNAVAILABLE;
	struct w_rows r, ph;
	struct w_arg args[] = {W_INT(id)};
	enum store_rc rc = run(st, c, a, W_ALBUM_GET, args, 1, &r, NULL);
	if (rc == STORE_OK && r.n == 0)
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = run(st, c, a, W_PHOTOS, args, 1, &ph, NULL);
	store_give(st, c);
	if (rc != STORE_OK)
		return rc;
	album_of(&r, 0, out);
	out->photos = arena_alloc(a, (ph.n ? ph.n : 1) * sizeof *out->photos);
	for (size_t i = 0; i < ph.n; i++) {
		out->photos[i].file = w_cell_text(&ph, i, 0);
		out->photos[i].thumb = w_cell_text(&ph, i, 1);
		out->photos[i].caption = w_cell_text(&ph, i, 2);
	}
	out->nphotos = ph.n;
	return STORE_OK;
}

/* Album aid's photos, in the order given. */
static enum store_rc photos_insert(struct store *st, struct store_conn *c, int64_t aid,
				   const struct album *al)
{
	enum store_rc rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < al->nphotos; i++) {
		struct w_arg ph[] = {W_INT(aid), W_TEXT(al->photos[i].file),
				     W_TEXT(al->photos[i].thumb), W_TEXT(al->photos[i].caption),
				     W_INT((int64_t)i)};
		rc = run(st, c, NULL, W_PHOTO_INSERT, ph, 5, NULL, NULL);
	}
	return rc;
}

static enum store_rc album_update_on(struct store *st, struct store_conn *c, const struct album *al)
{
	struct w_arg up[] = {W_INT(al->id), W_TEXT(al->title), W_TEXT(al->cover)};
	int64_t changed = 0;
	enum store_rc rc = run(st, c, NULL, W_ALBUM_UPDATE, up, 3, NULL, &changed);
	if (rc == STORE_OK && changed == 0)
		rc = STORE_NOTFOUND;
	struct w_arg id[] = {W_INT(al->id)};
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_PHOTOS_CLEAR, id, 1, NULL, NULL);
	if (rc == STORE_OK)
		rc = photos_insert(st, c, al->id, al);
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	return rc;
}

enum store_rc store_album_update(struct store *st, const struct album *al)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, album_update_on(st, c, al));
	store_give(st, c);
	return rc;
}

static enum store_rc album_add_on(struct store *st, struct store_conn *c, const struct album *al,
				  int64_t *id)
{
	struct w_arg ins[] = {W_TEXT(al->title), W_TEXT(al->cover), W_INT(al->created_at)};
	int64_t aid = 0;
	enum store_rc rc = one_int(st, c, W_ALBUM_INSERT, ins, 3, &aid);
	if (rc == STORE_OK)
		rc = photos_insert(st, c, aid, al);
	if (rc == STORE_OK)
		rc = run(st, c, NULL, W_BUMP, NULL, 0, NULL, NULL);
	if (rc == STORE_OK && id)
		*id = aid;
	return rc;
}

enum store_rc store_album_add(struct store *st, const struct album *al, int64_t *id)
{
	struct store_conn *c = store_take(st);
	if (!c)
		return STORE_UNAVAILABLE;
	enum store_rc rc = store_tx_enter(st, c);
	if (rc == STORE_OK)
		rc = store_tx_leave(st, c, album_add_on(st, c, al, id));
	store_give(st, c);
	return rc;
}

enum store_rc store_album_delete(struct store *st, int64_t id)
{
	struct w_arg args[] = {W_INT(id)};
	return write_bumped(st, W_ALBUM_DELETE, args, 1);
}
