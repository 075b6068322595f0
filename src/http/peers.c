/*
 * Connections open from each client address, counted across every serving thread's listener
 * (server.c runs one libmicrohttpd daemon a thread, each with its own listening socket, so the
 * library's own per-address limit would count each thread's connections apart).
 *
 * Addresses are counted in PEERS_BUCKETS buckets chosen by a keyed hash (SipHash, a key drawn at
 * start): two addresses in one bucket share its count, which can refuse a client early only when
 * the two together hold the limit's connections; without the key no client can choose whose
 * bucket it shares, and the connection limit bounds how many buckets can be full at once.
 */
#include "http/http-int.h"

#include <netinet/in.h>
#include <sodium.h>
#include <stdlib.h>

#include "core/buf.h"

#define PEERS_BUCKETS 65536u

struct peers {
	unsigned limit; /* 0: no limit */
	unsigned char key[crypto_shorthash_KEYBYTES];
	atomic_uint n[PEERS_BUCKETS];
};

struct peers *peers_new(unsigned limit)
{
	struct peers *p = xcalloc(1, sizeof(*p));
	p->limit = limit;
	randombytes_buf(p->key, sizeof p->key);
	return p;
}

void peers_free(struct peers *p)
{
	free(p);
}

/* The bucket of an address: its 4 or 16 bytes (an IPv4-mapped IPv6 address as the IPv4 one). */
static unsigned bucket(const struct peers *p, const struct sockaddr *sa, socklen_t len)
{
	const unsigned char *a = NULL;
	size_t n = 0;
	if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		a = (const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)
			->sin_addr;
		n = 4;
	} else if (sa && sa->sa_family == AF_INET6 &&
		   len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct in6_addr *in6 =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		a = in6->s6_addr;
		n = 16;
		if (IN6_IS_ADDR_V4MAPPED(in6)) {
			a += 12;
			n = 4;
		}
	}
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, a ? a : (const unsigned char *)"", n, p->key);
	return ((unsigned)h[0] | (unsigned)h[1] << 8) % PEERS_BUCKETS;
}

bool peers_room(const struct peers *p, const struct sockaddr *sa, socklen_t len)
{
	return p->limit == 0 || atomic_load(&p->n[bucket(p, sa, len)]) < p->limit;
}

uintptr_t peers_add(struct peers *p, const struct sockaddr *sa, socklen_t len)
{
	unsigned b = bucket(p, sa, len);
	atomic_fetch_add(&p->n[b], 1);
	return (uintptr_t)b + 1;
}

void peers_drop(struct peers *p, uintptr_t token)
{
	if (token > 0 && token <= PEERS_BUCKETS)
		atomic_fetch_sub(&p->n[token - 1], 1);
}
