/*
 * testplan.h - building target sets by hand for the unit tests (what the
 * targets file would hold, without JSON), so plans can be made to order.
 */
#ifndef BLACKOUT_TESTPLAN_H
#define BLACKOUT_TESTPLAN_H

#include <stdlib.h>
#include <string.h>

#include "blackout/probe/targets.h"

/*
 * Appends a file target (from_cli false). methods NULL: the run's default.
 * Returns 0, or -1 when pfx or methods do not parse.
 */
static inline int
th_add_target(struct target_set *set, const char *name, const char *pfx,
	      int sample, const char *methods)
{
	struct target *t;

	set->t = realloc(set->t, (set->n + 1) * sizeof(*set->t));
	t = &set->t[set->n++];
	memset(t, 0, sizeof(*t));
	t->name = strdup(name);
	t->sample = sample;
	if (prefix_parse(pfx, "test", &t->pfx, NULL) < 0)
		return -1;
	if (methods != NULL) {
		if (method_list_parse(methods, "test", &t->methods, NULL) < 0)
			return -1;
		t->has_methods = true;
	}
	return 0;
}

static inline void
th_add_control(struct target_set *set, uint32_t addr)
{
	set->controls = realloc(set->controls, (set->n_controls + 1) *
				sizeof(uint32_t));
	set->controls[set->n_controls++] = addr;
}

#endif /* BLACKOUT_TESTPLAN_H */
