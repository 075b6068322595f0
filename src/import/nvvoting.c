/* NukeViet's voting module ("Thăm dò ý kiến"): its polls, options and exact counts become
 * Gazette's polls (the right column's block, /binh-chon/{id}), open or closed by their dates. */
#include "import/nvegov-int.h"

#include <string.h>
#include <time.h>

#include "import/nvegovmap.h"
#include "store/widgets.h"

#define NVV_MAX_CHOICES 32 /* the newsroom's bound (admin/polls.c) */

/* The columns read (modules/voting/action_mysql.php of nukeviet/nukeviet, every 4.x version
 * found); groups_view is read when present. */
static const char *const poll_cols[] = {"vid",      "question", "acceptcm", "publ_time",
					"exp_time", "act",      NULL};
static const char *const option_cols[] = {"id", "vid", "title", "hitstotal", NULL};

struct nv_option {
	int64_t id, votes;
	char *label;
};

struct nv_poll {
	int64_t vid, accept, publ, exp, act;
	bool shown; /* groups_view lets guests see it */
	char *question;
	GArray *options; /* struct nv_option, by id as NukeViet lists them */
	int64_t id;      /* Gazette's */
};

struct vote_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	GPtrArray *polls; /* struct nv_poll, as NukeViet lists them: newest publ_time first */
	int64_t now;
};

static void option_clear(gpointer p)
{
	g_free(((struct nv_option *)p)->label);
}

static void poll_free(gpointer p)
{
	struct nv_poll *v = p;
	g_free(v->question);
	g_array_free(v->options, TRUE);
	g_free(v);
}

static gint poll_order(gconstpointer a, gconstpointer b)
{
	const struct nv_poll *x = *(const struct nv_poll *const *)a,
			     *y = *(const struct nv_poll *const *)b;
	if (x->publ != y->publ)
		return x->publ > y->publ ? -1 : 1;
	return x->vid > y->vid ? -1 : x->vid < y->vid;
}

static gint option_order(gconstpointer a, gconstpointer b)
{
	const struct nv_option *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void read_polls(struct vote_run *r, GPtrArray *polls, GPtrArray *options)
{
	GHashTable *by_vid = g_hash_table_new(g_int64_hash, g_int64_equal);
	for (guint i = 0; i < polls->len; i++) {
		const struct nve_row *row = polls->pdata[i];
		struct nv_poll *v = g_new0(struct nv_poll, 1);
		v->vid = nve_int(row, "vid");
		v->accept = nve_int(row, "acceptcm");
		v->publ = nve_int(row, "publ_time");
		v->exp = nve_int(row, "exp_time");
		v->act = nve_int(row, "act");
		v->shown = nve_public_groups(nve_col(row, "groups_view"));
		v->question = nve_plain(r->w, 0, nve_col(row, "question"));
		v->options = g_array_new(FALSE, TRUE, sizeof(struct nv_option));
		g_array_set_clear_func(v->options, option_clear);
		g_ptr_array_add(r->polls, v);
		g_hash_table_replace(by_vid, &v->vid, v);
	}
	for (guint i = 0; i < options->len; i++) {
		const struct nve_row *row = options->pdata[i];
		int64_t vid = nve_int(row, "vid");
		struct nv_poll *v = g_hash_table_lookup(by_vid, &vid);
		struct nv_option o = {.id = nve_int(row, "id"), .votes = nve_int(row, "hitstotal")};
		if (!v)
			continue;
		o.label = nve_plain(r->w, 0, nve_col(row, "title"));
		g_array_append_val(v->options, o);
	}
	g_hash_table_destroy(by_vid);
	g_ptr_array_sort(r->polls, poll_order);
	for (guint i = 0; i < r->polls->len; i++)
		g_array_sort(((struct nv_poll *)r->polls->pdata[i])->options, option_order);
}

/* The poll as Gazette keeps it (without its choices). */
static void poll_of(const struct vote_run *r, const struct nv_poll *v, int sort, struct poll *out)
{
	int64_t max =
	    (int64_t)v->options->len < NVV_MAX_CHOICES ? (int64_t)v->options->len : NVV_MAX_CHOICES;
	int64_t accept = v->accept < 1 ? 1 : v->accept > max ? max : v->accept;
	*out =
	    (struct poll){.question = v->question,
			  .multiple = accept > 1,
			  .max_choices = (int)accept,
			  .opens_at = v->publ,
			  .closes_at = v->exp,
			  .position = "right",
			  .sort = sort,
			  .active = v->shown && nve_poll_active(v->act, v->publ, v->exp, r->now)};
}

static bool same_poll(const struct poll *a, const struct poll *b)
{
	return strcmp(a->question, b->question) == 0 && a->multiple == b->multiple &&
	       a->max_choices == b->max_choices && a->opens_at == b->opens_at &&
	       a->closes_at == b->closes_at && a->results_after_close == b->results_after_close &&
	       a->per_address == b->per_address && strcmp(a->position, b->position) == 0 &&
	       a->sort == b->sort && a->active == b->active;
}

static char *option_key(const struct vote_run *r, const struct nv_poll *v,
			const struct nv_option *o)
{
	char *poll = nve_key(r->o, v->vid);
	char *key = g_strdup_printf("%s:%lld", poll, (long long)o->id);
	g_free(poll);
	return key;
}

static const struct poll_choice *choice_of(const struct poll *p, int64_t id)
{
	for (size_t i = 0; id && i < p->nchoices; i++)
		if (p->choices[i].id == id)
			return &p->choices[i];
	return NULL;
}

/*
 * Saves the poll and its choices: options an earlier run made are renamed when the source renamed
 * them, the others added after them. *added gets, for each option, whether it was added.
 */
static int save_poll(struct vote_run *r, const struct nv_poll *v, struct poll *p,
		     const struct poll *had, bool *added, bool *changed)
{
	struct poll_choice *renames = g_new0(struct poll_choice, had ? had->nchoices + 1 : 1);
	const char **adds = g_new0(const char *, v->options->len + 1);
	size_t nadd = 0;
	for (size_t i = 0; had && i < had->nchoices; i++)
		renames[i] = (struct poll_choice){.id = had->choices[i].id};
	for (guint i = 0; i < v->options->len; i++) {
		const struct nv_option *o = &g_array_index(v->options, struct nv_option, i);
		char *key = option_key(r, v, o);
		const struct poll_choice *c =
		    had ? choice_of(had, iw_map_get(r->w, "choice", key)) : NULL;
		g_free(key);
		added[i] = !c;
		if (!c)
			adds[nadd++] = o->label;
		else if (strcmp(c->label, o->label) != 0)
			renames[c - had->choices].label = o->label;
	}
	bool renamed = false;
	for (size_t i = 0; had && i < had->nchoices; i++)
		renamed |= renames[i].label != NULL;
	p->choices = renames;
	p->nchoices = had ? had->nchoices : 0;
	int rc = 0;
	*changed = !had || nadd || renamed || !same_poll(had, p);
	if (*changed && store_poll_save(r->st, p, adds, nadd, &p->id) != STORE_OK)
		rc = -1;
	p->choices = NULL;
	p->nchoices = 0;
	g_free(renames);
	g_free(adds);
	return rc;
}

static gint choice_by_id(gconstpointer a, gconstpointer b)
{
	const struct poll_choice *x = *(const struct poll_choice *const *)a,
				 *y = *(const struct poll_choice *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The choices of now that had lacks (those save_poll added), by id: in the order they were
 * added. */
static GPtrArray *new_choices(const struct poll *now, const struct poll *had)
{
	GPtrArray *out = g_ptr_array_new();
	for (size_t i = 0; i < now->nchoices; i++)
		if (!had || !choice_of(had, now->choices[i].id))
			g_ptr_array_add(out, &now->choices[i]);
	g_ptr_array_sort(out, choice_by_id);
	return out;
}

/* Sets each option's count: the old site's on its first run, then what it counted since (see
 * nve_votes); keys each option to its choice with the count imported. */
static int write_counts(struct vote_run *r, const struct nv_poll *v, const struct poll *now,
			const struct poll *had, const bool *added, bool *changed)
{
	GPtrArray *fresh = new_choices(now, had);
	guint next = 0;
	int rc = 0;
	for (guint i = 0; rc == 0 && i < v->options->len; i++) {
		const struct nv_option *o = &g_array_index(v->options, struct nv_option, i);
		char *key = option_key(r, v, o);
		const char *base_s = "";
		int64_t cid = iw_map_get_value(r->w, "choice", key, &base_s);
		int64_t base = added[i] ? 0 : g_ascii_strtoll(base_s, NULL, 10);
		const struct poll_choice *c = NULL;
		if (!added[i])
			c = choice_of(now, cid);
		else if (next < fresh->len)
			c = fresh->pdata[next++];
		int64_t votes = c ? nve_votes(added[i] ? 0 : c->votes, o->votes, base) : 0;
		char *count = g_strdup_printf("%lld", (long long)o->votes);
		if (!c) {
			rc = -1;
		} else if (votes != c->votes) {
			*changed = true;
			if (store_poll_choice_votes(r->st, now->id, c->id, votes) != STORE_OK)
				rc = -1;
		}
		if (rc == 0 && (added[i] || base != o->votes) &&
		    iw_map_put_value(r->w, "choice", key, c->id, count) != 0)
			rc = -1;
		g_free(count);
		g_free(key);
	}
	g_ptr_array_free(fresh, TRUE);
	return rc;
}

static int write_poll(struct vote_run *r, struct nv_poll *v, int sort, struct buf *err)
{
	char *key = nve_key(r->o, v->vid);
	struct arena *a = arena_new();
	struct poll had, p, now;
	int64_t id = iw_map_get(r->w, "poll", key);
	bool have = id && store_poll_get(r->st, a, id, &had) == STORE_OK, changed = false;
	bool *added = g_new0(bool, v->options->len + 1);
	poll_of(r, v, sort, &p);
	p.id = have ? id : 0;
	int rc = save_poll(r, v, &p, have ? &had : NULL, added, &changed);
	if (rc == 0 && store_poll_get(r->st, a, p.id, &now) != STORE_OK)
		rc = -1;
	if (rc == 0)
		rc = write_counts(r, v, &now, have ? &had : NULL, added, &changed);
	if (rc == 0 && iw_map_put(r->w, "poll", key, p.id) != 0)
		rc = -1;
	if (rc == 0) {
		v->id = p.id;
		iw_count(r->w, changed ? IW_POLLS : IW_UNCHANGED, 1);
	} else {
		buf_printf(err, "the database refused the poll '%s'", v->question);
	}
	g_free(added);
	arena_free(a);
	g_free(key);
	return rc;
}

/* The module's page, which listed the open polls, leads to the first of them NukeViet showed
 * (else to the newest poll): Gazette has a page per poll. */
static int module_redirect(struct vote_run *r)
{
	const struct nv_poll *first = NULL, *newest = NULL;
	for (guint i = 0; i < r->polls->len; i++) {
		const struct nv_poll *v = r->polls->pdata[i];
		bool open = v->publ <= r->now && (!v->exp || v->exp > r->now);
		if (!v->id)
			continue; /* not imported */
		if (!newest)
			newest = v;
		if (!first && open && v->act && v->shown)
			first = v;
	}
	if (!newest)
		return 0;
	char *to = g_strdup_printf("/binh-chon/%lld", (long long)(first ? first : newest)->id);
	int rc = nv_old_addresses(r->w, r->o, "", to, false, false);
	g_free(to);
	return rc;
}

int nv_voting_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		     struct buf *err)
{
	struct nve_table t[] = {{"", poll_cols, NULL}, {"rows", option_cols, NULL}};
	struct vote_run r = {.w = w, .st = st, .o = o, .now = (int64_t)time(NULL)};
	r.polls = g_ptr_array_new_with_free_func(poll_free);
	int rc = nve_read(o, t, 2, "voting", err);
	if (rc == 0 && t[0].rows->len == 0) {
		char *name = nve_table_name(o, "");
		buf_printf(err, "%s: no polls in %s (check --prefix, --lang and --module)",
			   o->label, name);
		g_free(name);
		rc = -1;
	}
	if (rc == 0)
		read_polls(&r, t[0].rows, t[1].rows);
	nve_tables_free(t, 2);
	int sort = 0;
	for (guint i = 0; rc == 0 && i < r.polls->len; i++) {
		struct nv_poll *v = r.polls->pdata[i];
		char *what = g_strdup_printf("poll %lld", (long long)v->vid);
		if (v->options->len == 0)
			iw_skip(w, what, "no options");
		else if (!*v->question)
			iw_skip(w, what, "no question");
		else
			rc = write_poll(&r, v, sort++, err);
		g_free(what);
	}
	if (rc == 0 && module_redirect(&r) != 0) {
		buf_puts(err, "the database refused an old address");
		rc = -1;
	}
	g_ptr_array_free(r.polls, TRUE);
	return rc;
}
