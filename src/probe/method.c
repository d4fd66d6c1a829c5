/*
 * method.c - parsing and naming probe methods.
 */
#include "blackout/probe/method.h"

#include <stdio.h>
#include <string.h>

static int
method_parse_one(const char *tok, const char *what, struct method *m,
		 struct bo_error *err)
{
	uint64_t port;

	if (strcmp(tok, "icmp") == 0) {
		m->kind = METHOD_ICMP_ECHO;
		m->port = 0;
		return 0;
	}
	if (strncmp(tok, "tcp:", 4) == 0) {
		if (parse_uint(tok + 4, 1, 65535, what, &port, NULL) < 0) {
			error_set(err, BO_EXIT_USAGE, "%s: '%s' has a bad port "
				  "(1 to 65535)", what, tok);
			return -1;
		}
		m->kind = METHOD_TCP_SYN;
		m->port = (uint16_t)port;
		return 0;
	}
	error_set(err, BO_EXIT_USAGE, "%s: unknown method '%s' (use icmp or "
		  "tcp:PORT)", what, tok);
	return -1;
}

int
method_list_parse(const char *text, const char *what, struct method_list *out,
		  struct bo_error *err)
{
	char buf[512], *tok, *save = NULL;
	struct method_list list = { 0 };

	if (strlen(text) >= sizeof(buf)) {
		error_set(err, BO_EXIT_USAGE, "%s: method list too long",
			  what);
		return -1;
	}
	strcpy(buf, text);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		struct method m;

		if (method_parse_one(tok, what, &m, err) < 0)
			return -1;
		if (method_list_find(&list, &m) >= 0) {
			error_set(err, BO_EXIT_USAGE, "%s: method '%s' given "
				  "twice", what, tok);
			return -1;
		}
		if (method_list_add(&list, &m) < 0) {
			error_set(err, BO_EXIT_USAGE, "%s: more than %d "
				  "methods", what, METHOD_MAX);
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
	if (m->kind == METHOD_ICMP_ECHO)
		snprintf(buf, len, "icmp");
	else
		snprintf(buf, len, "tcp:%u", m->port);
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
