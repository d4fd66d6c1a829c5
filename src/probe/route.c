/*
 * route.c - source address and interface from the kernel's routing.
 */
#define _GNU_SOURCE
#include "blackout/probe/route.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
route_interface_exists(const char *iface, struct bo_error *err)
{
	if (if_nametoindex(iface) == 0) {
		error_set(err, BO_EXIT_UNAVAILABLE,
			  "--interface: %s: no such interface", iface);
		return -1;
	}
	return 0;
}

int
route_probe_open(const char *iface, struct bo_error *err)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		error_set(err, BO_EXIT_OSERR, "socket: %s", strerror(errno));
		return -1;
	}
	if (iface != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface,
					(socklen_t)strlen(iface) + 1) < 0) {
		error_set(err, BO_EXIT_UNAVAILABLE, "--interface: %s: %s",
			  iface, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
route_source_via(int fd, uint32_t dst, uint32_t *src, struct bo_error *err)
{
	struct sockaddr_in sin = { 0 };
	socklen_t len = sizeof(sin);
	char a[16];

	sin.sin_family = AF_INET;
	sin.sin_port = htons(9); /* discard; connect() on UDP sends nothing */
	sin.sin_addr.s_addr = htonl(dst);
	/* A UDP socket may be connected again: each call asks afresh. */
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		error_set(err, BO_EXIT_UNAVAILABLE, "no route to %s: %s",
			  format_ipv4(dst, a, sizeof(a)), strerror(errno));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		error_set(err, BO_EXIT_OSERR, "getsockname: %s",
			  strerror(errno));
		return -1;
	}
	*src = ntohl(sin.sin_addr.s_addr);
	return 0;
}

int
route_source(uint32_t dst, const char *iface, uint32_t *src,
	     struct bo_error *err)
{
	int fd = route_probe_open(iface, err), rc;

	if (fd < 0)
		return -1;
	rc = route_source_via(fd, dst, src, err);
	close(fd);
	return rc;
}

int
route_interface_of(uint32_t addr, char *name, struct bo_error *err)
{
	struct ifaddrs *ifa, *i;
	char a[16];
	int rc = -1;

	if (getifaddrs(&ifa) < 0) {
		error_set(err, BO_EXIT_OSERR, "getifaddrs: %s",
			  strerror(errno));
		return -1;
	}
	for (i = ifa; i != NULL; i = i->ifa_next) {
		const struct sockaddr_in *sin;

		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		sin = (const struct sockaddr_in *)i->ifa_addr;
		if (ntohl(sin->sin_addr.s_addr) == addr) {
			snprintf(name, ROUTE_IFNAME_MAX, "%s", i->ifa_name);
			rc = 0;
			break;
		}
	}
	if (rc < 0)
		error_set(err, BO_EXIT_UNAVAILABLE,
			  "source address %s is not on any interface of this "
			  "host",
			  format_ipv4(addr, a, sizeof(a)));
	freeifaddrs(ifa);
	return rc;
}
