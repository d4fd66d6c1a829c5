/*
 * nexthop.h - the one gateway every probe of a run would go through, and
 * its link address, both from the kernel: the fast path's precondition.
 *
 * With --interface, the raw sender may hand finished IPv4 packets to the
 * interface itself (AF_PACKET), skipping the kernel's routing of each
 * probe. That is only right when the kernel would send every probe of the
 * run to the same gateway on that interface: nexthop_find asks the
 * kernel's routing (RTM_GETROUTE, rules and all) for the first and last
 * address of every target prefix and for every control, refuses when any route
 * more specific than a target lies inside it, and then reads the
 * gateway's link address from the kernel's neighbour table (a complete
 * or permanent entry). Nothing is guessed: when anything is missing or
 * differs, the caller keeps sending through the routing table.
 */
#ifndef BLACKOUT_NEXTHOP_H
#define BLACKOUT_NEXTHOP_H

#include <stdint.h>

#include "blackout/probe/targets.h"

/* Above this many targets and controls, the check is not worth its cost. */
#define NEXTHOP_MAX_LOOKUPS 65536
/* Routes times targets compared at most (a full table is not checked). */
#define NEXTHOP_MAX_COMPARISONS ((size_t)1 << 27)

struct nexthop {
	int ifindex;
	uint32_t gateway; /* host order */
	uint8_t mac[6];
};

/*
 * Fills nh when every target and control of set would leave through one
 * gateway on iface with a known link address. Returns 0, or -1 with a
 * reason in why (why_len bytes) for a person.
 */
int nexthop_find(const struct target_set *set, const char *iface,
		 struct nexthop *nh, char *why, size_t why_len);

#endif /* BLACKOUT_NEXTHOP_H */
