/* Private to the template engine: the value tree that tpl_value.c builds and tpl.c renders. */
#ifndef GZ_HTML_TPL_INT_H
#define GZ_HTML_TPL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html/tpl.h"

#define TPL_NOT_FOUND ((size_t)-1)

enum tv_kind { TV_STR, TV_INT, TV_BOOL, TV_SAFE, TV_OBJ, TV_LIST };

struct tv_field {
	const char *key; /* borrowed from the caller */
	size_t klen;
	uint32_t hash;
	struct tv *val;
};

struct tv {
	struct arena *a; /* where this value and everything stored in it lives */
	enum tv_kind kind;
	bool sealed;     /* tv_seal: read-only, shared by requests */
	bool plain;      /* sealed TV_STR without a byte html_escape changes: written as it is */
	size_t n, cap;   /* fields of an object, items of a list */
	uint32_t *slots; /* hash index of a big object: field number + 1, 0 when empty; else NULL */
	size_t nslots;   /* a power of two, at least twice n */
	union {
		struct {
			const char *s;
			size_t len;
		} str;
		int64_t i;
		bool b;
		const struct safe_html *safe;
		struct tv_field *fields;
		struct tv **items;
	} u;
};

/* FNV-1a of s[0..n): computed once per stored key and once per name part at load. */
uint32_t tpl_hash(const char *s, size_t n);
/* The number of obj's field named key[0..klen) with that hash, or TPL_NOT_FOUND. */
size_t tpl_obj_find(const struct tv *obj, const char *key, size_t klen, uint32_t hash);

#endif
