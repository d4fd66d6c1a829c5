/*
 * fuzzhelp.h - what the libFuzzer targets share: the invariants they hold
 * every input to, beyond "no crash, no sanitizer report".
 */
#ifndef BLACKOUT_FUZZHELP_H
#define BLACKOUT_FUZZHELP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/util.h"

/* Aborts (so libFuzzer keeps the input) with why. */
#define FUZZ_ASSERT(cond, why)                                              \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz invariant broken: %s (%s)\n", \
				why, #cond);                                \
			abort();                                            \
		}                                                           \
	} while (0)

/*
 * A refusal is one printable line with a status from the documented set:
 * blackout prints err.msg as its only stderr line.
 */
static inline void
fuzz_check_error(const struct bo_error *err, int allowed1, int allowed2)
{
	const unsigned char *p;

	FUZZ_ASSERT(err->status == allowed1 || err->status == allowed2,
		    "refused with an undocumented status");
	FUZZ_ASSERT(err->msg[0] != '\0', "refused without a message");
	for (p = (const unsigned char *)err->msg; *p; p++)
		FUZZ_ASSERT(*p >= 0x20 && *p != 0x7f,
			    "a control character in a message");
}

#endif /* BLACKOUT_FUZZHELP_H */
