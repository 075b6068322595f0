/* Article translations (issue 13): the backend-neutral calls over the ops table. */
#include "store/store-int.h"

#include <time.h>

enum store_rc store_translation_get(struct store *st, struct arena *a, int64_t article_id,
				    const char *lang, struct article_translation *out)
{
	ON_READ(st, st->ops->translation_get(c, a, article_id, lang, out));
}

enum store_rc store_translation_put(struct store *st, const struct article_translation *t)
{
	ON_CONN(st, st->ops->translation_put(c, t, (int64_t)time(NULL)));
}

enum store_rc store_translation_delete(struct store *st, int64_t article_id, const char *lang)
{
	ON_CONN(st, st->ops->translation_delete(c, article_id, lang));
}

enum store_rc store_translations(struct store *st, struct arena *a, const char *lang, int64_t limit,
				 struct article_translation **out, size_t *n)
{
	ON_READ(st, st->ops->translations(c, a, lang, limit, out, n));
}
