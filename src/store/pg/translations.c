/* The PostgreSQL backend's article translations (issue 13). */
#include "store/pg/pg-int.h"

enum store_rc pg_translation_get(struct store_conn *sc, struct arena *a, int64_t article_id,
				 const char *lang, struct article_translation *out)
{
	return pg_read_one(sc, a, PG_TRANSLATION_GET, sizeof(*out), store_row_translation, out,
			   article_id, lang);
}

enum store_rc pg_translation_put(struct store_conn *sc, const struct article_translation *t,
				 int64_t now)
{
	int64_t changes = 0;
	return pg_write1(sc, &changes, PG_TRANSLATION_PUT, t->article_id, t->lang, t->title,
			 t->lead, t->body_html, now);
}

enum store_rc pg_translation_delete(struct store_conn *sc, int64_t article_id, const char *lang)
{
	int64_t changes = 0;
	enum store_rc rc = pg_write1(sc, &changes, PG_TRANSLATION_DELETE, article_id, lang);
	return rc == STORE_OK && changes == 0 ? STORE_NOTFOUND : rc;
}

enum store_rc pg_translations(struct store_conn *sc, struct arena *a, const char *lang,
			      int64_t limit, struct article_translation **out, size_t *n)
{
	return pg_read_rows(sc, a, PG_TRANSLATIONS, sizeof(**out), store_row_translation,
			    (void **)out, n, lang, limit);
}
