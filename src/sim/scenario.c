/*
 * scenario.c - the scenario file of `blackout simulate` (JSON, read with
 * jansson; the format is blackout-simulate(8)).
 *
 * Every refusal names file:line:col: jansson's own position for a syntax
 * error, else the place of the offending key or value, found by walking
 * the text (jsonpos.h). Each parse function gets the JSON value and its
 * position; a missing field is reported at the object that lacks it.
 * Unknown keys are refused everywhere, so that a typo in a field name is
 * an error, not a silently ignored wish.
 */
#define _GNU_SOURCE
#include "blackout/sim/scenario.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/jsonpos.h"

#define SCENARIO_MAX_BYTES (256u << 20)
#define RTT_MAX_MS 60000.0
#define DWELL_MAX_S (30 * 86400.0) /* a network's dwell_s: 30 days at most */
#define SOURCE_DEFAULT 0xc6336401u /* 198.51.100.1 */

struct sload {
	struct jsonpos jp;
	struct scenario *sc;
	struct bo_error *err;
};

static const char *const event_names[] = {
	[SIM_DARK] = "dark",
	[SIM_FLAP] = "flap",
	[SIM_UNREACHABLE] = "unreachable",
	[SIM_LOSS] = "loss",
	[SIM_RATELIMIT] = "ratelimit",
	[SIM_VANTAGE] = "vantage",
	[SIM_NO_ROUTE] = "no-route",
};

/*
 * The fields each kind takes besides kind, start, end and description
 * (NULL-terminated), and how many of the first of them it requires.
 */
static const struct event_fields {
	const char *field[4];
	size_t required;
} event_fields[] = {
	[SIM_DARK] = { { "prefix", "fraction", NULL }, 1 },
	[SIM_FLAP] = { { "prefix", "period_s", "duty", NULL }, 3 },
	[SIM_UNREACHABLE] = { { "prefix", "router", NULL }, 2 },
	[SIM_LOSS] = { { "rate", "prefix", NULL }, 1 },
	[SIM_RATELIMIT] = { { "prefix", "pps", NULL }, 2 },
	[SIM_VANTAGE] = { { NULL }, 0 },
	[SIM_NO_ROUTE] = { { NULL }, 0 },
};

const char *
sim_event_name(enum sim_event_kind k)
{
	if ((size_t)k >= sizeof(event_names) / sizeof(*event_names))
		return "unknown";
	return event_names[k];
}

void
scenario_free(struct scenario *sc)
{
	free(sc->path);
	free(sc->net);
	free(sc->ev);
	memset(sc, 0, sizeof(*sc));
}

/* Fails with status 65 and "origin:line:col: message" for position at. */
__attribute__((format(printf, 3, 4))) static int
bad(const struct sload *l, const char *at, const char *fmt, ...)
{
	char where[300], msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jsonpos_where(&l->jp, at, where, sizeof(where));
	error_set(l->err, BO_EXIT_DATAERR, "%s: %s", where, msg);
	return -1;
}

/* A key for a message: itself when printable, else "?". */
static const char *
printable(const char *key)
{
	const unsigned char *p;

	for (p = (const unsigned char *)key; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "?";
	return strlen(key) <= 64 ? key : "?";
}

/* Refuses any key of obj (at `at`) not in allowed (NULL-terminated). */
static int
check_keys(const struct sload *l, json_t *obj, const char *at,
	   const char *const *allowed, const char *what)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return bad(l, jsonpos_member(&l->jp, at, key, true),
				   "unknown key \"%s\" in %s", printable(key),
				   what);
	}
	return 0;
}

/*
 * Parses an RFC 3339 time ("2014-12-22T16:15:00Z", with a fraction of a
 * second and an offset such as "+09:00" if given, or a bare date) into ns
 * since the epoch. Returns 0 or -1.
 */
static int
parse_time(const char *text, int64_t *ns)
{
	char whole[24];
	int64_t s, frac = 0, scale = 100000000, off = 0;
	const char *p;

	if (strlen(text) == 10) {
		if (parse_rfc3339(text, &s) < 0)
			return -1;
		*ns = s * 1000000000;
		return 0;
	}
	if (strlen(text) < 20 || (text[10] != 'T' && text[10] != 't'))
		return -1;
	snprintf(whole, sizeof(whole), "%.19sZ", text);
	if (parse_rfc3339(whole, &s) < 0)
		return -1;
	p = text + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	if (*p == '+' || *p == '-') {
		int h, m;

		if (strlen(p) != 6 || p[3] != ':' ||
		    sscanf(p + 1, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59)
			return -1;
		off = (h * 3600 + m * 60) * (*p == '-' ? -1 : 1);
	} else if (strcmp(p, "Z") != 0 && strcmp(p, "z") != 0) {
		return -1;
	}
	*ns = (s - off) * 1000000000 + frac;
	return 0;
}

/*
 * Reads obj's member key as a time into *ns. A missing key is an error
 * when required, else leaves *ns and sets *present false.
 */
static int
get_time(const struct sload *l, json_t *obj, const char *at, const char *key,
	 bool required, int64_t *ns, bool *present)
{
	json_t *v = json_object_get(obj, key);
	const char *vat = jsonpos_member(&l->jp, at, key, false);

	if (present != NULL)
		*present = v != NULL;
	if (v == NULL)
		return required ? bad(l, at,
				      "needs \"%s\", a time such as "
				      "\"2014-12-22T16:15:00Z\"",
				      key)
				: 0;
	if (!json_is_string(v) || parse_time(json_string_value(v), ns) < 0)
		return bad(l, vat,
			   "\"%s\" must be an RFC 3339 time such as "
			   "\"2014-12-22T16:15:00Z\"",
			   key);
	return 0;
}

/*
 * Reads obj's number member key within [min, max] into *out; a missing key
 * leaves *out as it is. Returns 0 or -1.
 */
static int
get_number(const struct sload *l, json_t *obj, const char *at, const char *key,
	   double min, double max, double *out)
{
	json_t *v = json_object_get(obj, key);
	const char *vat = jsonpos_member(&l->jp, at, key, false);

	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return bad(l, vat, "\"%s\" must be a number", key);
	if (!(json_number_value(v) >= min && json_number_value(v) <= max))
		return bad(l, vat, "\"%s\" must be between %.10g and %.10g",
			   key, min, max);
	*out = json_number_value(v);
	return 0;
}

/* Reads obj's member key, an address, into *addr. */
static int
get_address(const struct sload *l, json_t *obj, const char *at, const char *key,
	    uint32_t *addr)
{
	json_t *v = json_object_get(obj, key);
	struct prefix p;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    prefix_parse(json_string_value(v), key, &p, NULL) < 0 ||
	    p.len != 32)
		return bad(l, jsonpos_member(&l->jp, at, key, false),
			   "\"%s\" must be an IPv4 address such as "
			   "\"203.0.113.1\"",
			   key);
	*addr = p.base;
	return 0;
}

/* Reads obj's member "prefix" into *p. */
static int
get_prefix(const struct sload *l, json_t *obj, const char *at, struct prefix *p)
{
	json_t *v = json_object_get(obj, "prefix");
	const char *vat = jsonpos_member(&l->jp, at, "prefix", false);
	struct bo_error perr;

	if (!json_is_string(v))
		return bad(l, vat != NULL ? vat : at,
			   "\"prefix\" must be a string such as "
			   "\"175.45.176.0/22\"");
	if (prefix_parse(json_string_value(v), "prefix", p, &perr) < 0)
		return bad(l, vat, "%s", perr.msg);
	return 0;
}

/* "80": 14 (a count of addresses) or "80": 0.2 (a density). */
static int
parse_port(const struct sload *l, const char *at, const char *key, json_t *v,
	   const struct sim_network *n, struct sim_port *port)
{
	char canon[8];
	uint64_t num;
	double x;

	if (parse_uint(key, 1, 65535, "port", &num, NULL) < 0 ||
	    strcmp(key, (snprintf(canon, sizeof(canon), "%u", (unsigned)num),
			 canon)) != 0)
		return bad(l, jsonpos_member(&l->jp, at, key, true),
			   "\"tcp\" keys must be ports 1 to 65535, not \"%s\"",
			   printable(key));
	port->port = (uint16_t)num;
	x = json_is_number(v) ? json_number_value(v) : -1;
	if (x >= 0 && x < 1) {
		port->density = true;
	} else if (!(x >= 1 && x == floor(x) &&
		     x <= (double)prefix_size(&n->pfx))) {
		return bad(l, jsonpos_member(&l->jp, at, key, false),
			   "port %s: expected a count of addresses (at most "
			   "%llu) or a density below 1",
			   key, (unsigned long long)prefix_size(&n->pfx));
	}
	port->value = x;
	return 0;
}

static int
parse_tcp(const struct sload *l, json_t *obj, const char *at,
	  struct sim_network *n)
{
	const char *key, *vat = jsonpos_member(&l->jp, at, "tcp", false);
	json_t *tcp = json_object_get(obj, "tcp"), *v;

	if (tcp == NULL)
		return 0;
	if (!json_is_object(tcp))
		return bad(l, vat,
			   "\"tcp\" must be an object such as { \"80\": 14 }");
	if (json_object_size(tcp) > SIM_PORTS_MAX)
		return bad(l, vat, "\"tcp\" takes at most %d ports",
			   SIM_PORTS_MAX);
	json_object_foreach(tcp, key, v) {
		if (parse_port(l, vat, key, v, n, &n->tcp[n->n_tcp]) < 0)
			return -1;
		n->n_tcp++;
	}
	return 0;
}

static int
parse_rtt(const struct sload *l, json_t *obj, const char *at,
	  struct sim_network *n)
{
	json_t *v = json_object_get(obj, "rtt_ms");
	const char *vat = jsonpos_member(&l->jp, at, "rtt_ms", false);
	double lo, hi;

	if (v == NULL)
		return 0;
	if (!json_is_array(v) || json_array_size(v) != 2 ||
	    !json_is_number(json_array_get(v, 0)) ||
	    !json_is_number(json_array_get(v, 1)))
		return bad(l, vat,
			   "\"rtt_ms\" must be [min, max] in milliseconds");
	lo = json_number_value(json_array_get(v, 0));
	hi = json_number_value(json_array_get(v, 1));
	if (!(lo >= 0 && lo <= hi && hi <= RTT_MAX_MS))
		return bad(l, vat,
			   "\"rtt_ms\" must be [min, max] with 0 <= min <= "
			   "max <= %g",
			   RTT_MAX_MS);
	n->rtt_min_ms = lo;
	n->rtt_max_ms = hi;
	return 0;
}

static int
parse_diurnal(const struct sload *l, json_t *obj, const char *at,
	      struct sim_network *n)
{
	static const char *const keys[] = { "amplitude", "peak", NULL };
	json_t *d = json_object_get(obj, "diurnal"), *peak;
	const char *dat = jsonpos_member(&l->jp, at, "diurnal", false);
	unsigned h, m;
	char tail;

	if (d == NULL)
		return 0;
	if (!json_is_object(d))
		return bad(l, dat,
			   "\"diurnal\" must be an object such as "
			   "{ \"amplitude\": 0.5, \"peak\": \"13:00\" }");
	if (check_keys(l, d, dat, keys, "\"diurnal\"") < 0)
		return -1;
	if (json_object_get(d, "amplitude") == NULL)
		return bad(l, dat, "\"diurnal\" needs an \"amplitude\"");
	if (get_number(l, d, dat, "amplitude", 0, 1, &n->amplitude) < 0)
		return -1;
	peak = json_object_get(d, "peak");
	if (!json_is_string(peak) || strlen(json_string_value(peak)) != 5 ||
	    sscanf(json_string_value(peak), "%2u:%2u%c", &h, &m, &tail) != 2 ||
	    h > 23 || m > 59)
		return bad(l,
			   peak != NULL
				   ? jsonpos_member(&l->jp, dat, "peak", false)
				   : dat,
			   "\"diurnal\" needs a \"peak\" time of day, "
			   "\"HH:MM\" in UTC");
	n->diurnal = true;
	n->peak_s = (int32_t)(h * 3600 + m * 60);
	return 0;
}

/* "hosts": N or "density": d, exactly one of them. */
static int
parse_hosts(const struct sload *l, json_t *obj, const char *at,
	    struct sim_network *n)
{
	json_t *hosts = json_object_get(obj, "hosts");
	json_t *density = json_object_get(obj, "density");
	const char *hat = jsonpos_member(&l->jp, at, "hosts", false);

	if ((hosts == NULL) == (density == NULL))
		return bad(l, hosts != NULL ? hat : at,
			   "a network takes either \"hosts\" (a count) or "
			   "\"density\" (a share of its addresses)");
	if (density != NULL)
		return get_number(l, obj, at, "density", 0, 1, &n->density);
	if (!json_is_integer(hosts) || json_integer_value(hosts) < 0 ||
	    (uint64_t)json_integer_value(hosts) > prefix_size(&n->pfx))
		return bad(l, hat,
			   "\"hosts\" must be a count from 0 to %llu, the "
			   "size of the prefix",
			   (unsigned long long)prefix_size(&n->pfx));
	n->has_hosts = true;
	n->hosts = (uint64_t)json_integer_value(hosts);
	return 0;
}

static int
parse_network(const struct sload *l, json_t *obj, const char *at,
	      struct sim_network *n)
{
	static const char *const keys[] = {
		"prefix", "hosts",	  "density", "tcp",	"rst",
		"rtt_ms", "availability", "dwell_s", "diurnal", "description",
		NULL
	};
	json_t *rst;

	memset(n, 0, sizeof(*n));
	n->availability = 1;
	n->rtt_min_ms = 20;
	n->rtt_max_ms = 40;
	if (!json_is_object(obj))
		return bad(l, at,
			   "a network must be an object with a "
			   "\"prefix\"");
	if (check_keys(l, obj, at, keys, "a network") < 0 ||
	    get_prefix(l, obj, at, &n->pfx) < 0 ||
	    parse_hosts(l, obj, at, n) < 0 || parse_tcp(l, obj, at, n) < 0 ||
	    parse_rtt(l, obj, at, n) < 0 ||
	    get_number(l, obj, at, "availability", 0, 1, &n->availability) <
		    0 ||
	    get_number(l, obj, at, "dwell_s", 0, DWELL_MAX_S, &n->dwell_s) <
		    0 ||
	    parse_diurnal(l, obj, at, n) < 0)
		return -1;
	rst = json_object_get(obj, "rst");
	if (rst != NULL && !json_is_boolean(rst))
		return bad(l, jsonpos_member(&l->jp, at, "rst", false),
			   "\"rst\" must be true or false");
	n->rst = json_is_true(rst);
	return 0;
}

struct by_base {
	const struct sim_network *net;
};

static int
net_cmp(const void *a, const void *b, void *arg)
{
	const struct sim_network *net = ((const struct by_base *)arg)->net;
	const struct prefix *x = &net[*(const size_t *)a].pfx;
	const struct prefix *y = &net[*(const size_t *)b].pfx;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * No two networks overlap: sorted by base, an overlap shows between
 * neighbours (a prefix that covers a later one covers all in between).
 */
static int
check_overlaps(const struct sload *l, const char *arr)
{
	const struct scenario *sc = l->sc;
	struct by_base arg = { sc->net };
	size_t *ix = xcalloc(sc->n_net ? sc->n_net : 1, sizeof(*ix)), i, a, b;
	char pa[24], pb[24];
	int rc = 0;

	for (i = 0; i < sc->n_net; i++)
		ix[i] = i;
	qsort_r(ix, sc->n_net, sizeof(*ix), net_cmp, &arg);
	for (i = 1; i < sc->n_net && rc == 0; i++) {
		a = ix[i - 1] < ix[i] ? ix[i - 1] : ix[i];
		b = ix[i - 1] < ix[i] ? ix[i] : ix[i - 1];
		if (!prefix_overlaps(&sc->net[a].pfx, &sc->net[b].pfx))
			continue;
		rc = bad(l,
			 jsonpos_member(&l->jp, jsonpos_element(&l->jp, arr, b),
					"prefix", false),
			 "network %s overlaps network %s (networks[%zu])",
			 prefix_format(&sc->net[b].pfx, pb, sizeof(pb)),
			 prefix_format(&sc->net[a].pfx, pa, sizeof(pa)), a);
	}
	free(ix);
	return rc;
}

static int
parse_networks(const struct sload *l, json_t *root, const char *rat)
{
	json_t *arr = json_object_get(root, "networks"), *v;
	const char *aat = jsonpos_member(&l->jp, rat, "networks", false);
	const char *eat = jsonpos_element(&l->jp, aat, 0);
	struct scenario *sc = l->sc;
	size_t i;

	if (!json_is_array(arr))
		return bad(l, arr != NULL ? aat : rat,
			   "needs a \"networks\" array");
	sc->net = xcalloc(json_array_size(arr) ? json_array_size(arr) : 1,
			  sizeof(*sc->net));
	json_array_foreach(arr, i, v) {
		if (parse_network(l, v, eat, &sc->net[i]) < 0)
			return -1;
		sc->n_net++;
		eat = jsonpos_next(&l->jp, eat);
	}
	return check_overlaps(l, aat);
}

/* Whether key is a field some kind of event takes. */
static bool
event_field(const char *key)
{
	size_t k, i;

	for (k = 0; k < sizeof(event_fields) / sizeof(*event_fields); k++)
		for (i = 0; event_fields[k].field[i] != NULL; i++)
			if (strcmp(key, event_fields[k].field[i]) == 0)
				return true;
	return false;
}

/* "prefix, fraction": the fields of a kind, for a message. */
static const char *
event_takes(const struct event_fields *ef, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", ef->field[0] ? "" : "nothing more");
	for (i = 0; ef->field[i] != NULL; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 i ? ", " : "", ef->field[i]);
	return buf;
}

/* The kind of event obj, its fields checked against what the kind takes. */
static int
event_kind(const struct sload *l, json_t *obj, const char *at,
	   enum sim_event_kind *kind)
{
	json_t *v = json_object_get(obj, "kind");
	const struct event_fields *ef;
	const char *key, *base[] = { "kind", "start", "end", "description" };
	char takes[80];
	size_t i;
	unsigned k;

	for (k = 0; k < sizeof(event_names) / sizeof(*event_names); k++)
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), event_names[k]) == 0)
			break;
	if (k == sizeof(event_names) / sizeof(*event_names))
		return bad(
			l,
			v != NULL ? jsonpos_member(&l->jp, at, "kind", false)
				  : at,
			"an event needs a \"kind\": dark, flap, unreachable, "
			"loss, ratelimit, vantage or no-route");
	*kind = (enum sim_event_kind)k;
	ef = &event_fields[k];
	json_object_foreach(obj, key, v) {
		bool known = false;

		for (i = 0; i < 4; i++)
			known |= strcmp(key, base[i]) == 0;
		for (i = 0; ef->field[i] != NULL; i++)
			known |= strcmp(key, ef->field[i]) == 0;
		if (!known)
			return bad(l, jsonpos_member(&l->jp, at, key, true),
				   "%s \"%s\" in a %s event (it takes %s)",
				   event_field(key) ? "no field"
						    : "unknown key",
				   printable(key), event_names[k],
				   event_takes(ef, takes, sizeof(takes)));
	}
	for (i = 0; i < ef->required; i++)
		if (json_object_get(obj, ef->field[i]) == NULL)
			return bad(l, at, "a %s event needs \"%s\"",
				   event_names[k], ef->field[i]);
	return 0;
}

/* The fields of an event of a known kind (event_kind checked which). */
static int
event_fields_parse(const struct sload *l, json_t *obj, const char *at,
		   struct sim_event *e)
{
	const char *vat;

	if (json_object_get(obj, "prefix") != NULL) {
		if (get_prefix(l, obj, at, &e->pfx) < 0)
			return -1;
		e->has_prefix = true;
	}
	if (get_number(l, obj, at, "fraction", 0, 1, &e->fraction) < 0 ||
	    get_number(l, obj, at, "duty", 0, 1, &e->duty) < 0 ||
	    get_number(l, obj, at, "rate", 0, 1, &e->rate) < 0 ||
	    get_number(l, obj, at, "period_s", 0, 1e9, &e->period_s) < 0 ||
	    get_number(l, obj, at, "pps", 0, 1e9, &e->pps) < 0 ||
	    get_address(l, obj, at, "router", &e->router) < 0)
		return -1;
	if (e->kind == SIM_FLAP && e->period_s * 1e9 < 1) {
		vat = jsonpos_member(&l->jp, at, "period_s", false);
		return bad(l, vat, "\"period_s\" must be more than 0");
	}
	if (e->kind == SIM_RATELIMIT && e->pps <= 0) {
		vat = jsonpos_member(&l->jp, at, "pps", false);
		return bad(l, vat, "\"pps\" must be more than 0");
	}
	return 0;
}

static int
parse_event(const struct sload *l, json_t *obj, const char *at,
	    struct sim_event *e)
{
	memset(e, 0, sizeof(*e));
	e->fraction = 1;
	if (!json_is_object(obj))
		return bad(l, at,
			   "an event must be an object with a "
			   "\"kind\"");
	if (event_kind(l, obj, at, &e->kind) < 0 ||
	    get_time(l, obj, at, "start", true, &e->start_ns, NULL) < 0 ||
	    get_time(l, obj, at, "end", true, &e->end_ns, NULL) < 0)
		return -1;
	if (e->end_ns <= e->start_ns)
		return bad(l, jsonpos_member(&l->jp, at, "end", false),
			   "the event's \"end\" must come after its "
			   "\"start\"");
	return event_fields_parse(l, obj, at, e);
}

static int
parse_events(const struct sload *l, json_t *root, const char *rat)
{
	json_t *arr = json_object_get(root, "events"), *v;
	const char *aat = jsonpos_member(&l->jp, rat, "events", false);
	const char *eat = jsonpos_element(&l->jp, aat, 0);
	struct scenario *sc = l->sc;
	size_t i;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return bad(l, aat, "\"events\" must be an array");
	sc->ev = xcalloc(json_array_size(arr) ? json_array_size(arr) : 1,
			 sizeof(*sc->ev));
	json_array_foreach(arr, i, v) {
		if (parse_event(l, v, eat, &sc->ev[i]) < 0)
			return -1;
		sc->n_ev++;
		eat = jsonpos_next(&l->jp, eat);
	}
	return 0;
}

static int
parse_top(const struct sload *l, json_t *root, const char *rat)
{
	static const char *const keys[] = { "start",	   "end",      "seed",
					    "source",	   "networks", "events",
					    "description", NULL };
	struct scenario *sc = l->sc;
	json_t *seed = json_object_get(root, "seed");

	if (check_keys(l, root, rat, keys, "the scenario") < 0 ||
	    get_time(l, root, rat, "start", true, &sc->start_ns, NULL) < 0 ||
	    get_time(l, root, rat, "end", false, &sc->end_ns, &sc->has_end) < 0)
		return -1;
	if (sc->has_end && sc->end_ns <= sc->start_ns)
		return bad(l, jsonpos_member(&l->jp, rat, "end", false),
			   "\"end\" must come after \"start\"");
	if (seed != NULL &&
	    (!json_is_integer(seed) || json_integer_value(seed) < 0))
		return bad(l, jsonpos_member(&l->jp, rat, "seed", false),
			   "\"seed\" must be a whole number, 0 or more");
	if (seed != NULL)
		sc->seed = (uint64_t)json_integer_value(seed);
	sc->dice = sc->seed;
	if (get_address(l, root, rat, "source", &sc->source) < 0 ||
	    parse_networks(l, root, rat) < 0 || parse_events(l, root, rat) < 0)
		return -1;
	return 0;
}

/*
 * Loads a scenario from buf[0..len), naming origin in messages. Returns 0,
 * or -1 with err (status 65).
 */
int
scenario_load_buffer(struct scenario *sc, const char *buf, size_t len,
		     const char *origin, struct bo_error *err)
{
	struct sload l = { { buf, len, origin }, sc, err };
	json_error_t jerr;
	json_t *root;
	int rc = -1;

	memset(sc, 0, sizeof(*sc));
	sc->seed = sc->dice = 1;
	sc->source = SOURCE_DEFAULT;
	if (len == 0) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: the scenario file is empty", origin);
		return -1;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		error_set(err, BO_EXIT_DATAERR, "%s:%d:%d: %s", origin,
			  jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root))
		bad(&l, jsonpos_root(&l.jp),
		    "expected an object with \"start\" and \"networks\"");
	else
		rc = parse_top(&l, root, jsonpos_root(&l.jp));
	json_decref(root);
	if (rc < 0)
		scenario_free(sc);
	else
		sc->path = xstrdup(origin);
	return rc;
}

int
scenario_load(struct scenario *sc, const char *path, struct bo_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	memset(sc, 0, sizeof(*sc));
	if (f == NULL) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0 && len <= SCENARIO_MAX_BYTES);
	if (ferror(f))
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
	else if (len > SCENARIO_MAX_BYTES)
		error_set(err, BO_EXIT_DATAERR,
			  "%s: larger than %u MiB; not a scenario file", path,
			  SCENARIO_MAX_BYTES >> 20);
	else
		rc = scenario_load_buffer(sc, buf, len, path, err);
	free(buf);
	fclose(f);
	return rc;
}

int
scenario_resume(const struct scenario *sc, const int64_t *last,
		const int64_t *at, int64_t iv, int64_t *first,
		struct bo_error *err)
{
	if (at != NULL) {
		if (*at < sc->start_ns || (last != NULL && *at <= *last)) {
			error_set(err, BO_EXIT_USAGE, "--at: the time is %s",
				  *at < sc->start_ns
					  ? "before the scenario's start"
					  : "not after the state file's last "
					    "round");
			return -1;
		}
		*first = *at;
		return 1;
	}
	if (iv < 1) /* -i 0: each round when the last ended */
		iv = 1;
	if (last == NULL || *last < sc->start_ns ||
	    *last > INT64_MAX - 2 * iv || (sc->has_end && *last >= sc->end_ns))
		return 0;
	*first = sc->start_ns + ((*last - sc->start_ns) / iv + 1) * iv;
	return 1;
}
