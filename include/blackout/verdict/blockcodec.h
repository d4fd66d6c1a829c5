/*
 * blockcodec.h - one /24's memory as a short string: the block record of
 * state file version 2.
 *
 * A record is base64 (RFC 4648, with padding) of these bytes:
 *
 *	flags	 1	bit 0 censused; bits 1-2 state (0 unknown, 1 up,
 *			2 down); bit 3 A(b) present; bit 4 E(b) present;
 *			bit 5 hints uniform; bits 6-7 zero
 *	B(b)	 8	IEEE 754 double, little-endian
 *	A(b)	 8	the same, when flag bit 3 (else A(b) is unknown, -1)
 *	E(b)	32	bit h & 7 of byte h >> 3 for host h, when bit 4
 *	hints	 1	uniform (bit 5): every E(b) host's hint, 4 bits
 *	   or	 n/2	else one 4-bit hint per E(b) host in host order, the
 *			first in the low half of the byte (n = |E(b)|)
 *	fields	 ...	extra per-/24 fields, to the end: each a type byte,
 *			a length byte and that many bytes
 *
 * A hint is 1 + the index of a method in the file's "methods", 0 none.
 * Extra fields carry what later versions of the baseline add per /24
 * without a new file version: a type below 128 that this reader does not
 * know is skipped (and not written back); a type from 128 on that it does
 * not know makes the record refused. Defined:
 *
 *	type 2, 15 bytes: A(b) by UTC hour (avail_hour), 5 bits an hour,
 *	hour h in bits 5h to 5h + 4 (bit k is bit k & 7 of byte k >> 3,
 *	low bit first): 0 unknown, else a level of avail_level_value()
 *	(baseline.h); written when any hour is known
 *	type 1, 24 bytes: the same, a byte an hour, 0 unknown, else 1 + A x
 *	254 (blackout before 5-bit hours wrote it); read, never written
 *	type 3, 1 to 7 bytes: the hosts (offsets in the /24) of the last
 *	spot check that answered neither probe, which the next check of the
 *	target's pool probes again (block_memory.silent, spot.h); written
 *	when there are any: a cron job's next run is the pool's next check
 *	type 4, 1 byte: the regular rounds left in which this /24, back up
 *	from down, is still watched (block_memory.watch_left, watch.h), 1
 *	or more (more than WATCH_AFTER_ROUNDS is read as it); written when
 *	there are any: a run a round with --linger watches as a long run
 *
 * A typical adaptive /24 (E(b) known, one method) is 50 bytes, 68
 * characters, 67 bytes and 92 characters with its hourly profile (95
 * bytes a /24 in the file with its quotes and comma); a /24 without E(b)
 * 9 or 17 bytes, against about 414 bytes of version 1's JSON.
 */
#ifndef BLACKOUT_BLOCKCODEC_H
#define BLACKOUT_BLOCKCODEC_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/verdict/baseline.h"

/* Raw record bytes at most (flags, B, A, E, 128 bytes of hints, the
 * hourly availability field, the silent hosts' and the watch's). */
#define BLOCKCODEC_RAW_MAX \
	(1 + 8 + 8 + 32 + 128 + 2 + 15 + 2 + BLOCK_SILENT_MAX + 3)
/* Characters of an encoded record at most, with its NUL. */
#define BLOCKCODEC_TEXT_MAX (4 * ((BLOCKCODEC_RAW_MAX + 2) / 3) + 1)

/*
 * Writes bm's record into out (BLOCKCODEC_TEXT_MAX bytes), NUL-ended, and
 * returns its length. Hints are written as they are held: 1 + the run's
 * method index, which is the file's when the file lists the run's methods.
 */
size_t blockcodec_encode(const struct block_memory *bm, char *out);

/*
 * Reads the record text[0..len) into bm. method_map[i] is the run's index
 * of the file's method i (-1: not in this run; its hints are dropped),
 * n_file_methods how many the file lists. Returns 0, or -1 with a short
 * reason in *why (static text) for a record that is not well formed.
 */
int blockcodec_decode(const char *text, size_t len, const int *method_map,
		      size_t n_file_methods, struct block_memory *bm,
		      const char **why);

#endif /* BLACKOUT_BLOCKCODEC_H */
