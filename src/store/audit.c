/* The tamper-evident audit chain both backends share: hashing, adding, verifying and purging. */
#include "store/store-int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Bytes of a hash and of the checkpoint key; hex strings are twice as long. */
#define HASH_BYTES 32
#define HEX_LEN (2 * HASH_BYTES)
/* The previous hash of the very first entry. */
static const char GENESIS[HEX_LEN + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";
/* The settings key of the secret that signs checkpoints. */
#define KEY_SETTING "audit_key"
/* Entries read at a time while sealing or verifying. */
#define PAGE 500

const char *audit_finding_name(enum audit_finding f)
{
	static const char *const names[AUDIT_FINDING_MAX] = {"intact", "changed", "removed",
							     "inserted", "checkpoint"};
	return (unsigned)f < AUDIT_FINDING_MAX ? names[f] : "unknown";
}

/* Adds one field to the canonical form: its length as 8 bytes little-endian, then its bytes. */
static void put_field(crypto_generichash_state *h, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	unsigned char n[8];
	for (int i = 0; i < 8; i++)
		n[i] = (unsigned char)((uint64_t)len >> (8 * i));
	crypto_generichash_update(h, n, sizeof n);
	if (len)
		crypto_generichash_update(h, (const unsigned char *)s, len);
}

static void put_num(crypto_generichash_state *h, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	put_field(h, num);
}

static void finish_hex(crypto_generichash_state *h, char out[HEX_LEN + 1])
{
	unsigned char d[HASH_BYTES];
	crypto_generichash_final(h, d, sizeof d);
	sodium_bin2hex(out, HEX_LEN + 1, d, sizeof d);
}

/* BLAKE2b-256 of the entry's canonical form followed by its previous hash, in hex. */
static void entry_hash(const struct audit_entry *e, const char *prev, char out[HEX_LEN + 1])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, HASH_BYTES);
	put_field(&h, "gazette-audit-1");
	put_num(&h, e->id);
	put_num(&h, e->at);
	put_num(&h, e->user_id);
	put_field(&h, e->user_name);
	put_field(&h, e->address);
	put_field(&h, e->action);
	put_field(&h, e->object);
	put_field(&h, e->detail);
	put_field(&h, prev);
	finish_hex(&h, out);
}

/* The checkpoint's signature: BLAKE2b keyed with the secret over its canonical form. */
static void checkpoint_mac(const struct audit_chain *ch, const unsigned char key[HASH_BYTES],
			   char out[HEX_LEN + 1])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, HASH_BYTES, HASH_BYTES);
	put_field(&h, "gazette-audit-checkpoint-1");
	put_num(&h, ch->cp_id);
	put_num(&h, ch->cp_at);
	put_num(&h, ch->cp_count);
	put_field(&h, ch->cp_hash);
	finish_hex(&h, out);
}

/* The checkpoint secret from the settings; made when missing and create is set, else
 * STORE_NOTFOUND. */
static enum store_rc checkpoint_key(const struct store *st, struct store_conn *c, struct arena *a,
				    bool create, unsigned char key[HASH_BYTES])
{
	const char *hex = NULL;
	enum store_rc rc = st->ops->setting_get(c, a, KEY_SETTING, &hex);
	size_t len = 0;
	if (rc == STORE_OK &&
	    sodium_hex2bin(key, HASH_BYTES, hex, strlen(hex), NULL, &len, NULL) == 0 &&
	    len == HASH_BYTES)
		return STORE_OK;
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return rc;
	if (!create)
		return STORE_NOTFOUND;
	char out[HEX_LEN + 1];
	randombytes_buf(key, HASH_BYTES);
	sodium_bin2hex(out, sizeof out, key, HASH_BYTES);
	return st->ops->setting_set(c, KEY_SETTING, out);
}

/* Hashes the entries written before the chain existed, once, in id order. */
static enum store_rc seal(const struct store *st, struct store_conn *c, struct arena *ha,
			  struct audit_chain *ch)
{
	int64_t after = ch->cp_id;
	char prev[HEX_LEN + 1], h[HEX_LEN + 1];
	snprintf(prev, sizeof prev, "%s", *ch->cp_hash ? ch->cp_hash : GENESIS);
	enum store_rc rc = STORE_OK;
	for (;;) {
		struct arena *a = arena_new();
		struct audit_entry *e;
		size_t n = 0;
		rc = st->ops->audit_page(c, a, after, PAGE, &e, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			entry_hash(&e[i], prev, h);
			rc = st->ops->audit_rehash(c, e[i].id, prev, h);
			memcpy(prev, h, sizeof prev);
			ch->head_id = after = e[i].id;
		}
		arena_free(a);
		if (rc != STORE_OK || n < PAGE)
			break;
	}
	ch->sealed = true;
	ch->head_hash = ch->head_id ? arena_strdup(ha, prev) : GENESIS;
	return rc == STORE_OK ? st->ops->audit_chain_set(c, ch) : rc;
}

/* Reads and locks the chain's state (sealing older entries the first time). Strings in a. */
static enum store_rc chain_lock(const struct store *st, struct store_conn *c, struct arena *a,
				struct audit_chain *ch, int64_t *max_id)
{
	enum store_rc rc = st->ops->audit_chain_get(c, a, true, ch, max_id);
	if (rc == STORE_OK && !*ch->cp_hash)
		ch->cp_hash = GENESIS;
	if (rc == STORE_OK && !*ch->head_hash)
		ch->head_hash = GENESIS;
	if (rc == STORE_OK && !ch->sealed)
		rc = seal(st, c, a, ch);
	return rc;
}

enum store_rc store_audit_add_on(const struct store *st, struct store_conn *c,
				 const struct audit_entry *e)
{
	struct arena *a = arena_new();
	struct audit_chain ch;
	int64_t max_id = 0;
	enum store_rc rc = chain_lock(st, c, a, &ch, &max_id);
	if (rc == STORE_OK) {
		struct audit_entry x = *e;
		x.id = (max_id > ch.head_id ? max_id : ch.head_id) + 1;
		x.at = e->at ? e->at : (int64_t)time(NULL);
		x.user_name = e->user_name ? e->user_name : "";
		x.address = e->address ? e->address : "";
		x.object = e->object ? e->object : "";
		x.detail = e->detail ? e->detail : "";
		char h[HEX_LEN + 1];
		entry_hash(&x, ch.head_hash, h);
		x.prev_hash = ch.head_hash;
		x.hash = h;
		rc = st->ops->audit_insert(c, &x);
		ch.head_id = x.id;
		ch.head_hash = h;
		if (rc == STORE_OK)
			rc = st->ops->audit_chain_set(c, &ch);
	}
	arena_free(a);
	return rc;
}

/* The walk of verify: where it is in the chain. */
struct walk {
	const struct store *st;
	struct store_conn *c;
	const struct audit_chain *ch;
	char expect[HEX_LEN + 1]; /* the hash the next entry must link to */
	int64_t prev_id;          /* the id the next entry must follow */
	int64_t until; /* 0: the whole chain; else stop after the entry that follows it */
};

/* The entry after id, if any, for telling an inserted entry from a changed one. */
static bool next_links_to(struct walk *w, int64_t id)
{
	struct arena *a = arena_new();
	struct audit_entry *e;
	size_t n = 0;
	bool links = w->st->ops->audit_page(w->c, a, id, 1, &e, &n) == STORE_OK && n == 1 &&
		     strcmp(e[0].prev_hash, w->expect) == 0;
	arena_free(a);
	return links;
}

/* Judges entry e; returns AUDIT_INTACT and advances the walk, or the finding and sets *at. */
static enum audit_finding judge(struct walk *w, const struct audit_entry *e, int64_t *at)
{
	char h[HEX_LEN + 1];
	entry_hash(e, e->prev_hash, h);
	bool hash_ok = strcmp(h, e->hash) == 0, link_ok = strcmp(e->prev_hash, w->expect) == 0,
	     seq_ok = e->id == w->prev_id + 1;
	if (hash_ok && link_ok && seq_ok && e->id <= w->ch->head_id) {
		memcpy(w->expect, h, sizeof w->expect);
		w->prev_id = e->id;
		return AUDIT_INTACT;
	}
	*at = e->id;
	if (e->id > w->ch->head_id || e->id <= w->ch->cp_id)
		return AUDIT_INSERTED; /* beyond the recorded head, or before the checkpoint */
	if (hash_ok && !link_ok && !seq_ok) {
		*at = w->prev_id + 1; /* an intact entry after a gap: the ones before it went */
		return AUDIT_REMOVED;
	}
	if (next_links_to(w, e->id))
		return AUDIT_INSERTED; /* the next entry links past this one */
	if (hash_ok && !link_ok) {
		*at = w->prev_id; /* rehashed after a change: its successor no longer links to it */
		return AUDIT_CHANGED;
	}
	return link_ok && seq_ok ? AUDIT_CHANGED : AUDIT_INSERTED;
}

/* Checks the checkpoint's signature; AUDIT_INTACT when there is none or it matches. */
static enum store_rc check_checkpoint(const struct store *st, struct store_conn *c,
				      const struct audit_chain *ch, struct audit_verdict *out)
{
	if (ch->cp_id == 0 && ch->cp_count == 0 && !*ch->cp_mac)
		return STORE_OK;
	struct arena *a = arena_new();
	unsigned char key[HASH_BYTES];
	enum store_rc rc = checkpoint_key(st, c, a, false, key);
	char mac[HEX_LEN + 1];
	if (rc == STORE_OK)
		checkpoint_mac(ch, key, mac);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && strcmp(mac, ch->cp_mac) != 0)) {
		out->finding = AUDIT_BAD_CHECKPOINT;
		out->entry_id = ch->cp_id;
		rc = STORE_OK;
	}
	arena_free(a);
	return rc;
}

/* Walks every entry in id order until the first finding. */
static enum store_rc walk_all(struct walk *w, struct audit_verdict *out)
{
	int64_t after = 0;
	enum store_rc rc = STORE_OK;
	while (rc == STORE_OK && out->finding == AUDIT_INTACT) {
		struct arena *a = arena_new();
		struct audit_entry *e;
		size_t n = 0;
		rc = w->st->ops->audit_page(w->c, a, after, PAGE, &e, &n);
		bool done = n < PAGE;
		for (size_t i = 0; rc == STORE_OK && i < n && out->finding == AUDIT_INTACT; i++) {
			out->finding = judge(w, &e[i], &out->entry_id);
			out->entries += out->finding == AUDIT_INTACT;
			after = e[i].id;
			if (w->until && after > w->until) {
				done = true;
				break;
			}
		}
		arena_free(a);
		if (done)
			break;
	}
	return rc;
}

/* Verifies the chain from the checkpoint: all of it (until 0, with the head), or the entries up
 * to `until` and the one after it (whose link proves `until` intact). */
static enum store_rc verify_range(const struct store *st, struct store_conn *c, int64_t until,
				  struct audit_verdict *out)
{
	memset(out, 0, sizeof(*out));
	struct arena *a = arena_new();
	struct audit_chain ch;
	int64_t max_id = 0;
	enum store_rc rc = chain_lock(st, c, a, &ch, &max_id);
	if (rc == STORE_OK)
		rc = check_checkpoint(st, c, &ch, out);
	out->purged = ch.cp_count;
	struct walk w = {.st = st, .c = c, .ch = &ch, .prev_id = ch.cp_id, .until = until};
	if (rc == STORE_OK && out->finding == AUDIT_INTACT) {
		snprintf(w.expect, sizeof w.expect, "%s", ch.cp_hash);
		rc = walk_all(&w, out);
	}
	/* Entries missing at the end leave the head unmatched. */
	if (rc == STORE_OK && out->finding == AUDIT_INTACT && !(until && w.prev_id > until) &&
	    (w.prev_id != ch.head_id || strcmp(w.expect, ch.head_hash) != 0)) {
		out->finding = w.prev_id < ch.head_id ? AUDIT_REMOVED : AUDIT_CHANGED;
		out->entry_id = w.prev_id < ch.head_id ? w.prev_id + 1 : w.prev_id;
	}
	arena_free(a);
	return rc;
}

enum store_rc store_audit_verify_on(const struct store *st, struct store_conn *c,
				    struct audit_verdict *out)
{
	return verify_range(st, c, 0, out);
}

/* Deletes entries up to `upto` and signs the checkpoint that replaces them. */
static enum store_rc purge_upto(const struct store *st, struct store_conn *c, struct arena *a,
				struct audit_chain *ch, int64_t upto, int64_t now, int64_t *purged)
{
	struct audit_entry *e;
	size_t n = 0;
	enum store_rc rc = st->ops->audit_page(c, a, upto - 1, 1, &e, &n);
	if (rc == STORE_OK && (n != 1 || e[0].id != upto))
		rc = STORE_ERROR; /* verified a moment ago: cannot happen */
	unsigned char key[HASH_BYTES];
	if (rc == STORE_OK)
		rc = checkpoint_key(st, c, a, true, key);
	if (rc == STORE_OK)
		rc = st->ops->audit_delete_upto(c, upto, purged);
	if (rc != STORE_OK)
		return rc;
	ch->cp_id = upto;
	ch->cp_hash = e[0].hash;
	ch->cp_at = now;
	ch->cp_count += *purged;
	char mac[HEX_LEN + 1];
	checkpoint_mac(ch, key, mac);
	ch->cp_mac = mac;
	return st->ops->audit_chain_set(c, ch);
}

enum store_rc store_audit_purge_on(const struct store *st, struct store_conn *c, int64_t now,
				   int64_t *purged)
{
	int64_t days = 0, upto = 0, max_id = 0;
	struct arena *a = arena_new();
	struct audit_chain ch;
	enum store_rc rc = chain_lock(st, c, a, &ch, &max_id);
	if (rc == STORE_OK)
		rc = store_setting_num_on(st, c, SETTING_AUDIT_DAYS, &days);
	if (rc == STORE_OK)
		rc = st->ops->audit_purge_bound(c, now - days * 86400, &upto);
	/* What goes must verify first (a purge must not erase evidence): the entries up to upto,
	 * and the link of the one after them. */
	struct audit_verdict v = {.finding = AUDIT_INTACT};
	if (rc == STORE_OK && upto > ch.cp_id)
		rc = verify_range(st, c, upto, &v);
	if (rc == STORE_OK && v.finding != AUDIT_INTACT)
		rc = STORE_CONFLICT;
	if (rc == STORE_OK && upto > ch.cp_id)
		rc = purge_upto(st, c, a, &ch, upto, now, purged);
	arena_free(a);
	return rc;
}
