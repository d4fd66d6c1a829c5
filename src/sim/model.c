/*
 * model.c - the simulated network behind `blackout simulate` (model.h).
 *
 * Liveness is a keyed hash, never a table: "density d" makes an address
 * live when a hash of (seed, network, purpose, address) falls below d;
 * "hosts N" permutes the prefix's address indexes with a keyed Feistel
 * network (cycle walking onto the prefix's 2^k indexes) and makes an
 * address live when its permuted index is below N, so exactly N are. Each
 * TCP port draws with a key of its own, independently of ICMP. The model
 * keeps the networks sorted by base (for a binary search), one token
 * bucket per event and its PRNG: memory grows with the file, never with
 * the addresses the file covers.
 *
 * A probe's fate, in order (blackout-simulate(8)): no-route fails the
 * send; vantage swallows it; loss may drop it; unreachable answers from
 * the router; else the host answers if live for the probe's kind, not
 * dark, not in a flap's dark phase, and the availability roll (times the
 * diurnal factor; with dwell_s, the host's draw for its period) says so;
 * ratelimit caps ICMP answers; loss may drop the answer; the RTT is drawn
 * last. Every roll comes from the one PRNG, in call order, and rolls are
 * made only for chances strictly between 0 and 1, so the same calls give
 * the same answers.
 */
#define _GNU_SOURCE
#include "blackout/sim/model.h"

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/probe/packet.h"

#define PURPOSE_ICMP 0x69636d70ULL
#define PURPOSE_TCP 0x74637000ULL /* plus the port */
#define PURPOSE_DARK 0x6461726bULL
#define PURPOSE_HOPS 0x686f7073ULL
#define PURPOSE_ISN 0x69736e00ULL
#define PURPOSE_DWELL 0x6477656cULL
#define FEISTEL_ROUNDS 4
#define DAY_S 86400.0

#define ICMP_ECHOREPLY 0
#define ICMP_UNREACH 3
#define ICMP_ECHO 8
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

struct bucket {
	double tokens;
	int64_t last_ns;
};

struct sim_model {
	const struct scenario *sc;
	size_t *order;	    /* network indexes, sorted by base */
	struct bucket *bkt; /* per event; used by ratelimit events */
	size_t *by_start;   /* event indexes, sorted by start */
	size_t next;	    /* the first of by_start not started yet */
	size_t *act;	    /* the events active now, in file order */
	size_t n_act;
	uint64_t rng; /* splitmix64 state */
	uint16_t ip_id;
};

/* What the model reads of a probe. */
struct probe {
	const uint8_t *ip;
	size_t hlen, total;
	uint32_t src, dst;
	bool echo; /* else a TCP SYN */
	uint16_t sport, dport;
	uint32_t seq;
};

static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
hash3(uint64_t a, uint64_t b, uint64_t c)
{
	return mix(a ^ mix(b + 0x9e3779b97f4a7c15ULL * (mix(c) | 1)));
}

/* A hash as a chance in [0, 1). */
static double
unit(uint64_t h)
{
	return (double)(h >> 11) * 0x1p-53;
}

/* The next roll of the model's PRNG, in [0, 1). */
static double
roll(struct sim_model *m)
{
	m->rng += 0x9e3779b97f4a7c15ULL;
	return unit(mix(m->rng));
}

/* True with chance p; rolls only when p is strictly between 0 and 1. */
static bool
chance(struct sim_model *m, double p)
{
	if (p <= 0)
		return false;
	if (p >= 1)
		return true;
	return roll(m) < p;
}

/* A keyed permutation of [0, 2^bits), bits <= 32. */
static uint64_t
permute(uint64_t key, unsigned bits, uint64_t x)
{
	unsigned half = (bits + 1) / 2, r;
	uint64_t mask = (1ULL << half) - 1, size = 1ULL << bits, l, rt, t;

	if (bits == 0)
		return 0;
	do { /* cycle walking: the domain is 2^(2*half) >= size */
		l = x >> half;
		rt = x & mask;
		for (r = 0; r < FEISTEL_ROUNDS; r++) {
			t = rt;
			rt = l ^ (hash3(key, r, rt) & mask);
			l = t;
		}
		x = l << half | rt;
	} while (x >= size);
	return x;
}

/* Whether addr of network n (index ni) is live for the draw (purpose). */
static bool
drawn(const struct sim_model *m, size_t ni, uint64_t purpose, uint32_t addr,
      bool count, double value)
{
	const struct prefix *p = &m->sc->net[ni].pfx;
	uint64_t key = hash3(m->sc->seed, ni, purpose);
	uint64_t idx = addr - p->base;

	if (!count)
		return unit(hash3(key, 0x61646472, idx)) < value;
	return permute(key, 32u - p->len, idx) < (uint64_t)value;
}

/* The index of the network holding addr, or -1. */
static long
find_net(const struct sim_model *m, uint32_t addr)
{
	const struct sim_network *net = m->sc->net;
	size_t lo = 0, hi = m->sc->n_net, mid;

	while (lo < hi) { /* the first network whose base exceeds addr */
		mid = lo + (hi - lo) / 2;
		if (net[m->order[mid]].pfx.base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || !prefix_contains(&net[m->order[lo - 1]].pfx, addr))
		return -1;
	return (long)m->order[lo - 1];
}

static bool
icmp_live(const struct sim_model *m, size_t ni, uint32_t addr)
{
	const struct sim_network *n = &m->sc->net[ni];

	return drawn(m, ni, PURPOSE_ICMP, addr, n->has_hosts,
		     n->has_hosts ? (double)n->hosts : n->density);
}

static bool
tcp_live(const struct sim_model *m, size_t ni, uint32_t addr, size_t pi)
{
	const struct sim_port *p = &m->sc->net[ni].tcp[pi];

	return drawn(m, ni, PURPOSE_TCP + p->port, addr, !p->density, p->value);
}

bool
sim_model_icmp_host(const struct sim_model *m, uint32_t addr)
{
	long ni = find_net(m, addr);

	return ni >= 0 && icmp_live(m, (size_t)ni, addr);
}

bool
sim_model_tcp_host(const struct sim_model *m, uint32_t addr, uint16_t port)
{
	long ni = find_net(m, addr);
	size_t i;

	if (ni < 0)
		return false;
	for (i = 0; i < m->sc->net[ni].n_tcp; i++)
		if (m->sc->net[ni].tcp[i].port == port)
			return tcp_live(m, (size_t)ni, addr, i);
	return false;
}

/* Whether a SYN to port draws a RST: rst is set and addr lives otherwise. */
static bool
rst_host(const struct sim_model *m, size_t ni, uint32_t addr)
{
	const struct sim_network *n = &m->sc->net[ni];
	size_t i;

	if (!n->rst)
		return false;
	if (icmp_live(m, ni, addr))
		return true;
	for (i = 0; i < n->n_tcp; i++)
		if (tcp_live(m, ni, addr, i))
			return true;
	return false;
}

double
sim_model_availability(const struct sim_network *n, int64_t now_ns)
{
	double t, f = 1;

	if (n->diurnal) {
		t = (double)(now_ns % 86400000000000LL) / 1e9;
		f = 1 - n->amplitude *
				(1 - cos(2 * M_PI * (t - n->peak_s) / DAY_S)) /
				2;
	}
	return n->availability * f;
}

struct by_base {
	const struct sim_network *net;
	const struct sim_event *ev;
};

static int
net_cmp(const void *a, const void *b, void *arg)
{
	const struct sim_network *net = ((const struct by_base *)arg)->net;
	uint32_t x = net[*(const size_t *)a].pfx.base;
	uint32_t y = net[*(const size_t *)b].pfx.base;

	return x < y ? -1 : x > y;
}

static int
ev_cmp(const void *a, const void *b, void *arg)
{
	const struct sim_event *ev = ((const struct by_base *)arg)->ev;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (ev[x].start_ns != ev[y].start_ns)
		return ev[x].start_ns < ev[y].start_ns ? -1 : 1;
	return x < y ? -1 : x > y;
}

struct sim_model *
sim_model_new(const struct scenario *sc)
{
	struct sim_model *m = xcalloc(1, sizeof(*m));
	struct by_base arg = { sc->net, sc->ev };
	size_t i;

	m->sc = sc;
	m->order = xcalloc(sc->n_net ? sc->n_net : 1, sizeof(*m->order));
	for (i = 0; i < sc->n_net; i++)
		m->order[i] = i;
	qsort_r(m->order, sc->n_net, sizeof(*m->order), net_cmp, &arg);
	m->bkt = xcalloc(sc->n_ev ? sc->n_ev : 1, sizeof(*m->bkt));
	m->by_start = xcalloc(sc->n_ev ? sc->n_ev : 1, sizeof(*m->by_start));
	m->act = xcalloc(sc->n_ev ? sc->n_ev : 1, sizeof(*m->act));
	for (i = 0; i < sc->n_ev; i++) {
		m->by_start[i] = i;
		m->bkt[i].tokens = sc->ev[i].pps > 1 ? sc->ev[i].pps : 1;
		m->bkt[i].last_ns = sc->ev[i].start_ns;
	}
	qsort_r(m->by_start, sc->n_ev, sizeof(*m->by_start), ev_cmp, &arg);
	m->rng = mix(sc->dice ^ 0x73696d756c617465ULL);
	m->ip_id = (uint16_t)mix(sc->seed);
	return m;
}

void
sim_model_redraw(struct sim_model *m, int64_t at_ns)
{
	m->rng = mix(m->sc->dice ^ 0x73696d756c617465ULL) ^
		 mix((uint64_t)at_ns);
}

void
sim_model_free(struct sim_model *m)
{
	if (m == NULL)
		return;
	free(m->order);
	free(m->bkt);
	free(m->by_start);
	free(m->act);
	free(m);
}

/*
 * Reads an ICMP echo request or TCP SYN. Returns 0, or -1 for anything else.
 * Every field of p is set, an echo's TCP ones to 0, so that reading one
 * never depends on having checked p->echo first.
 */
static int
parse_probe(const uint8_t *pkt, size_t len, struct probe *p)
{
	const uint8_t *l4;

	*p = (struct probe){ .ip = pkt };
	if (len < 20 || pkt[0] >> 4 != 4 || (pkt[0] & 0x0f) < 5)
		return -1;
	p->hlen = (size_t)(pkt[0] & 0x0f) * 4;
	p->total = packet_get16(pkt + 2);
	if (p->total > len || p->total < p->hlen + 8)
		return -1;
	p->src = packet_get32(pkt + 12);
	p->dst = packet_get32(pkt + 16);
	l4 = pkt + p->hlen;
	if (pkt[9] == IPPROTO_ICMP && l4[0] == ICMP_ECHO) {
		p->echo = true;
		return p->total <= SIM_ANSWER_MAX ? 0 : -1;
	}
	if (pkt[9] != IPPROTO_TCP || p->total < p->hlen + 20 ||
	    (l4[13] & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN)
		return -1;
	p->echo = false;
	p->sport = packet_get16(l4);
	p->dport = packet_get16(l4 + 2);
	p->seq = packet_get32(l4 + 4);
	return 0;
}

static bool
active(const struct sim_event *e, int64_t now_ns)
{
	return e->start_ns <= now_ns && now_ns < e->end_ns;
}

static bool
covers(const struct sim_event *e, uint32_t addr)
{
	return !e->has_prefix || prefix_contains(&e->pfx, addr);
}

/*
 * Brings the active list to now: drops the events that ended, adds those
 * that started (calls come in nondecreasing time), so a probe looks only
 * at the events that hold now.
 */
static void
advance(struct sim_model *m, int64_t now_ns)
{
	const struct sim_event *ev = m->sc->ev;
	size_t k, n = 0, i, j;

	for (k = 0; k < m->n_act; k++)
		if (ev[m->act[k]].end_ns > now_ns)
			m->act[n++] = m->act[k];
	m->n_act = n;
	while (m->next < m->sc->n_ev &&
	       ev[m->by_start[m->next]].start_ns <= now_ns) {
		i = m->by_start[m->next++];
		if (ev[i].end_ns <= now_ns)
			continue;
		for (j = m->n_act; j > 0 && m->act[j - 1] > i; j--)
			m->act[j] = m->act[j - 1];
		m->act[j] = i;
		m->n_act++;
	}
}

/* The first event of kind active at now covering addr, or NULL. */
static const struct sim_event *
find_event(const struct sim_model *m, enum sim_event_kind kind, int64_t now_ns,
	   uint32_t addr)
{
	const struct sim_event *e;
	size_t k;

	for (k = 0; k < m->n_act; k++) {
		e = &m->sc->ev[m->act[k]];
		if (e->kind == kind && active(e, now_ns) && covers(e, addr))
			return e;
	}
	return NULL;
}

/* One pass of the loss events over a packet to or from addr: lost? */
static bool
lost(struct sim_model *m, int64_t now_ns, uint32_t addr)
{
	const struct sim_event *e;
	bool gone = false;
	size_t i, k;

	for (k = 0; k < m->n_act; k++) {
		i = m->act[k];
		e = &m->sc->ev[i];
		if (e->kind == SIM_LOSS && active(e, now_ns) && covers(e, addr))
			gone |= chance(m, e->rate);
	}
	return gone;
}

/* Whether a dark or flap event hides addr at now. */
static bool
dark(const struct sim_model *m, int64_t now_ns, uint32_t addr)
{
	const struct sim_event *e;
	int64_t period, phase;
	size_t i, k;

	for (k = 0; k < m->n_act; k++) {
		i = m->act[k];
		e = &m->sc->ev[i];
		if (!active(e, now_ns) || !covers(e, addr))
			continue;
		if (e->kind == SIM_DARK &&
		    unit(hash3(m->sc->seed, PURPOSE_DARK + ((uint64_t)i << 32),
			       addr)) < e->fraction)
			return true;
		if (e->kind != SIM_FLAP)
			continue;
		period = (int64_t)(e->period_s * 1e9);
		phase = (now_ns - e->start_ns) % period;
		if ((double)phase < e->duty * (double)period)
			return true;
	}
	return false;
}

/* Token buckets of the ratelimit events over addr: false when one is dry. */
static bool
ratelimit_pass(struct sim_model *m, int64_t now_ns, uint32_t addr)
{
	const struct sim_event *e;
	struct bucket *b;
	bool pass = true;
	double cap;
	size_t i, k;

	for (k = 0; k < m->n_act; k++) {
		i = m->act[k];
		e = &m->sc->ev[i];
		if (e->kind != SIM_RATELIMIT || !active(e, now_ns) ||
		    !covers(e, addr))
			continue;
		b = &m->bkt[i];
		cap = e->pps > 1 ? e->pps : 1;
		b->tokens += (double)(now_ns - b->last_ns) * e->pps / 1e9;
		if (b->tokens > cap)
			b->tokens = cap;
		b->last_ns = now_ns;
		if (b->tokens >= 1)
			b->tokens -= 1;
		else
			pass = false;
	}
	return pass;
}

/* Writes an IPv4 header for an answer of total bytes from src to dst. */
static void
put_ip(struct sim_model *m, uint8_t *ip, size_t total, uint8_t proto,
       uint32_t src, uint32_t dst)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	packet_put16(ip + 2, (uint16_t)total);
	packet_put16(ip + 4, m->ip_id++);
	ip[8] = (uint8_t)(64 - 4 - mix(src ^ PURPOSE_HOPS) % 20);
	ip[9] = proto;
	packet_put32(ip + 12, src);
	packet_put32(ip + 16, dst);
	packet_put16(ip + 10, packet_checksum(ip, 20));
}

static void
answer_echo(struct sim_model *m, const struct probe *p, struct sim_answer *a)
{
	size_t l4len = p->total - p->hlen;
	uint8_t *icmp = a->bytes + 20;

	a->len = 20 + l4len;
	put_ip(m, a->bytes, a->len, IPPROTO_ICMP, p->dst, p->src);
	memcpy(icmp, p->ip + p->hlen, l4len);
	icmp[0] = ICMP_ECHOREPLY;
	icmp[1] = 0;
	packet_put16(icmp + 2, 0);
	packet_put16(icmp + 2, packet_checksum(icmp, l4len));
}

/* RFC 792: the probe's IPv4 header and the first 8 bytes of its payload. */
static void
answer_unreach(struct sim_model *m, const struct probe *p, uint32_t router,
	       struct sim_answer *a)
{
	size_t quoted = p->hlen + 8;
	uint8_t *icmp = a->bytes + 20;

	a->len = 20 + 8 + quoted;
	put_ip(m, a->bytes, a->len, IPPROTO_ICMP, router, p->src);
	memset(icmp, 0, 8);
	icmp[0] = ICMP_UNREACH;
	icmp[1] = 0; /* net unreachable */
	memcpy(icmp + 8, p->ip, quoted);
	packet_put16(icmp + 2, packet_checksum(icmp, 8 + quoted));
}

/* A SYN-ACK (the port is open) or RST-ACK (closed) to SYN p. */
static void
answer_tcp(struct sim_model *m, const struct probe *p, bool open,
	   struct sim_answer *a)
{
	uint8_t *tcp = a->bytes + 20;
	uint32_t sum;

	a->len = 40;
	put_ip(m, a->bytes, a->len, IPPROTO_TCP, p->dst, p->src);
	memset(tcp, 0, 20);
	packet_put16(tcp, p->dport);
	packet_put16(tcp + 2, p->sport);
	packet_put32(tcp + 4,
		     open ? (uint32_t)hash3(m->sc->seed, PURPOSE_ISN + p->dport,
					    (uint64_t)p->dst << 16 | p->sport)
			  : 0);
	packet_put32(tcp + 8, p->seq + 1);
	tcp[12] = 5 << 4;
	tcp[13] = open ? TCP_SYN | TCP_ACK : TCP_RST | TCP_ACK;
	packet_put16(tcp + 14, open ? 65535 : 0);
	sum = packet_csum_partial(a->bytes + 12, 8, 0);
	sum += IPPROTO_TCP + 20;
	packet_put16(tcp + 16, (uint16_t)~packet_csum_partial(tcp, 20, sum));
}

/*
 * Whether the host at addr of network n is available at now_ns. Without
 * dwell_s, a roll of the PRNG for every probe. With it, the host keeps
 * one draw for dwell_s seconds at a time, its periods offset by a share
 * of dwell_s of its own, so hosts do not all draw at once: a keyed hash
 * of (dice, address, period) in [0, 1) against the availability of the
 * moment (times the diurnal factor), the PRNG untouched.
 */
static bool
available(struct sim_model *m, const struct sim_network *n, int64_t now_ns,
	  uint32_t addr)
{
	uint64_t key = m->sc->dice ^ PURPOSE_DWELL;
	double t, period;

	if (n->dwell_s <= 0)
		return chance(m, sim_model_availability(n, now_ns));
	t = (double)now_ns / 1e9 + unit(hash3(key, 0, addr)) * n->dwell_s;
	period = floor(t / n->dwell_s);
	return unit(hash3(key, (uint64_t)period + 1, addr)) <
	       sim_model_availability(n, now_ns);
}

/*
 * The live host's own answer to p, into a: false when it stays silent
 * (not live for the probe's kind, dark, or unavailable this time).
 */
static bool
answer_host(struct sim_model *m, int64_t now_ns, size_t ni,
	    const struct probe *p, struct sim_answer *a)
{
	const struct sim_network *n = &m->sc->net[ni];
	bool open = false;

	if (p->echo) {
		if (!icmp_live(m, ni, p->dst))
			return false;
	} else {
		open = sim_model_tcp_host(m, p->dst, p->dport);
		if (!open && !rst_host(m, ni, p->dst))
			return false;
	}
	if (dark(m, now_ns, p->dst) || !available(m, n, now_ns, p->dst))
		return false;
	if (p->echo)
		answer_echo(m, p, a);
	else
		answer_tcp(m, p, open, a);
	return true;
}

/* A uniform RTT of network ni (the defaults outside every network). */
static int64_t
rtt_ns(struct sim_model *m, long ni)
{
	double lo = 20, hi = 40;

	if (ni >= 0) {
		lo = m->sc->net[ni].rtt_min_ms;
		hi = m->sc->net[ni].rtt_max_ms;
	}
	if (hi > lo)
		lo += (hi - lo) * roll(m);
	return (int64_t)(lo * 1e6);
}

int
sim_model_probe(struct sim_model *m, int64_t now_ns, const uint8_t *pkt,
		size_t len, struct sim_answer *ans)
{
	const struct sim_event *unreach;
	struct probe p;
	long ni;

	ans->at_ns = now_ns;
	ans->len = 0;
	if (parse_probe(pkt, len, &p) < 0)
		return EINVAL;
	advance(m, now_ns);
	if (find_event(m, SIM_NO_ROUTE, now_ns, p.dst) != NULL)
		return ENETUNREACH;
	if (find_event(m, SIM_VANTAGE, now_ns, p.dst) != NULL ||
	    lost(m, now_ns, p.dst))
		return 0;
	ni = find_net(m, p.dst);
	unreach = find_event(m, SIM_UNREACHABLE, now_ns, p.dst);
	if (unreach != NULL)
		answer_unreach(m, &p, unreach->router, ans);
	else if (ni < 0 || !answer_host(m, now_ns, (size_t)ni, &p, ans))
		return 0;
	if ((ans->bytes[9] == IPPROTO_ICMP &&
	     !ratelimit_pass(m, now_ns, p.dst)) ||
	    lost(m, now_ns, p.dst)) {
		ans->len = 0;
		return 0;
	}
	ans->at_ns = now_ns + rtt_ns(m, ni);
	return 0;
}
