/*
 * groups.c - the codes asked for (countries, AS numbers), each the group
 * a source file's ranges are gathered into (sources.h).
 */
#include "blackout/sources/sources.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct source_group *
group_append(struct source_set *set)
{
	struct source_group *g;

	set->g = xrealloc(set->g, set->n + 1, sizeof(*set->g));
	g = &set->g[set->n++];
	memset(g, 0, sizeof(*g));
	range_list_init(&g->ranges);
	return g;
}

/* Calls add for each comma-separated entry of list; an empty one is bad. */
static int
each_entry(struct source_set *set, const char *list, const char *what,
	   int (*add)(struct source_set *, const char *, const char *,
		      struct bo_error *),
	   struct bo_error *err)
{
	char *copy = xstrdup(list), *s = copy, *e;
	int rc = 0;

	do {
		e = strchr(s, ',');
		if (e != NULL)
			*e = '\0';
		if (*s == '\0') {
			error_set(err, BO_EXIT_USAGE, "%s: empty entry in '%s'",
				  what, list);
			rc = -1;
		} else {
			rc = add(set, s, what, err);
		}
		if (e != NULL)
			s = e + 1;
	} while (rc == 0 && e != NULL);
	free(copy);
	return rc;
}

static bool
known(const struct source_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->g[i].name, name) == 0)
			return true;
	return false;
}

static int
add_country(struct source_set *set, const char *cc, const char *what,
	    struct bo_error *err)
{
	char up[3];

	if (strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) ||
	    !isalpha((unsigned char)cc[1])) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' is not a two-letter country code", what,
			  cc);
		return -1;
	}
	up[0] = (char)toupper((unsigned char)cc[0]);
	up[1] = (char)toupper((unsigned char)cc[1]);
	up[2] = '\0';
	if (!known(set, up))
		snprintf(group_append(set)->name, sizeof(set->g->name), "%s",
			 up);
	return 0;
}

static int
add_asn(struct source_set *set, const char *text, const char *what,
	struct bo_error *err)
{
	struct source_group *g;
	char name[16];
	uint64_t v;

	if (strncasecmp(text, "AS", 2) == 0)
		text += 2;
	if (parse_uint(text, 0, UINT32_MAX, what, &v, err) < 0)
		return -1;
	snprintf(name, sizeof(name), "AS%u", (unsigned)v);
	if (known(set, name))
		return 0;
	g = group_append(set);
	snprintf(g->name, sizeof(g->name), "%s", name);
	g->asn = (uint32_t)v;
	return 0;
}

int
source_set_countries(struct source_set *set, const char *list, const char *what,
		     struct bo_error *err)
{
	return each_entry(set, list, what, add_country, err);
}

int
source_set_asns(struct source_set *set, const char *list, const char *what,
		struct bo_error *err)
{
	return each_entry(set, list, what, add_asn, err);
}

void
source_set_free(struct source_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		range_list_free(&set->g[i].ranges);
	free(set->g);
	memset(set, 0, sizeof(*set));
}
