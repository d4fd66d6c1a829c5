/*
 * route.h - asking the kernel how a destination would be reached.
 *
 * blackout sends through the kernel's routing table, so the source address
 * (needed for the TCP checksum) and the interface to capture on are the ones
 * the kernel would choose: found by connecting a UDP socket (which sends
 * nothing) and reading its local address, then finding the interface that
 * holds it. No gateway MAC is guessed.
 */
#ifndef BLACKOUT_ROUTE_H
#define BLACKOUT_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/util.h"

#define ROUTE_IFNAME_MAX 16

/*
 * A socket to ask the kernel for routes with, bound to iface when given:
 * opened during set-up, so that a sandboxed prober can keep asking
 * (route_source_via) without creating a socket. Returns it, or -1 with
 * err (71, or 69 for a bad interface).
 */
int route_probe_open(const char *iface, struct bo_error *err);

/*
 * Asks through fd (route_probe_open) for the source address toward dst:
 * connect() on UDP, which sends nothing, then getsockname(). Returns 0,
 * or -1 with err (69: no route).
 */
int route_source_via(int fd, uint32_t dst, uint32_t *src, struct bo_error *err);

/*
 * Finds the source address the kernel would use toward dst (host order).
 * With iface set, the lookup is bound to that interface. Returns 0, or -1
 * with err (status 69: no route, or no such interface).
 */
int route_source(uint32_t dst, const char *iface, uint32_t *src,
		 struct bo_error *err);

/*
 * Finds the interface that holds address addr and writes its name into
 * name (ROUTE_IFNAME_MAX bytes). Returns 0, or -1 with err (status 69).
 */
int route_interface_of(uint32_t addr, char *name, struct bo_error *err);

/* Returns 0 when iface exists, or -1 with err (status 69). */
int route_interface_exists(const char *iface, struct bo_error *err);

#endif /* BLACKOUT_ROUTE_H */
