/*
 * method.c - the table of probe methods, and parsing and naming them.
 *
 * The table lists each method's ops once; every question about a method
 * (its name, its replies, its capture filter) is answered by walking it, so
 * nothing here knows one method from another.
 */
#include "blackout/probe/method.h"

#include <stdio.h>
#include <string.h>

/* Every probe method, in the order the capture filter lists them. */
static const struct method_ops *const table[] = {
	&method_icmp_ops,
	&method_tcp_ops,
};

#define TABLE_N (sizeof(table) / sizeof(*table))

/* What an ICMP error about any probe looks like (reply.c parses them). */
#define ERROR_FILTER                                   \
	"icmp and (icmp[icmptype] == icmp-unreach or " \
	"icmp[icmptype] == icmp-timxceed)"

const struct method_ops *
method_ops(enum method_kind kind)
{
	size_t i;

	for (i = 0; i < TABLE_N; i++)
		if (table[i]->kind == kind)
			return table[i];
	return NULL;
}

const struct method_ops *
method_ops_nth(size_t i)
{
	return i < TABLE_N ? table[i] : NULL;
}

const struct method_ops *
method_ops_find(const char *name)
{
	size_t i;

	for (i = 0; i < TABLE_N; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

bool
method_of_reply(const struct reply *r, struct method *m)
{
	size_t i;

	for (i = 0; i < TABLE_N; i++)
		if (table[i]->answers(r, m))
			return true;
	return false;
}

int
method_counter(const struct method *m, const char *name)
{
	const struct method_ops *ops = method_ops(m->kind);
	int i;

	for (i = 0;
	     ops != NULL && i < METHOD_COUNTERS_MAX && ops->counters[i] != NULL;
	     i++)
		if (strcmp(ops->counters[i], name) == 0)
			return i;
	return -1;
}

int
method_filter(char *buf, size_t len)
{
	size_t i, used;
	int n;

	n = snprintf(buf, len, "(%s)", ERROR_FILTER);
	for (i = 0; n >= 0 && (size_t)n < len && i < TABLE_N; i++) {
		used = (size_t)n;
		n = snprintf(buf + used, len - used, " or (%s)",
			     table[i]->filter);
		n = n < 0 ? n : (int)used + n;
	}
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* "icmp or tcp:PORT": the spellings the table knows, for an error. */
static void
method_hint(char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < TABLE_N && used < len; i++) {
		snprintf(buf + used, len - used, "%s%s%s",
			 i == 0		    ? ""
			 : i + 1 == TABLE_N ? " or "
					    : ", ",
			 table[i]->name, table[i]->has_port ? ":PORT" : "");
		used = strlen(buf);
	}
}

static int
method_parse_one(const char *tok, const char *what, struct method *m,
		 struct bo_error *err)
{
	const struct method_ops *ops;
	char name[32], hint[128];
	const char *colon = strchr(tok, ':');
	size_t n = colon != NULL ? (size_t)(colon - tok) : strlen(tok);
	uint64_t port;

	ops = NULL;
	if (n < sizeof(name)) {
		memcpy(name, tok, n);
		name[n] = '\0';
		ops = method_ops_find(name);
	}
	if (ops == NULL || ops->has_port != (colon != NULL)) {
		method_hint(hint, sizeof(hint));
		error_set(err, BO_EXIT_USAGE,
			  "%s: unknown method '%s' (use %s)", what, tok, hint);
		return -1;
	}
	m->kind = ops->kind;
	m->port = 0;
	if (!ops->has_port)
		return 0;
	if (parse_uint(colon + 1, 1, 65535, what, &port, NULL) < 0) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' has a bad port (1 to 65535)", what, tok);
		return -1;
	}
	m->port = (uint16_t)port;
	return 0;
}

int
method_list_parse(const char *text, const char *what, struct method_list *out,
		  struct bo_error *err)
{
	char buf[512], *tok, *save = NULL;
	struct method_list list = { 0 };

	if (strlen(text) >= sizeof(buf)) {
		error_set(err, BO_EXIT_USAGE, "%s: method list too long", what);
		return -1;
	}
	strcpy(buf, text);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		struct method m;

		if (method_parse_one(tok, what, &m, err) < 0)
			return -1;
		if (method_list_find(&list, &m) >= 0) {
			error_set(err, BO_EXIT_USAGE,
				  "%s: method '%s' given twice", what, tok);
			return -1;
		}
		if (method_list_add(&list, &m) < 0) {
			error_set(err, BO_EXIT_USAGE,
				  "%s: more than %d methods", what, METHOD_MAX);
			return -1;
		}
	}
	if (list.n == 0) {
		error_set(err, BO_EXIT_USAGE, "%s: no methods given", what);
		return -1;
	}
	*out = list;
	return 0;
}

char *
method_format(const struct method *m, char *buf, size_t len)
{
	const struct method_ops *ops = method_ops(m->kind);

	if (ops == NULL)
		snprintf(buf, len, "unknown");
	else if (ops->has_port)
		snprintf(buf, len, "%s:%u", ops->name, m->port);
	else
		snprintf(buf, len, "%s", ops->name);
	return buf;
}

bool
method_equal(const struct method *a, const struct method *b)
{
	return a->kind == b->kind && a->port == b->port;
}

int
method_list_find(const struct method_list *list, const struct method *m)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (method_equal(&list->m[i], m))
			return (int)i;
	return -1;
}

int
method_list_add(struct method_list *list, const struct method *m)
{
	int i = method_list_find(list, m);

	if (i >= 0)
		return i;
	if (list->n == METHOD_MAX)
		return -1;
	list->m[list->n] = *m;
	return (int)list->n++;
}
