/*
 * method.h - probe methods: ICMP echo and TCP SYN to a port.
 *
 * A method list is a small value (at most METHOD_MAX entries) parsed from
 * "icmp,tcp:80,tcp:443". The per-method behaviour (how to build the probe,
 * how a reply is recognised) lives in packet.c and reply.c behind the same
 * enum, so adding a method means one table entry in each.
 */
#ifndef BLACKOUT_METHOD_H
#define BLACKOUT_METHOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/util.h"

#define METHOD_MAX 16
#define METHOD_DEFAULT "icmp,tcp:80,tcp:443"

enum method_kind {
	METHOD_ICMP_ECHO = 1,
	METHOD_TCP_SYN = 2,
};

struct method {
	enum method_kind kind;
	uint16_t port; /* TCP destination port; 0 for ICMP */
};

struct method_list {
	size_t n;
	struct method m[METHOD_MAX];
};

/*
 * Parses a comma-separated list ("icmp,tcp:80"). Duplicates are refused, as
 * are unknown names and ports outside 1..65535. Returns 0, or -1 with err
 * naming `what` (status 64 for an option, the caller adjusts for files).
 */
int method_list_parse(const char *text, const char *what,
		      struct method_list *out, struct bo_error *err);

/* Formats a method as "icmp" or "tcp:80" into buf (>= 10 bytes). */
char *method_format(const struct method *m, char *buf, size_t len);

bool method_equal(const struct method *a, const struct method *b);

/* Index of m in list, or -1. */
int method_list_find(const struct method_list *list, const struct method *m);

/* Adds m to list unless present. Returns its index, or -1 when full. */
int method_list_add(struct method_list *list, const struct method *m);

#endif /* BLACKOUT_METHOD_H */
