/* NukeViet's faq module ("Hỏi đáp"): the questions it published, with their answers, become
 * Gazette's published questions and answers (/hoi-dap/), asked by nobody named; old addresses kept.
 */
#include "import/nvegov-int.h"

#include <string.h>
#include <time.h>

#include "import/nvegovmap.h"
#include "store/tickets.h"

/* The columns read (modules/faq/action_mysql.php of nukeviet/module-faq, nukeviet/nukeviet and
 * nukeviet/eGovernment); pubtime (nukeviet/nukeviet's) and the categories' status and
 * groups_view are read when present. */
static const char *const faq_cols[] = {"id",     "catid",  "title", "question",
				       "answer", "status", NULL};
static const char *const cat_cols[] = {"id", "title", "alias", NULL};
static const char *const config_cols[] = {"config_name", "config_value", NULL};

struct faq_cat {
	int64_t id, parent;
	bool shown; /* status 1 and visible to guests */
	char *alias;
};

struct faq_run {
	struct import_writer *w;
	struct store *st;
	const struct nv_opts *o;
	GHashTable *cats; /* id -> struct faq_cat */
	int64_t per_page; /* module-faq's page size (0: a version without pages) */
	int64_t now;
};

/* One entry as Gazette keeps it. */
struct faq_entry {
	int64_t id, catid, weight, asked, answered;
	char *subject, *question, *answer;
};

static void cat_free(gpointer p)
{
	struct faq_cat *c = p;
	g_free(c->alias);
	g_free(c);
}

static void read_cats(struct faq_run *r, GPtrArray *rows)
{
	for (guint i = 0; i < rows->len; i++) {
		const struct nve_row *row = rows->pdata[i];
		struct faq_cat *c = g_new0(struct faq_cat, 1);
		c->id = nve_int(row, "id");
		c->parent = nve_int(row, "parentid");
		c->shown = (!nve_has(row, "status") || nve_int(row, "status") == 1) &&
			   nve_public_groups(nve_col(row, "groups_view"));
		c->alias = g_strdup(nve_col(row, "alias"));
		g_hash_table_replace(r->cats, g_memdup2(&c->id, sizeof c->id), c);
	}
}

/* NukeViet lists a category only when it and every category above it are shown. */
static const struct faq_cat *shown_cat(const struct faq_run *r, int64_t id)
{
	const struct faq_cat *c = g_hash_table_lookup(r->cats, &id), *p = c;
	for (int depth = 0; p && depth < 32; depth++) {
		if (!p->shown)
			return NULL;
		if (!p->parent)
			return c;
		p = g_hash_table_lookup(r->cats, &p->parent);
	}
	return NULL;
}

static void read_config(struct faq_run *r, GPtrArray *rows)
{
	for (guint i = 0; i < rows->len; i++)
		if (strcmp(nve_col(rows->pdata[i], "config_name"), "per_page") == 0)
			r->per_page = nve_int(rows->pdata[i], "config_value");
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* A new ticket: the question, its answer (a reply by "NukeViet" when it was published), closed
 * (the old site finished it: nothing is due in the newsroom's queue), and its publication. */
static int add_qa(struct faq_run *r, const struct faq_entry *e, int64_t *id)
{
	struct ticket t = {.kind = TICKET_QUESTION,
			   .name = "",
			   .email = "",
			   .phone = "",
			   .subject = e->subject,
			   .message = e->question,
			   .due_at = e->asked,
			   .created_at = e->asked};
	struct ticket_event ev = {
	    .at = e->answered, .user_name = "NukeViet", .kind = "reply", .body = e->answer};
	if (store_ticket_add(r->st, &t, NULL, 0, id) != STORE_OK)
		return -1;
	ev.ticket_id = *id;
	if (store_ticket_step(r->st, &ev, TICKET_CLOSED, NULL, 0) != STORE_OK)
		return -1;
	return store_ticket_publish_at(r->st, *id, true, e->answer, e->answered) == STORE_OK ? 0
											     : -1;
}

/* Brings a ticket of an earlier run up to the source: 0 unchanged, 1 written, -1 refused. */
static int update_qa(struct faq_run *r, const struct faq_entry *e, const struct ticket *had)
{
	bool text = !same_str(had->subject, e->subject) || !same_str(had->message, e->question) ||
		    had->created_at != e->asked;
	bool answer = !had->published || !same_str(had->answer, e->answer) ||
		      had->published_at != e->answered;
	if (text &&
	    store_ticket_revise(r->st, had->id, e->subject, e->question, e->asked) != STORE_OK)
		return -1;
	if (answer &&
	    store_ticket_publish_at(r->st, had->id, true, e->answer, e->answered) != STORE_OK)
		return -1;
	return text || answer;
}

/* ".../question-ID" under its category's address ("CAT/", none for category 0), and on the page
 * of the category's list module-faq links it from when that is not the first. */
static int qa_redirects(struct faq_run *r, const struct faq_entry *e, const char *to)
{
	const struct faq_cat *c = e->catid ? g_hash_table_lookup(r->cats, &e->catid) : NULL;
	const char *dir = c ? c->alias : "", *slash = c ? "/" : "";
	char *op = g_strdup_printf("%s%squestion-%lld", dir, slash, (long long)e->id);
	int rc = nv_old_addresses(r->w, r->o, op, to, false, false);
	int64_t page = nve_faq_page(e->weight, r->per_page);
	if (rc == 0 && page > 1) {
		char *paged = g_strdup_printf("%s%spage-%lld/question-%lld", dir, slash,
					      (long long)page, (long long)e->id);
		rc = nv_old_addresses(r->w, r->o, paged, to, false, false);
		g_free(paged);
	}
	g_free(op);
	return rc;
}

static int write_qa(struct faq_run *r, const struct faq_entry *e, struct buf *err)
{
	char *key = nve_key(r->o, e->id);
	struct arena *a = arena_new();
	struct ticket had;
	int64_t id = iw_map_get(r->w, "qa", key);
	bool have = id && store_ticket_get(r->st, a, id, &had) == STORE_OK;
	int rc = have ? update_qa(r, e, &had) : add_qa(r, e, &id) == 0 ? 1 : -1;
	if (rc >= 0)
		iw_count(r->w, rc ? IW_QA : IW_UNCHANGED, 1);
	if (rc >= 0 && iw_map_put(r->w, "qa", key, id) == 0) {
		char *to = g_strdup_printf("/hoi-dap/%lld", (long long)id);
		rc = qa_redirects(r, e, to);
		g_free(to);
	} else {
		rc = -1;
	}
	if (rc < 0 && !err->len)
		buf_printf(err, "the database refused the question '%s'", e->subject);
	arena_free(a);
	g_free(key);
	return rc < 0 ? -1 : 0;
}

/* Why a row is not published on the old site, or NULL when it is. */
static const char *hidden(struct faq_run *r, const struct nve_row *row)
{
	if (nve_int(row, "status") != 1)
		return "hidden on the old site (status 0)";
	int64_t catid = nve_int(row, "catid");
	if (catid && !shown_cat(r, catid))
		return "in a category hidden on the old site or kept for members";
	return NULL;
}

static int import_row(struct faq_run *r, const struct nve_row *row, struct buf *err)
{
	char *what = g_strdup_printf("question %s", nve_col(row, "id"));
	const char *why = hidden(r, row);
	struct faq_entry e = {.id = nve_int(row, "id"),
			      .catid = nve_int(row, "catid"),
			      .weight = nve_int(row, "weight")};
	int rc = 0;
	if (why) {
		iw_skip(r->w, what, why);
		goto out;
	}
	e.subject = nve_plain(r->w, 0, nve_col(row, "title"));
	e.question = nve_html_text(r->w, 0, nve_col(row, "question"));
	e.answer = nve_html_text(r->w, 0, nve_col(row, "answer"));
	int64_t added = nve_int(row, "addtime"), pub = nve_int(row, "pubtime");
	e.asked = added > 0 ? added : pub > 0 ? pub : r->now;
	e.answered = pub > 0 ? pub : e.asked;
	if (!*e.question) {
		g_free(e.question);
		e.question = g_strdup(e.subject);
	}
	if (!*e.subject || !*e.answer)
		iw_skip(r->w, what, !*e.subject ? "no title" : "no answer");
	else
		rc = write_qa(r, &e, err);
out:
	g_free(e.subject);
	g_free(e.question);
	g_free(e.answer);
	g_free(what);
	return rc;
}

static gint row_order(gconstpointer a, gconstpointer b)
{
	const struct nve_row *x = *(const struct nve_row *const *)a,
			     *y = *(const struct nve_row *const *)b;
	int64_t k[3][2] = {{nve_int(x, "catid"), nve_int(y, "catid")},
			   {nve_int(x, "weight"), nve_int(y, "weight")},
			   {nve_int(x, "id"), nve_int(y, "id")}};
	for (int i = 0; i < 3; i++)
		if (k[i][0] != k[i][1])
			return k[i][0] < k[i][1] ? -1 : 1;
	return 0;
}

/* The module's page and its categories' lead to the questions and answers. */
static int list_redirects(struct faq_run *r)
{
	int rc = nv_old_addresses(r->w, r->o, "", "/hoi-dap/", false, false);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, r->cats);
	while (rc == 0 && g_hash_table_iter_next(&it, &k, &v)) {
		const struct faq_cat *c = v;
		if (*c->alias && shown_cat(r, c->id))
			rc = nv_old_addresses(r->w, r->o, c->alias, "/hoi-dap/", false, false);
	}
	return rc;
}

int nv_faq_import(struct import_writer *w, struct store *st, const struct nv_opts *o,
		  struct buf *err)
{
	struct nve_table t[] = {
	    {"", faq_cols, NULL}, {"categories", cat_cols, NULL}, {"config", config_cols, NULL}};
	struct faq_run r = {.w = w, .st = st, .o = o, .now = (int64_t)time(NULL)};
	r.cats = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, cat_free);
	int rc = nve_read(o, t, 3, "faq", err);
	if (rc == 0 && t[0].rows->len == 0) {
		char *name = nve_table_name(o, "");
		buf_printf(err, "%s: no questions in %s (check --prefix, --lang and --module)",
			   o->label, name);
		g_free(name);
		rc = -1;
	}
	if (rc == 0) {
		read_cats(&r, t[1].rows);
		read_config(&r, t[2].rows);
		g_ptr_array_sort(t[0].rows, row_order);
	}
	for (guint i = 0; rc == 0 && i < t[0].rows->len; i++)
		rc = import_row(&r, t[0].rows->pdata[i], err);
	if (rc == 0 && list_redirects(&r) != 0) {
		buf_puts(err, "the database refused an old address");
		rc = -1;
	}
	nve_tables_free(t, 3);
	g_hash_table_destroy(r.cats);
	return rc;
}
