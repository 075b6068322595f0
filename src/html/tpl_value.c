/* The template engine's values: objects, lists, strings and safe HTML in the request's arena. */
#include "html/tpl-int.h"

#include <assert.h>
#include <string.h>

#include "html/escape.h"

#define TV_INDEX_MIN 8 /* objects with this many keys get a hash index */

uint32_t tpl_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct tv *tv_new(struct arena *a, enum tv_kind kind)
{
	struct tv *v = arena_alloc(a, sizeof(*v));
	v->a = a;
	v->kind = kind;
	return v;
}

/* Returns p, or a copy of its n elements with room for one more when it is full (old copy is
 * dropped). */
static void *arena_array_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	size_t ncap = *cap ? *cap * 2 : 4;
	void *q = arena_alloc(a, ncap * size);
	if (n)
		memcpy(q, p, n * size);
	*cap = ncap;
	return q;
}

static bool field_is(const struct tv_field *f, const char *key, size_t klen, uint32_t hash)
{
	return f->hash == hash && f->klen == klen && memcmp(f->key, key, klen) == 0;
}

size_t tpl_obj_find(const struct tv *obj, const char *key, size_t klen, uint32_t hash)
{
	if (obj->slots) {
		size_t mask = obj->nslots - 1;
		for (size_t i = hash & mask; obj->slots[i]; i = (i + 1) & mask)
			if (field_is(&obj->u.fields[obj->slots[i] - 1], key, klen, hash))
				return obj->slots[i] - 1;
		return TPL_NOT_FOUND;
	}
	for (size_t i = 0; i < obj->n; i++)
		if (field_is(&obj->u.fields[i], key, klen, hash))
			return i;
	return TPL_NOT_FOUND;
}

static void slots_insert(struct tv *obj, size_t field)
{
	size_t mask = obj->nslots - 1;
	size_t i = obj->u.fields[field].hash & mask;
	while (obj->slots[i])
		i = (i + 1) & mask;
	obj->slots[i] = (uint32_t)(field + 1);
}

/* Keeps the hash index of a big object at most half full. */
static void slots_update(struct tv *obj)
{
	if (obj->n < TV_INDEX_MIN)
		return;
	if (obj->slots && obj->n * 2 <= obj->nslots) {
		slots_insert(obj, obj->n - 1);
		return;
	}
	size_t nslots = 32;
	while (nslots < obj->n * 4)
		nslots *= 2;
	obj->slots = arena_alloc(obj->a, nslots * sizeof(*obj->slots));
	obj->nslots = nslots;
	for (size_t f = 0; f < obj->n; f++)
		slots_insert(obj, f);
}

/* Stores val under key[0..klen) with its hash (replacing an earlier value). */
static void obj_set(struct tv *obj, const char *key, size_t klen, uint32_t hash, struct tv *val)
{
	assert(obj && obj->kind == TV_OBJ && !obj->sealed && key);
	size_t f = tpl_obj_find(obj, key, klen, hash);
	if (f != TPL_NOT_FOUND) {
		obj->u.fields[f].val = val;
		return;
	}
	obj->u.fields =
	    arena_array_grow(obj->a, obj->u.fields, obj->n, &obj->cap, sizeof(struct tv_field));
	obj->u.fields[obj->n++] = (struct tv_field){key, klen, hash, val};
	slots_update(obj);
}

/* Stores a new value of the given kind under key (replacing an earlier one) and returns it. */
static struct tv *obj_put(struct tv *obj, const char *key, enum tv_kind kind)
{
	assert(obj && key);
	struct tv *val = tv_new(obj->a, kind);
	size_t klen = strlen(key);
	obj_set(obj, key, klen, tpl_hash(key, klen), val);
	return val;
}

static void list_append(struct tv *list, struct tv *item)
{
	assert(list && list->kind == TV_LIST && !list->sealed);
	list->u.items = arena_array_grow(list->a, list->u.items, list->n, &list->cap, sizeof(item));
	list->u.items[list->n++] = item;
}

static void str_set(struct tv *v, const char *s, size_t n)
{
	if (!s)
		n = 0;
	v->u.str.s = arena_strndup(v->a, s ? s : "", n);
	v->u.str.len = n;
}

struct tv *tv_obj(struct arena *a)
{
	return tv_new(a, TV_OBJ);
}

void tv_str(struct tv *obj, const char *key, const char *s)
{
	tv_strn(obj, key, s, s ? strlen(s) : 0);
}

void tv_strn(struct tv *obj, const char *key, const char *s, size_t n)
{
	str_set(obj_put(obj, key, TV_STR), s, n);
}

void tv_int(struct tv *obj, const char *key, int64_t n)
{
	obj_put(obj, key, TV_INT)->u.i = n;
}

void tv_bool(struct tv *obj, const char *key, bool b)
{
	obj_put(obj, key, TV_BOOL)->u.b = b;
}

void tv_safe(struct tv *obj, const char *key, const struct safe_html *h)
{
	obj_put(obj, key, TV_SAFE)->u.safe = h;
}

struct tv *tv_child(struct tv *obj, const char *key)
{
	return obj_put(obj, key, TV_OBJ);
}

struct tv *tv_list(struct tv *obj, const char *key)
{
	return obj_put(obj, key, TV_LIST);
}

struct tv *tv_push(struct tv *list)
{
	assert(list && list->kind == TV_LIST);
	struct tv *item = tv_new(list->a, TV_OBJ);
	list_append(list, item);
	return item;
}

void tv_push_str(struct tv *list, const char *s)
{
	assert(list && list->kind == TV_LIST);
	struct tv *item = tv_new(list->a, TV_STR);
	str_set(item, s, s ? strlen(s) : 0);
	list_append(list, item);
}

void tv_seal(struct tv *v)
{
	if (!v || v->sealed)
		return;
	v->sealed = true;
	switch (v->kind) {
	case TV_STR:
		v->plain = !html_escape_changes(v->u.str.s, v->u.str.len);
		break;
	case TV_OBJ:
		for (size_t i = 0; i < v->n; i++)
			tv_seal(v->u.fields[i].val);
		break;
	case TV_LIST:
		for (size_t i = 0; i < v->n; i++)
			tv_seal(v->u.items[i]);
		break;
	case TV_INT:
	case TV_BOOL:
	case TV_SAFE:
		break;
	}
}

/* The tree keeps non-const pointers; a sealed value is never written through them. */
static struct tv *shared(const struct tv *val)
{
	assert(val && val->sealed);
	union {
		const struct tv *c;
		struct tv *v;
	} u = {.c = val};
	return u.v;
}

void tv_merge(struct tv *obj, const struct tv *src)
{
	assert(src && src->kind == TV_OBJ && src->sealed);
	for (size_t i = 0; i < src->n; i++) {
		const struct tv_field *f = &src->u.fields[i];
		obj_set(obj, f->key, f->klen, f->hash, shared(f->val));
	}
}

void tv_push_shared(struct tv *list, const struct tv *item)
{
	list_append(list, shared(item));
}
