/*
 * nexthop.c - the run's one gateway and its link address, asked of the
 * kernel over rtnetlink and read from its neighbour table (nexthop.h).
 *
 * Every answer comes from the kernel: a route lookup per target edge and
 * per control (the kernel applies its rules and tables), a dump of every
 * route to find any more specific one inside a target, and the ARP table
 * for the gateway's address. Any doubt is a refusal with a reason.
 */
#define _GNU_SOURCE
#include "blackout/probe/nexthop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NL_BUF 16384
#define ATF_COM_BIT 0x02  /* a complete ARP entry */
#define ATF_PERM_BIT 0x04 /* a permanent one */

struct nl_route {
	uint32_t dst, gateway; /* host order */
	unsigned dst_len;
	int oif;
	unsigned char type;
};

/* Reads a route message's attributes into r. */
static void
route_attrs(const struct nlmsghdr *h, struct nl_route *r)
{
	const struct rtmsg *rt = NLMSG_DATA(h);
	const struct rtattr *a = RTM_RTA(rt);
	int len = (int)RTM_PAYLOAD(h);
	uint32_t v;

	memset(r, 0, sizeof(*r));
	r->dst_len = rt->rtm_dst_len;
	r->type = rt->rtm_type;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_DST && RTA_PAYLOAD(a) == 4) {
			memcpy(&v, RTA_DATA(a), 4);
			r->dst = ntohl(v);
		} else if (a->rta_type == RTA_GATEWAY && RTA_PAYLOAD(a) == 4) {
			memcpy(&v, RTA_DATA(a), 4);
			r->gateway = ntohl(v);
		} else if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) == 4) {
			memcpy(&r->oif, RTA_DATA(a), 4);
		}
	}
}

static void
add_attr(struct nlmsghdr *h, unsigned short type, const void *data,
	 unsigned short len)
{
	struct rtattr *a = (struct rtattr *)((char *)h +
					     NLMSG_ALIGN(h->nlmsg_len));

	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* The kernel's route for dst leaving by oif. Returns 0, or -1. */
static int
route_get(int fd, uint32_t dst, int oif, struct nl_route *r)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg rt;
		char attrs[64];
	} req;
	char buf[NL_BUF];
	uint32_t be = htonl(dst);
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = 32;
	add_attr(&req.h, RTA_DST, &be, 4);
	add_attr(&req.h, RTA_OIF, &oif, 4);
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		return -1;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (ssize_t)sizeof(*h) || !NLMSG_OK(h, (size_t)n) ||
	    h->nlmsg_type != RTM_NEWROUTE)
		return -1;
	route_attrs(h, r);
	return 0;
}

/* Some route of the dump more specific than p lies inside it. */
static bool
inside(const struct nl_route *r, const struct prefix *p)
{
	return r->dst_len > p->len && prefix_contains(p, r->dst);
}

/* Dumps every IPv4 route; returns 1 when one is more specific than a
 * target and inside it, 0 when none is, -1 when the dump failed or would
 * take more than NEXTHOP_MAX_COMPARISONS to check (a full table). */
static int
routes_inside_targets(int fd, const struct target_set *set)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg rt;
	} req;
	char buf[NL_BUF];
	ssize_t n;
	size_t i, k, spans = 0, compared = 0;

	for (i = 0; i < set->n; i++)
		spans += set->t[i].n_prefixes;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = RTM_GETROUTE;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.rt.rtm_family = AF_INET;
	if (send(fd, &req, sizeof(req), 0) < 0)
		return -1;
	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		for (; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct nl_route r;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type != RTM_NEWROUTE)
				return -1;
			route_attrs(h, &r);
			compared += spans;
			if (compared > NEXTHOP_MAX_COMPARISONS)
				return -1;
			for (i = 0; i < set->n; i++)
				for (k = 0; k < set->t[i].n_prefixes; k++)
					if (inside(&r, &set->t[i].prefixes[k]))
						return 1;
		}
	}
	return -1;
}

/* The gateway's link address from the kernel's ARP table. */
static int
neighbour_mac(uint32_t ip, const char *iface, uint8_t mac[6])
{
	char line[256], addr[64], hw[64], dev[64], want[16];
	unsigned type, flags, m[6];
	FILE *f = fopen("/proc/net/arp", "re");
	int rc = -1, i;

	if (f == NULL)
		return -1;
	format_ipv4(ip, want, sizeof(want));
	while (rc < 0 && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%63s 0x%x 0x%x %63s %*s %63s", addr, &type,
			   &flags, hw, dev) != 5 ||
		    strcmp(addr, want) != 0 || strcmp(dev, iface) != 0 ||
		    !(flags & (ATF_COM_BIT | ATF_PERM_BIT)) ||
		    sscanf(hw, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
			   &m[4], &m[5]) != 6)
			continue;
		for (i = 0; i < 6; i++)
			mac[i] = (uint8_t)m[i];
		rc = 0;
	}
	fclose(f);
	return rc;
}

/* Checks one address's route against the gateway found so far. */
static int
check_one(int fd, uint32_t dst, struct nexthop *nh, char *why, size_t len)
{
	struct nl_route r;
	char a[16];

	if (route_get(fd, dst, nh->ifindex, &r) < 0 || r.type != RTN_UNICAST ||
	    r.gateway == 0 || r.oif != nh->ifindex ||
	    (nh->gateway != 0 && r.gateway != nh->gateway)) {
		snprintf(why, len, "%s is not reached through the gateway",
			 format_ipv4(dst, a, sizeof(a)));
		return -1;
	}
	nh->gateway = r.gateway;
	return 0;
}

static int
check_all(int fd, const struct target_set *set, struct nexthop *nh, char *why,
	  size_t len)
{
	size_t i, k;

	/* Each prefix's first and last address: a target of several
	 * prefixes is not one range. */
	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->t[i].n_prefixes; k++) {
			const struct prefix *p = &set->t[i].prefixes[k];

			if (check_one(fd, p->base, nh, why, len) < 0 ||
			    check_one(fd, prefix_last(p), nh, why, len) < 0)
				return -1;
		}
	for (i = 0; i < set->n_controls; i++)
		if (check_one(fd, set->controls[i], nh, why, len) < 0)
			return -1;
	switch (routes_inside_targets(fd, set)) {
	case 0:
		return 0;
	case 1:
		snprintf(why, len, "a more specific route lies in a target");
		return -1;
	default:
		snprintf(why, len, "could not check every route");
		return -1;
	}
}

int
nexthop_find(const struct target_set *set, const char *iface,
	     struct nexthop *nh, char *why, size_t why_len)
{
	int fd, rc = -1;

	memset(nh, 0, sizeof(*nh));
	if (set->n + set->n_controls > NEXTHOP_MAX_LOOKUPS) {
		snprintf(why, why_len, "too many targets to check");
		return -1;
	}
	nh->ifindex = (int)if_nametoindex(iface);
	if (nh->ifindex == 0) {
		snprintf(why, why_len, "no interface %s", iface);
		return -1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		snprintf(why, why_len, "netlink: %s", strerror(errno));
		return -1;
	}
	if (check_all(fd, set, nh, why, why_len) < 0)
		goto out;
	if (neighbour_mac(nh->gateway, iface, nh->mac) < 0) {
		snprintf(why, why_len, "the gateway's link address is unknown");
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
