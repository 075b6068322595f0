/* The PostgreSQL backend's search: a tsvector index kept by a trigger, and its queries. */
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "search/query.h"
#include "store/pg/vi-letters.h"

/*
 * search_docs holds, for each published article, what the filters need and two tsvectors of its
 * title (weight A), lead (B) and body text (D): `fold` (no diacritics, đ -> d; GIN-indexed, it
 * decides what matches) and `exact` (lower case with diacritics; it ranks exact matches first).
 * PostgreSQL has no Vietnamese dictionary and `unaccent` does not fold đ, so the folding is done by
 * translate() over the Vietnamese letters (the letters vi_fold folds), after NFC. A trigger on
 * articles keeps the table in step with every write, as SQLite's triggers do.
 */

const char pg_search_sql[] =
    "CREATE FUNCTION gz_words(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT regexp_replace(translate(t, '" VI_PUNCT "', '" VI_SPACES "'), "
    "'[[:punct:][:space:]]+', ' ', 'g') $$;\n"
    "CREATE FUNCTION gz_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT lower(translate(normalize(t, NFC), '" VI_MARKED "', '" VI_FOLDED "')) $$;\n"
    "CREATE FUNCTION gz_lower(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT lower(translate(normalize(t, NFC), '" VI_UPPER "', '" VI_LOWER "')) $$;\n"
    /* The visible text of sanitised HTML: tags dropped, the entities the sanitiser writes
     * decoded. */
    "CREATE FUNCTION gz_text(html text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT replace(replace(replace(replace(replace(replace(regexp_replace(html, '<[^>]*>', ' ', "
    "'g'), '&lt;', '<'), '&gt;', '>'), '&quot;', '\"'), '&#39;', ''''), '&nbsp;', ' '), "
    "'&amp;', '&') $$;\n"
    "CREATE FUNCTION gz_vector(title text, lead text, body text, fold boolean) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(title) ELSE "
    "gz_lower(title) END)), 'A') || "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(lead) ELSE "
    "gz_lower(lead) END)), 'B') || "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(gz_text(body)) ELSE "
    "gz_lower(gz_text(body)) END)), 'D') $$;\n"
    "CREATE TABLE search_docs (\n"
    "  id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  category_id BIGINT NOT NULL,\n"
    "  published_at BIGINT NOT NULL,\n"
    "  expires_at BIGINT,\n"
    "  fold tsvector NOT NULL,\n"
    "  exact tsvector NOT NULL\n"
    ");\n"
    "CREATE INDEX search_docs_fold ON search_docs USING gin (fold);\n"
    "CREATE FUNCTION gz_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'DELETE' THEN\n"
    "    DELETE FROM search_docs WHERE id = OLD.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF NEW.status <> 'published' THEN\n"
    "    DELETE FROM search_docs WHERE id = NEW.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.lead = "
    "NEW.lead AND OLD.body_html = NEW.body_html THEN\n"
    "    UPDATE search_docs SET category_id = NEW.category_id, published_at = "
    "coalesce(NEW.published_at, 0), expires_at = NEW.expires_at WHERE id = NEW.id;\n"
    "    IF FOUND THEN RETURN NULL; END IF;\n"
    "  END IF;\n"
    "  INSERT INTO search_docs VALUES (NEW.id, NEW.category_id, coalesce(NEW.published_at, 0), "
    "NEW.expires_at, gz_vector(NEW.title, NEW.lead, NEW.body_html, true), gz_vector(NEW.title, "
    "NEW.lead, NEW.body_html, false)) ON CONFLICT (id) DO UPDATE SET category_id = "
    "EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = "
    "EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact;\n"
    "  RETURN NULL;\n"
    "END $$;\n"
    "CREATE TRIGGER search_sync AFTER INSERT OR UPDATE OR DELETE ON articles FOR EACH ROW "
    "EXECUTE FUNCTION gz_search_sync();\n"
    "INSERT INTO search_docs SELECT id, category_id, coalesce(published_at, 0), expires_at, "
    "gz_vector(title, lead, body_html, true), gz_vector(title, lead, body_html, false) FROM "
    "articles WHERE status = 'published';\n";

/* Migration 10: the index reads the text stored with each body (made by the sanitiser's own text
 * walk) instead of stripping tags from the HTML. Existing rows keep the text the index holds until
 * store_bodies_refresh re-makes their bodies. */
const char pg_body_text_sql[] =
    "ALTER TABLE articles ADD COLUMN body_text TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE articles ADD COLUMN body_version INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE articles DISABLE TRIGGER search_sync;\n"
    "UPDATE articles SET body_text = gz_text(body_html);\n"
    "ALTER TABLE articles ENABLE TRIGGER search_sync;\n"
    "CREATE INDEX articles_body_version ON articles(body_version, id);\n"
    "CREATE FUNCTION gz_vector_text(title text, lead text, body text, fold boolean) RETURNS "
    "tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(title) ELSE "
    "gz_lower(title) END)), 'A') || "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(lead) ELSE "
    "gz_lower(lead) END)), 'B') || "
    "setweight(to_tsvector('simple', gz_words(CASE WHEN fold THEN gz_fold(body) ELSE "
    "gz_lower(body) END)), 'D') $$;\n"
    "CREATE OR REPLACE FUNCTION gz_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'DELETE' THEN\n"
    "    DELETE FROM search_docs WHERE id = OLD.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF NEW.status <> 'published' THEN\n"
    "    DELETE FROM search_docs WHERE id = NEW.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.lead = "
    "NEW.lead AND OLD.body_text = NEW.body_text THEN\n"
    "    UPDATE search_docs SET category_id = NEW.category_id, published_at = "
    "coalesce(NEW.published_at, 0), expires_at = NEW.expires_at WHERE id = NEW.id;\n"
    "    IF FOUND THEN RETURN NULL; END IF;\n"
    "  END IF;\n"
    "  INSERT INTO search_docs VALUES (NEW.id, NEW.category_id, coalesce(NEW.published_at, 0), "
    "NEW.expires_at, gz_vector_text(NEW.title, NEW.lead, NEW.body_text, true), "
    "gz_vector_text(NEW.title, NEW.lead, NEW.body_text, false)) ON CONFLICT (id) DO UPDATE SET "
    "category_id = EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = "
    "EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact;\n"
    "  RETURN NULL;\n"
    "END $$;\n";

/* Migration 23: the trigger leaves the search row of an article write to the writer when it says
 * it made the words itself (gazette.search_words = 'given', set around that one statement by
 * pg_article_write, which then writes the row with PG_SEARCH_PUT). Deletions are always its own. */
const char pg_search_given_sql[] =
    "CREATE OR REPLACE FUNCTION gz_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'DELETE' THEN\n"
    "    DELETE FROM search_docs WHERE id = OLD.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF current_setting('gazette.search_words', true) = 'given' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF NEW.status <> 'published' THEN\n"
    "    DELETE FROM search_docs WHERE id = NEW.id;\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.lead = "
    "NEW.lead AND OLD.body_text = NEW.body_text THEN\n"
    "    UPDATE search_docs SET category_id = NEW.category_id, published_at = "
    "coalesce(NEW.published_at, 0), expires_at = NEW.expires_at WHERE id = NEW.id;\n"
    "    IF FOUND THEN RETURN NULL; END IF;\n"
    "  END IF;\n"
    "  INSERT INTO search_docs VALUES (NEW.id, NEW.category_id, coalesce(NEW.published_at, 0), "
    "NEW.expires_at, gz_vector_text(NEW.title, NEW.lead, NEW.body_text, true), "
    "gz_vector_text(NEW.title, NEW.lead, NEW.body_text, false)) ON CONFLICT (id) DO UPDATE SET "
    "category_id = EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = "
    "EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact;\n"
    "  RETURN NULL;\n"
    "END $$;\n";

/* The pairs' triggers (the keys made from fold where a write leaves them NULL, or leaves them as
 * they were while fold changes) and their index: migrations 38 and 41. */
#define PAIRS_TRIGGERS_INDEX                                                                       \
	"CREATE TRIGGER search_pairs BEFORE INSERT ON search_docs FOR EACH ROW WHEN (NEW.pairs "   \
	"IS NULL) EXECUTE FUNCTION gz_pairs_fill();\n"                                             \
	"CREATE TRIGGER search_pairs_fold BEFORE UPDATE OF fold ON search_docs FOR EACH ROW WHEN " \
	"(NEW.pairs IS NULL OR (NEW.pairs IS NOT DISTINCT FROM OLD.pairs AND NEW.fold IS "         \
	"DISTINCT FROM OLD.fold)) EXECUTE FUNCTION gz_pairs_fill();\n"                             \
	"CREATE INDEX search_docs_pairs ON search_docs USING gin (pairs);\n"                       \
	"ANALYZE search_docs;\n"

/* Migration 38: the pairs of adjacent words, each as one of 65,536 keys ('p' and four hex digits
 * of the SHA-256 of "first second"), without positions, kept in the row (`pairs`, GIN-indexed).
 * A phrase's words are common more often than the phrase: "nông thôn mới" matched 24 of 100,000
 * articles, but their three words 75,000, whose positions (fold, out of line) were read one by
 * one. Its pairs' keys find the candidates in the index; fold confirms them. The client writes
 * the keys with the vectors (words.c); any other insert (the trigger's own words, a reindex, an
 * article the client leaves to the server) leaves them NULL and search_pairs makes them from
 * fold, as does a change of fold that leaves them as they were. Hashed: the words themselves
 * cost twice as much to index (0.56 against 0.30 ms an article). */
const char pg_search_pairs_sql[] =
    "CREATE FUNCTION gz_pairs(v tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS $$ SELECT coalesce(array_to_tsvector(array_agg(DISTINCT 'p' || "
    "encode(substr(sha256(convert_to(w || ' ' || n, 'UTF8')), 1, 2), 'hex'))), '') FROM "
    "(SELECT lex AS w, pos, lead(lex) OVER o AS n, lead(pos) OVER o AS np FROM unnest(v) "
    "u(lex, positions, weights), unnest(positions) pos WINDOW o AS (ORDER BY pos)) s WHERE np = "
    "pos + 1 $$;\n"
    /* one rewrite of the table, computing the column; then a plain column */
    "ALTER TABLE search_docs ADD COLUMN pairs tsvector GENERATED ALWAYS AS (gz_pairs(fold)) "
    "STORED;\n"
    "ALTER TABLE search_docs ALTER COLUMN pairs DROP EXPRESSION;\n"
    "ALTER TABLE search_docs ALTER COLUMN pairs SET STORAGE EXTERNAL;\n"
    "ALTER TABLE search_docs ALTER COLUMN pairs SET NOT NULL;\n"
    "CREATE FUNCTION gz_pairs_fill() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  NEW.pairs := gz_pairs(NEW.fold);\n"
    "  RETURN NEW;\n"
    "END $$;\n" PAIRS_TRIGGERS_INDEX;

/* Migration 41: the same keys as numbers, an int2[] in a GIN index of the core's array_ops
 * (`@>`), rather than 'pXXXX' lexemes: the index compares integers where it compared text, each
 * detoasted (gin_cmp_tslexeme), and an article's keys take 0.9 KB instead of 4 KB. Inserting
 * 20,000 articles' keys: 3.1 s instead of 7.5 s of the server's CPU. A key is the first two bytes
 * of the SHA-256 of "first second" as a number, less 32,768 (pg_pair_key); the stored keys are
 * converted, not made again from fold (1.8 s against 7.7 s for 20,000 rows). */
const char pg_search_pairs_int_sql[] =
    "DROP INDEX search_docs_pairs;\n"
    "DROP TRIGGER search_pairs ON search_docs;\n" /* their WHEN names the column */
    "DROP TRIGGER search_pairs_fold ON search_docs;\n"
    "CREATE FUNCTION gz_pairs_keys(v tsvector) RETURNS int2[] LANGUAGE sql IMMUTABLE AS $$ "
    "SELECT coalesce(array_agg(k ORDER BY k), '{}') FROM (SELECT (((get_byte(b, 0) << 8) | "
    "get_byte(b, 1)) - 32768)::int2 AS k FROM unnest(tsvector_to_array(v)) l, "
    "decode(substr(l, 2), 'hex') b) s $$;\n"
    /* one statement: the rewrite stores the arrays as EXTERNAL (a new type's own default
     * storage is set first, then this) */
    "ALTER TABLE search_docs ALTER COLUMN pairs TYPE int2[] USING gz_pairs_keys(pairs), ALTER "
    "COLUMN pairs SET STORAGE EXTERNAL;\n"
    "DROP FUNCTION gz_pairs_keys(tsvector);\n"
    "DROP FUNCTION gz_pairs(tsvector);\n"
    "CREATE FUNCTION gz_pairs(v tsvector) RETURNS int2[] LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS $$ SELECT coalesce(array_agg(DISTINCT (((get_byte(h, 0) << 8) | get_byte(h, 1)) - "
    "32768)::int2), '{}') FROM (SELECT sha256(convert_to(w || ' ' || n, 'UTF8')) AS h FROM "
    "(SELECT lex AS w, pos, lead(lex) OVER o AS n, lead(pos) OVER o AS np FROM unnest(v) "
    "u(lex, positions, weights), unnest(positions) pos WINDOW o AS (ORDER BY pos)) s WHERE np = "
    "pos + 1) p $$;\n" PAIRS_TRIGGERS_INDEX;

/* --- queries ---------------------------------------------------------------------------------- */

/* The filters of a match: in category $5 (0: any) or below it, public at $2, published within
 * [$3, $4]. The category comes first, as an array made once (an InitPlan) and array_position,
 * which PostgreSQL costs as one operator like @@: of quals of the same cost it keeps the written
 * order, so a row of another category is passed over before its words are read (with `IN
 * (subquery)` the category was checked last, after every row's words). */
#define SEARCH_CATEGORY                                                                            \
	"($5::bigint = 0 OR array_position(ARRAY(WITH RECURSIVE sub(id) AS (SELECT $5::bigint "    \
	"UNION SELECT k.id FROM categories k JOIN sub ON k.parent_id = sub.id) SELECT id FROM "    \
	"sub), d.category_id) IS NOT NULL) "
#define SEARCH_DATES                                                                               \
	"d.published_at <= $2::bigint AND (d.expires_at IS NULL OR d.expires_at > $2::bigint) "    \
	"AND d.published_at >= $3::bigint AND d.published_at <= $4::bigint "
/* A row's words match: $14 the query on the words without positions (`words`, in the row, GIN-
 * indexed; phrases as their words, excluded phrases left out), then $1, the whole query on
 * `fold` (out of line), only when $14 is not the whole of it ($15 false: a phrase), after $16, the
 * keys of the pairs of the phrases' adjacent words (`pairs`, GIN-indexed; $17 true when there are
 * none: only an excluded phrase); last, unless $19 is true (none), $18: the excluded terms typed
 * with diacritics, which the row's exact words (out of line) may not match
 * (search_excluded_words), read only when the row's words hold the folds of one of them ($20).
 * The planner gets the flags as constants and keeps what holds. */
#define SEARCH_WORDS                                                                               \
	"d.words @@ $14::tsquery AND ($15::boolean OR (($17::boolean OR d.pairs @> $16::int2[]) "  \
	"AND d.fold @@ $1::tsquery)) AND ($19::boolean OR NOT (d.words @@ $20::tsquery AND "       \
	"d.exact @@ $18::tsquery)) "

/* The title pass's match (below): older than the window's rows, the title holding the query
 * as typed, and the words and filters. */
#define TITLE_MATCH                                                                                \
	"(SELECT n FROM wn) >= $8::bigint AND d.title_fold @@ $11::tsquery AND ($13::boolean OR "  \
	"(" SEARCH_WORDS ")) AND d.id < (SELECT min(id) FROM k) AND " SEARCH_CATEGORY              \
	"AND " SEARCH_DATES
/* How far below the window the title pass walks the articles by id (t1) before it asks the
 * titles' index for the rest (t2, ordered by an expression no index gives, so that the planner
 * cannot walk every older row instead): a walk finds a common title's rows at once, but a title
 * few hold (a place, a phrase in one category) walked every row, 82 ms at 100,000 articles for
 * "kinh tế" in its category; the index gives them in 1-4 ms. */
#define TITLE_WALK "5000"

/*
 * The candidates, as SQLite's (SEARCH_WINDOW): the newest SEARCH_WINDOW public matches (w
 * reads one more, to know whether there are more) and, when there are more, the newest
 * SEARCH_TITLE_WINDOW ($12) older ones whose title holds the query as typed ($11: each phrase,
 * and each run of words typed side by side, as a phrase of weight A), t1 then t2 (TITLE_WALK),
 * t2 by the titles' own index (title_fold, migration 33); such a title holds every term, so the
 * words are checked there only when the query excludes something ($13 true when it does not). They
 * are scored as SQLite scores them: 1e6 per item found with its exact diacritics ($6, one tsquery
 * per marked item), 1e4 per joined pair found side by side ($7), plus ts_rank_cd of the fold (below
 * 1). $8 the window + 1, $9 limit, $10 offset: the page is taken from c before the articles' rows
 * are read (joined first, all of c's rows were read, 400 for one page of 10). The last column says
 * whether there were more matches than the window.
 */
static const char sql_search[] =
    "WITH w AS (SELECT d.id FROM search_docs d WHERE " SEARCH_CATEGORY "AND " SEARCH_WORDS
    "AND " SEARCH_DATES "ORDER BY d.id DESC LIMIT $8::bigint), "
    "wn AS (SELECT count(*) AS n FROM w), "
    "k AS (SELECT id FROM w ORDER BY id DESC LIMIT $8::bigint - 1), "
    "t1 AS (SELECT d.id FROM search_docs d WHERE " TITLE_MATCH "AND d.id >= (SELECT min(id) "
    "FROM k) - " TITLE_WALK " ORDER BY d.id DESC LIMIT $12::bigint), "
    "t2 AS (SELECT d.id FROM search_docs d WHERE (SELECT count(*) FROM t1) < $12::bigint "
    "AND " TITLE_MATCH "AND d.id < (SELECT min(id) FROM k) - " TITLE_WALK " ORDER BY d.id + 0 DESC "
    "LIMIT $12::bigint - (SELECT count(*) FROM t1)), "
    "t AS (SELECT id FROM t1 UNION ALL SELECT id FROM t2), "
    "c AS (SELECT d.id, d.published_at, "
    "(SELECT count(*) FROM unnest($6::text[]) e(q) WHERE d.exact @@ e.q::tsquery) * 1e6 + "
    "(SELECT count(*) FROM unnest($7::text[]) j(q) WHERE d.fold @@ j.q::tsquery) * 1e4 + "
    "ts_rank_cd(d.fold, $1::tsquery, 32) AS score "
    "FROM search_docs d WHERE d.id IN (SELECT id FROM k UNION ALL SELECT id FROM t)), "
    "n AS (SELECT count(*) AS total, (SELECT n FROM wn) >= $8::bigint AS more FROM c) "
    "SELECT n.total, p.*, n.more FROM n LEFT JOIN LATERAL (SELECT c.id, a.category_id, "
    "c.published_at, c.score::float8, a.title, a.slug, a.lead, a.body_text, a.image_src, "
    "a.image_alt FROM (SELECT * FROM c ORDER BY score DESC, published_at DESC, id DESC LIMIT "
    "$9::bigint OFFSET $10::bigint) c JOIN articles a ON a.id = c.id ORDER BY c.score DESC, "
    "c.published_at DESC, c.id DESC) p ON true";

/* Appends 'w' with its weight, or ('w' | 'a') when alt holds another spelling of it (words are
 * letters, digits and marks: nothing to escape). */
static void put_word(struct buf *b, const char *w, const char *const *alt, size_t i,
		     const char *weight)
{
	if (alt && strcmp(alt[i], w) != 0)
		buf_printf(b, "('%s'%s | '%s'%s)", w, weight, alt[i], weight);
	else
		buf_printf(b, "'%s'%s", w, weight);
}

/* Appends 'w1' <-> 'w2' ..., each word or its other spelling in alt (when not NULL). */
static void put_phrase_or(struct buf *b, const char *const *words, const char *const *alt, size_t n)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? " <-> " : "");
		put_word(b, words[i], alt, i, "");
	}
	buf_putc(b, ')');
}

/* Appends 'w1' <-> 'w2' ... */
static void put_phrase(struct buf *b, const char *const *words, size_t n)
{
	put_phrase_or(b, words, NULL, n);
}

/* Appends the phrase of a term's exact words, or of either spelling when its tone marks can be
 * placed two ways (t->alt): ((...) | (...)). */
static void put_exact(struct buf *b, const struct search_term *t)
{
	if (!t->alt) {
		put_phrase(b, t->exact, t->n);
		return;
	}
	buf_putc(b, '(');
	put_phrase(b, t->exact, t->n);
	buf_puts(b, " | ");
	put_phrase(b, t->alt, t->n);
	buf_putc(b, ')');
}

/* A text[] literal of tsqueries: {"q1","q2"} (tsquery text has no '"' or '\'). */
static void array_add(struct buf *arr, const struct buf *q)
{
	buf_puts(arr, arr->len > 1 ? ",\"" : "\"");
	buf_append(arr, q->data, q->len);
	buf_putc(arr, '"');
}

/* Appends ('w1' & 'w2' ...): a phrase's words wherever they are (the query on `words`), each
 * word or its other spelling in alt (when not NULL). */
static void put_all(struct buf *b, const char *const *words, const char *const *alt, size_t n)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? " & " : "");
		put_word(b, words[i], alt, i, "");
	}
	buf_putc(b, ')');
}

/* Writes the keys of the pairs of adjacent words of the query's phrases to pairs as an int2[]
 * literal ("{-27,4031}", "{}" for none); returns how many. */
static size_t put_pairs(const struct search_query *q, struct buf *pairs)
{
	size_t n = 0;
	buf_putc(pairs, '{');
	for (size_t i = 0; i < q->nterms; i++) {
		const struct search_term *t = &q->terms[i];
		for (size_t j = 1; j < t->n; j++) {
			/* a pair of a word spelt two ways (fold_alt): both its keys are possible,
			 * the fold decides */
			if (t->fold_alt && (strcmp(t->fold_alt[j - 1], t->fold[j - 1]) != 0 ||
					    strcmp(t->fold_alt[j], t->fold[j]) != 0))
				continue;
			buf_printf(pairs, "%s%d", n++ ? "," : "",
				   pg_pair_key(t->fold[j - 1], strlen(t->fold[j - 1]), t->fold[j],
					       strlen(t->fold[j])));
		}
	}
	buf_putc(pairs, '}');
	return n;
}

/* The tsqueries of a search: match (the whole query, on fold), exact and adj (text[] of
 * tsqueries for the score), title (the title pass), words (match without positions: each phrase
 * as its words, an excluded phrase left out, since a row may hold its words apart), unexact (the
 * excluded terms typed with diacritics, on the exact words, left out of match and words:
 * search_excluded_words; empty when there are none) and unwords (their folds as words: a row
 * without them cannot match unexact); sets *positional when words is not the whole of match. */
static void build_queries(const struct search_query *q, struct buf *match, struct buf *exact,
			  struct buf *adj, struct buf *title, struct buf *words,
			  struct buf *unexact, struct buf *unwords, bool *positional)
{
	*positional = false;
	struct buf one = BUF_INIT;
	buf_putc(exact, '{');
	buf_putc(adj, '{');
	for (size_t i = 0; i < q->nterms; i++) {
		const struct search_term *t = &q->terms[i];
		const char *const *falt = (const char *const *)t->fold_alt;
		buf_puts(match, i ? " & " : "");
		put_phrase_or(match, t->fold, falt, t->n);
		buf_puts(words, i ? " & " : "");
		put_all(words, t->fold, falt, t->n);
		*positional |= t->n > 1;
		/* the title pass: each quoted phrase and each run of words typed side by side as
		 * one phrase in titles only ('w1':A <-> 'w2':A ...), as SQLite's */
		if (i == 0 || !t->joined)
			buf_puts(title, i ? ") & (" : "(");
		else
			buf_puts(title, " <-> ");
		for (size_t j = 0; j < t->n; j++) {
			buf_puts(title, j ? " <-> " : "");
			put_word(title, t->fold[j], falt, j, ":A");
		}
		if (i + 1 == q->nterms)
			buf_putc(title, ')');
		if (t->marked) {
			buf_reset(&one);
			put_exact(&one, t);
			array_add(exact, &one);
		}
		if (t->joined && i > 0) {
			const struct search_term *pt = &q->terms[i - 1];
			const char *pair[2] = {pt->fold[pt->n - 1], t->fold[0]};
			const char *alts[2] = {pt->fold_alt ? pt->fold_alt[pt->n - 1] : pair[0],
					       t->fold_alt ? t->fold_alt[0] : pair[1]};
			buf_reset(&one);
			put_phrase_or(&one, pair, alts, 2);
			array_add(adj, &one);
		}
	}
	for (size_t i = 0; i < q->nexcluded; i++) {
		const struct search_term *x = &q->excluded[i];
		const char *const *xalt = (const char *const *)x->fold_alt;
		if (x->marked) {
			buf_puts(unwords, unexact->len ? " | " : "");
			put_all(unwords, x->fold, xalt, x->n);
			buf_puts(unexact, unexact->len ? " | " : "");
			put_exact(unexact, x);
			continue;
		}
		buf_puts(match, " & !");
		put_phrase_or(match, x->fold, xalt, x->n);
		if (x->n == 1) {
			buf_puts(words, " & !");
			put_word(words, x->fold[0], xalt, 0, "");
		} else
			*positional = true;
	}
	buf_putc(exact, '}');
	buf_putc(adj, '}');
	buf_free(&one);
}

static enum store_rc db_rc(PGconn *db)
{
	return PQstatus(db) == CONNECTION_OK ? STORE_ERROR : STORE_UNAVAILABLE;
}

static const char *hit_text(struct arena *a, const PGresult *r, int row, int col)
{
	return arena_strdup(a, PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col));
}

static int64_t num(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static void read_hits(struct arena *a, const PGresult *r, struct search_hit **out, size_t *n)
{
	int rows = PQntuples(r);
	*out = arena_alloc(a, (size_t)(rows > 0 ? rows : 1) * sizeof(**out));
	*n = 0;
	for (int i = 0; i < rows; i++) {
		if (PQgetisnull(r, i, 1))
			continue; /* the page is past the end: only the count came back */
		struct search_hit *h = &(*out)[(*n)++];
		h->id = num(r, i, 1);
		h->category_id = num(r, i, 2);
		h->published_at = num(r, i, 3);
		h->score = strtod(PQgetvalue(r, i, 4), NULL);
		h->title = hit_text(a, r, i, 5);
		h->slug = hit_text(a, r, i, 6);
		h->lead = hit_text(a, r, i, 7);
		h->body_text = hit_text(a, r, i, 8);
		h->image.src = hit_text(a, r, i, 9);
		h->image.alt = hit_text(a, r, i, 10);
	}
}

/* A search's statement parameters (sql_search's $1..$20), made by stmt_make. */
#define SEARCH_PARAMS 20
struct search_stmt {
	struct buf match, exact, adj, title, words, pairs, unexact, unwords;
	char nums[8][24];
	const char *params[SEARCH_PARAMS];
};

static void stmt_make(struct search_stmt *s, const struct search_request *r)
{
	s->match = s->exact = s->adj = s->title = s->words = s->pairs = s->unexact = s->unwords =
	    (struct buf)BUF_INIT;
	bool positional;
	build_queries(r->q, &s->match, &s->exact, &s->adj, &s->title, &s->words, &s->unexact,
		      &s->unwords, &positional);
	bool no_unexact = s->unexact.len == 0;
	if (no_unexact) { /* not read */
		buf_puts(&s->unexact, "'x'");
		buf_puts(&s->unwords, "'x'");
	}
	bool no_pairs = put_pairs(r->q, &s->pairs) == 0; /* '{}': not read */
	int64_t vals[8] = {r->now,
			   search_from(r),
			   search_to(r),
			   r->category_id,
			   SEARCH_WINDOW + 1,
			   r->limit > 0 ? r->limit : 0,
			   r->offset > 0 ? r->offset : 0,
			   SEARCH_TITLE_WINDOW};
	for (int i = 0; i < 8; i++)
		snprintf(s->nums[i], sizeof s->nums[i], "%lld", (long long)vals[i]);
	const char *p[SEARCH_PARAMS] = {buf_cstr(&s->match),
					s->nums[0],
					s->nums[1],
					s->nums[2],
					s->nums[3],
					buf_cstr(&s->exact),
					buf_cstr(&s->adj),
					s->nums[4],
					s->nums[5],
					s->nums[6],
					buf_cstr(&s->title),
					s->nums[7],
					r->q->nexcluded ? "false" : "true",
					buf_cstr(&s->words),
					positional ? "false" : "true",
					buf_cstr(&s->pairs),
					no_pairs ? "true" : "false",
					buf_cstr(&s->unexact),
					no_unexact ? "true" : "false",
					buf_cstr(&s->unwords)};
	memcpy(s->params, p, sizeof p);
}

static void stmt_free(struct search_stmt *s)
{
	buf_free(&s->unexact);
	buf_free(&s->unwords);
	buf_free(&s->pairs);
	buf_free(&s->words);
	buf_free(&s->title);
	buf_free(&s->match);
	buf_free(&s->exact);
	buf_free(&s->adj);
}

enum store_rc pg_search_run(PGconn *db, struct arena *a, const struct search_request *r,
			    struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	*more = false;
	if (!r->q || r->q->nterms == 0 || search_from(r) > search_to(r))
		return STORE_OK;
	struct search_stmt s;
	stmt_make(&s, r);
	PGresult *res = PQexecParams(db, sql_search, SEARCH_PARAMS, NULL, s.params, NULL, NULL, 0);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		log_error("postgresql: search: %s", PQerrorMessage(db));
		rc = db_rc(db);
	} else if (PQntuples(res) > 0) {
		*total = num(res, 0, 0);
		*more = PQgetvalue(res, 0, 9)[0] == 't';
		read_hits(a, res, out, n);
	}
	PQclear(res);
	stmt_free(&s);
	return rc;
}

enum store_rc pg_search_plan(PGconn *db, const struct search_request *r, struct buf *out)
{
	if (!r->q || r->q->nterms == 0)
		return STORE_INVALID;
	struct search_stmt s;
	stmt_make(&s, r);
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "EXPLAIN (COSTS OFF) ");
	buf_puts(&sql, sql_search);
	PGresult *res =
	    PQexecParams(db, buf_cstr(&sql), SEARCH_PARAMS, NULL, s.params, NULL, NULL, 0);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		log_error("postgresql: search plan: %s", PQerrorMessage(db));
		rc = db_rc(db);
	} else {
		for (int i = 0; i < PQntuples(res); i++)
			buf_printf(out, "%s\n", PQgetvalue(res, i, 0));
	}
	PQclear(res);
	buf_free(&sql);
	stmt_free(&s);
	return rc;
}

static enum store_rc exec(PGconn *db, const char *sql, int64_t *rows)
{
	PGresult *res = PQexec(db, sql);
	ExecStatusType s = PQresultStatus(res);
	enum store_rc rc = STORE_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		log_error("postgresql: reindex: %s", PQerrorMessage(db));
		rc = db_rc(db);
	} else if (rows) {
		*rows = strtoll(PQcmdTuples(res), NULL, 10);
	}
	PQclear(res);
	return rc;
}

/* One batch of 1000 published articles after `after`; sets *last to the batch's last id. */
static enum store_rc fill_batch(PGconn *db, int64_t after, int64_t *last, int64_t *rows)
{
	char p[24];
	snprintf(p, sizeof p, "%lld", (long long)after);
	const char *params[1] = {p};
	PGresult *res = PQexecParams(
	    db,
	    "WITH b AS (INSERT INTO search_docs SELECT id, category_id, coalesce(published_at, 0), "
	    "expires_at, gz_vector_text(title, lead, body_text, true), gz_vector_text(title, "
	    "lead, body_text, false) FROM articles WHERE status = 'published' AND id > $1::bigint "
	    "ORDER BY id LIMIT "
	    "1000 RETURNING id) SELECT coalesce(max(id), 0), count(*) FROM b",
	    1, NULL, params, NULL, NULL, 0);
	enum store_rc rc = STORE_OK;
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		log_error("postgresql: reindex: %s", PQerrorMessage(db));
		rc = db_rc(db);
	} else {
		*last = num(res, 0, 0);
		*rows = num(res, 0, 1);
	}
	PQclear(res);
	return rc;
}

enum store_rc pg_search_rebuild(PGconn *db, void (*progress)(int64_t done, void *ctx), void *ctx,
				int64_t *count)
{
	*count = 0;
	enum store_rc rc = exec(db, "DELETE FROM search_docs", NULL);
	int64_t after = 0, last = 0, rows = 0;
	while (rc == STORE_OK && (rc = fill_batch(db, after, &last, &rows)) == STORE_OK &&
	       rows > 0) {
		*count += rows;
		after = last;
		if (progress)
			progress(*count, ctx);
	}
	return rc;
}

enum store_rc pg_search(struct store_conn *sc, struct arena *a, const struct search_request *r,
			struct search_hit **out, size_t *n, int64_t *total, bool *more)
{
	struct pg_conn *c = pg_c(sc);
	enum store_rc rc = pg_search_run(c->db, a, r, out, n, total, more);
	if (rc == STORE_UNAVAILABLE)
		c->broken = true;
	return rc;
}

enum store_rc pg_search_reindex(struct store_conn *sc, void (*progress)(int64_t, void *), void *ctx,
				int64_t *count)
{
	struct pg_conn *c = pg_c(sc);
	enum store_rc rc = pg_search_rebuild(c->db, progress, ctx, count);
	if (rc == STORE_UNAVAILABLE)
		c->broken = true;
	return rc;
}

void pg_search_build(const struct search_query *q, struct buf *match, struct buf *exact,
		     struct buf *adj, struct buf *unexact)
{
	struct buf title = BUF_INIT, words = BUF_INIT, unwords = BUF_INIT;
	bool positional;
	build_queries(q, match, exact, adj, &title, &words, unexact, &unwords, &positional);
	buf_free(&title);
	buf_free(&words);
	buf_free(&unwords);
}

/* store_search_merge on PostgreSQL: the search indexes' pending entries are moved into them (an
 * import gathers up to 64 MB, which every search would read: BATCH_GIN); and the end of an
 * import calls it, and after one the planner's statistics are
 * those of the empty tables until autovacuum's next round: the most-viewed list, a join of
 * article_views and articles, then sorted every published article (140 ms at 100,000 articles,
 * against 0.5 ms with statistics). The tables whose plans depend on their size are analyzed
 * when more than a tenth of their rows changed since their last analysis. */
enum store_rc pg_search_merge(struct store_conn *sc, bool force, int steps, bool *done)
{
	(void)force;
	(void)steps;
	*done = true;
	struct pg_conn *c = pg_c(sc);
	if (PQtransactionStatus(c->db) == PQTRANS_IDLE) { /* a failure must not end a transaction */
		PGresult *g = PQexec(c->db, "SELECT gin_clean_pending_list('search_docs_words'), "
					    "gin_clean_pending_list('search_docs_pairs')");
		if (PQresultStatus(g) != PGRES_TUPLES_OK) /* not the indexes' owner: autovacuum's */
			log_debug("postgresql: search indexes' pending entries: %s",
				  PQresultErrorMessage(g));
		PQclear(g);
	}
	PGresult *r =
	    PQexec(c->db, "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON "
			  "c.oid = s.relid WHERE s.schemaname = current_schema() AND "
			  "s.relname IN ('articles', 'article_views', 'article_tags', "
			  "'search_docs') AND s.n_mod_since_analyze > 1000 + 0.1 * "
			  "greatest(c.reltuples, 0) ORDER BY 1");
	enum store_rc rc = PQresultStatus(r) == PGRES_TUPLES_OK ? STORE_OK : pg_rc_of(c, r);
	for (int i = 0; rc == STORE_OK && i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0); /* one of the four names above */
		struct buf sql = BUF_INIT;
		buf_printf(&sql, "ANALYZE %s", name);
		PGresult *a = PQexec(c->db, buf_cstr(&sql));
		if (PQresultStatus(a) != PGRES_COMMAND_OK)
			rc = pg_rc_of(c, a);
		else
			log_debug("postgresql: analyzed %s after many changes", name);
		PQclear(a);
		buf_free(&sql);
	}
	PQclear(r);
	if (rc == STORE_OK && PQtransactionStatus(c->db) == PQTRANS_IDLE)
		rc = pg_search_log_prune(c, pg_now());
	return rc;
}
