/*
 * output.c - JSON line building (jansson) and whole-line writes.
 */
#define _GNU_SOURCE
#include "blackout/output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blackout/output_blocks.h"
#include "blackout/verdict/baseline.h"
#include "blackout/probe/reply.h"
#include "blackout/probe/targets.h"

struct output {
	int fd;
	bool owned;
	char *path;		       /* NULL for stdout */
	volatile sig_atomic_t *reopen; /* set by SIGHUP; see output_reopen_on */
	const struct output_sink *sink; /* lines go elsewhere (privsep) */
	void *sink_ctx;
};

static int
open_log(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

struct output *
output_open(const char *path, struct bo_error *err)
{
	struct output *out;
	int fd = STDOUT_FILENO;

	if (path != NULL && strcmp(path, "-") != 0) {
		fd = open_log(path);
		if (fd < 0) {
			error_set(err, BO_EXIT_CANTCREAT, "--output: %s: %s",
				  path, strerror(errno));
			return NULL;
		}
	}
	out = xcalloc(1, sizeof(*out));
	out->fd = fd;
	out->owned = fd != STDOUT_FILENO;
	out->path = out->owned ? xstrdup(path) : NULL;
	return out;
}

struct output *
output_open_sink(const struct output_sink *sink, void *ctx)
{
	struct output *out = xcalloc(1, sizeof(*out));

	out->fd = -1;
	out->sink = sink;
	out->sink_ctx = ctx;
	return out;
}

void
output_reopen_on(struct output *out, volatile sig_atomic_t *flag)
{
	out->reopen = flag;
}

/* Between two lines: a file renamed away (logrotate) is replaced by a new
 * one at the same path. If that fails the old one is kept until the next
 * request, so that no line is lost. */
static void
reopen_if_asked(struct output *out)
{
	int fd;

	if (out->reopen == NULL || !*out->reopen)
		return;
	*out->reopen = 0;
	if (out->path == NULL)
		return;
	fd = open_log(out->path);
	if (fd < 0)
		return;
	close(out->fd);
	out->fd = fd;
}

int
output_line(struct output *out, const char *line, size_t len)
{
	if (out->sink != NULL)
		return out->sink->write_line(out->sink_ctx, line, len);
	reopen_if_asked(out);
	return write_whole(out->fd, line, len);
}

int
output_json(struct output *out, const json_t *obj)
{
	/* 15 significant digits: what the rounded figures hold, without
	 * the binary tail 17 would show (0.99, not 0.98999999999999999). */
	char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
					     JSON_REAL_PRECISION(15));
	size_t len;
	int rc = 0;

	if (line == NULL) {
		errno = ENOMEM;
		return -1;
	}
	len = strlen(line);
	line[len++] = '\n'; /* json_dumps leaves room: we overwrite the NUL */
	rc = output_line(out, line, len);
	free(line);
	return rc;
}

void
output_close(struct output *out)
{
	if (out == NULL)
		return;
	if (out->owned)
		close(out->fd);
	free(out->path);
	free(out);
}

static json_t *
json_ipv4(uint32_t addr)
{
	char buf[16];

	return json_string(format_ipv4(addr, buf, sizeof(buf)));
}

static json_t *
json_prefix(const struct prefix *p)
{
	char buf[20];

	return json_string(prefix_format(p, buf, sizeof(buf)));
}

/*
 * A target's address space on its round and event lines: "prefix", its
 * prefix, or null for a target of several; "prefixes", how many it has.
 */
static void
set_target_space(json_t *o, const struct plan_target *tg)
{
	json_object_set_new(o, "prefix",
			    tg->n_prefixes == 1 ? json_prefix(&tg->prefixes[0])
						: json_null());
	json_object_set_new(o, "prefixes",
			    json_integer((json_int_t)tg->n_prefixes));
}

static json_t *
json_time(int64_t real_ns)
{
	char buf[32];

	return json_string(format_rfc3339(real_ns, buf, sizeof(buf)));
}

/* A time, or null for 0 (not known). */
static json_t *
json_time_or_null(int64_t real_ns)
{
	return real_ns > 0 ? json_time(real_ns) : json_null();
}

/* Rounds to microseconds so lines stay short and stable. */
static json_t *
json_ms(double ms)
{
	return json_real(round(ms * 1000.0) / 1000.0);
}

static json_t *
json_sample(int sample)
{
	if (sample == SAMPLE_ALL)
		return json_string("all");
	if (sample == SAMPLE_AUTO)
		return json_string("auto");
	return json_integer(sample);
}

/* {"index": I, "count": N}, or null when the run is not sharded. */
static json_t *
json_shard(const struct shard *sh)
{
	if (sh == NULL || sh->count == 0)
		return json_null();
	return json_pack("{s:i,s:i}", "index", (int)sh->index, "count",
			 (int)sh->count);
}

/* "vantage_name": the vantage point's name (--vantage). */
static json_t *
json_vantage_name(const char *name)
{
	return name != NULL ? json_string(name) : json_null();
}

json_t *
output_run_line(const struct run_info *ri)
{
	json_t *o = json_object(), *m = json_array();
	char name[16];
	size_t i;

	for (i = 0; i < ri->methods->n; i++)
		json_array_append_new(m,
				      json_string(
					      method_format(&ri->methods->m[i],
							    name,
							    sizeof(name))));
	json_object_set_new(o, "type", json_string("run"));
	json_object_set_new(o, "time", json_time(ri->start_real_ns));
	json_object_set_new(o, "version", json_string(ri->version));
	json_object_set_new(o, "vantage_name",
			    json_vantage_name(ri->vantage_name));
	json_object_set_new(o, "shard", json_shard(ri->shard));
	json_object_set_new(o, "source",
			    ri->source ? json_ipv4(ri->source) : json_null());
	json_object_set_new(o, "interface",
			    ri->interface ? json_string(ri->interface)
					  : json_null());
	json_object_set_new(o, "methods", m);
	json_object_set_new(o, "seed", json_integer((json_int_t)ri->seed));
	json_object_set_new(o, "rate", json_real(ri->rate));
	json_object_set_new(o, "timeout_s", json_real(ri->timeout_s));
	json_object_set_new(o, "retries", json_integer(ri->retries));
	json_object_set_new(o, "sample", json_sample(ri->sample));
	json_object_set_new(o, "rounds", json_integer((json_int_t)ri->rounds));
	json_object_set_new(o, "interval_s", json_real(ri->interval_s));
	json_object_set_new(o, "watch", json_string(ri->watch));
	json_object_set_new(o, "targets",
			    json_integer((json_int_t)ri->n_targets));
	json_object_set_new(o, "controls",
			    json_integer((json_int_t)ri->n_controls));
	json_object_set_new(o, "dry_run", json_boolean(ri->dry_run));
	json_object_set_new(o, "simulated", json_boolean(ri->scenario != NULL));
	if (ri->scenario != NULL)
		json_object_set_new(o, "scenario", json_string(ri->scenario));
	return o;
}

static json_t *
probes_object(const struct target_stats *st, const struct round_info *ri)
{
	json_t *o = json_object();

	json_object_set_new(o, "sent", json_integer((json_int_t)st->sent));
	json_object_set_new(o, "replies",
			    json_integer((json_int_t)st->replies));
	json_object_set_new(o, "icmp_errors",
			    json_integer((json_int_t)st->icmp_errors));
	json_object_set_new(o, "invalid",
			    json_integer((json_int_t)st->invalid));
	json_object_set_new(o, "late", json_integer((json_int_t)st->late));
	json_object_set_new(o, "duplicate",
			    json_integer((json_int_t)st->duplicate));
	json_object_set_new(o, "send_errors",
			    json_integer((json_int_t)st->send_errors));
	json_object_set_new(o, "stray", json_integer((json_int_t)ri->stray));
	json_object_set_new(o, "rejected",
			    json_integer((json_int_t)ri->rejected));
	json_object_set_new(o, "rejected_truncated",
			    json_integer((json_int_t)ri->rejected_truncated));
	json_object_set_new(o, "rejected_malformed",
			    json_integer((json_int_t)ri->rejected_malformed));
	json_object_set_new(o, "rejected_checksum",
			    json_integer((json_int_t)ri->rejected_checksum));
	json_object_set_new(o, "pcap_received",
			    json_integer((json_int_t)ri->pcap_received));
	json_object_set_new(o, "pcap_drops",
			    json_integer((json_int_t)(ri->pcap_drops +
						      ri->queue_drops)));
	return o;
}

static json_t *
methods_object(const struct plan *plan, const struct plan_target *tg)
{
	json_t *o = json_object();
	char name[16];
	size_t m;

	for (m = 0; m < plan->methods.n; m++) {
		const struct method *me = &plan->methods.m[m];
		const struct method_ops *ops = method_ops(me->kind);
		json_t *e;
		size_t k;

		if (!(tg->methods & (1u << m)))
			continue;
		e = json_object();
		json_object_set_new(e, "sent",
				    json_integer(
					    (json_int_t)tg->st.method_sent[m]));
		json_object_set_new(e, "responsive",
				    json_integer(
					    (json_int_t)tg->st.method_resp[m]));
		for (k = 0; k < METHOD_COUNTERS_MAX && ops->counters[k] != NULL;
		     k++)
			json_object_set_new(
				e, ops->counters[k],
				json_integer(
					(json_int_t)tg->st.method_count[m][k]));
		json_object_set_new(o, method_format(me, name, sizeof(name)),
				    e);
	}
	return o;
}

static int
unreach_by_count(const void *a, const void *b)
{
	const struct unreach_report *x = *(
		const struct unreach_report *const *)a;
	const struct unreach_report *y = *(
		const struct unreach_report *const *)b;

	return x->count > y->count ? -1 : x->count < y->count;
}

/*
 * The unreachable reports, in the order first seen; at most `limit` of
 * them, the most counted (a bounded line, output_blocks.h), the rest
 * counted in *omitted.
 */
static json_t *
unreachable_array(const struct target_stats *st, size_t limit, size_t *omitted)
{
	const struct unreach_report **u = xcalloc(st->n_unreach + 1,
						  sizeof(*u));
	json_t *a = json_array();
	size_t i, n = st->n_unreach;

	for (i = 0; i < n; i++)
		u[i] = &st->unreach[i];
	if (n > limit) {
		qsort(u, n, sizeof(*u), unreach_by_count);
		*omitted = n - limit;
		n = limit;
	}
	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "router", json_ipv4(u[i]->router));
		json_object_set_new(o, "type", json_integer(u[i]->type));
		json_object_set_new(o, "code", json_integer(u[i]->code));
		json_object_set_new(o, "reason",
				    json_string(
					    reply_icmp_error_name(u[i]->type,
								  u[i]->code)));
		json_object_set_new(o, "count",
				    json_integer((json_int_t)u[i]->count));
		json_array_append_new(a, o);
	}
	free(u);
	return a;
}

json_t *
output_event_line(const struct round_info *ri, const struct plan *plan,
		  size_t ti, const struct target_summary *sum)
{
	const struct event_info *ev = &sum->event;
	json_t *o = json_object(), *down;
	char dur[32];
	size_t omitted;

	down = output_blocks_down(sum, ri->blocks, &omitted);
	json_object_set_new(o, "type", json_string("event"));
	json_object_set_new(o, "time", json_time(ri->start_real_ns));
	json_object_set_new(o, "round", json_integer(ri->round));
	json_object_set_new(o, "target", json_string(plan->tg[ti].name));
	set_target_space(o, &plan->tg[ti]);
	json_object_set_new(o, "vantage_name",
			    json_vantage_name(ri->vantage_name));
	json_object_set_new(o, "event", json_string(event_name(ev->kind)));
	json_object_set_new(o, "from", json_string(state_name(ev->from)));
	json_object_set_new(o, "to", json_string(state_name(ev->to)));
	if (ev->kind == EVENT_OUTAGE_START || ev->kind == EVENT_OUTAGE_END ||
	    ev->to == STATE_PARTIAL || ev->to == STATE_DOWN)
		json_object_set_new(o, "scope",
				    json_string(scope_name(ev->scope)));
	if (ev->kind == EVENT_OUTAGE_START || ev->kind == EVENT_OUTAGE_END) {
		json_object_set_new(o, "start", json_time(ev->start_ns));
		json_object_set_new(o, "start_after",
				    json_time_or_null(ev->start_after_ns));
		json_object_set_new(o, "start_by",
				    json_time_or_null(ev->start_by_ns));
	}
	if (ev->kind == EVENT_OUTAGE_END) {
		json_object_set_new(o, "end", json_time(ev->end_ns));
		json_object_set_new(o, "end_after",
				    json_time_or_null(ev->end_after_ns));
		json_object_set_new(o, "end_by",
				    json_time_or_null(ev->end_by_ns));
		json_object_set_new(o, "duration_s",
				    json_integer((json_int_t)llround(
					    ev->duration_s)));
		json_object_set_new(o, "duration",
				    json_string(format_duration(
					    llround(ev->duration_s),
					    DURATION_SHORT, dur, sizeof(dur))));
	}
	json_object_set_new(o, "blocks_down", down);
	json_object_set_new(o, "blocks_down_omitted",
			    json_integer((json_int_t)omitted));
	json_object_set_new(o, "reason", json_string(sum->reason));
	return o;
}

json_t *
output_round_line(const struct round_info *ri, const struct plan *plan,
		  size_t ti, const struct target_summary *sum)
{
	const struct plan_target *tg = &plan->tg[ti];
	json_t *o = json_object(), *addr = json_object(), *rtt, *blocks;
	size_t unreach_omitted = 0;

	json_object_set_new(o, "type", json_string("round"));
	json_object_set_new(o, "time", json_time(ri->start_real_ns));
	json_object_set_new(o, "round", json_integer(ri->round));
	json_object_set_new(o, "target", json_string(tg->name));
	set_target_space(o, tg);
	json_object_set_new(o, "asn",
			    tg->asn ? json_integer(tg->asn) : json_null());
	json_object_set_new(o, "state", json_string(state_name(sum->state)));
	json_object_set_new(o, "reason", json_string(sum->reason));
	json_object_set_new(o, "belief",
			    sum->has_belief ? json_rounded(sum->belief, 4)
					    : json_null());
	json_object_set_new(o, "since",
			    sum->since_ns ? json_time(sum->since_ns)
					  : json_null());
	json_object_set_new(o, "vantage",
			    json_string(vantage_name(ri->vantage)));
	json_object_set_new(o, "vantage_name",
			    json_vantage_name(ri->vantage_name));
	json_object_set_new(o, "shard", json_shard(ri->shard));
	json_object_set_new(o, "interrupted",
			    json_boolean(ri->interrupted || sum->cut));
	json_object_set_new(o, "watch", json_boolean(ri->watch));
	json_object_set_new(o, "waves", json_integer(ri->waves));
	json_object_set_new(o, "probes", probes_object(&tg->st, ri));
	json_object_set_new(addr, "probed", json_integer(sum->probed));
	json_object_set_new(addr, "responsive", json_integer(sum->responsive));
	json_object_set_new(addr, "baseline", json_integer(sum->baseline));
	json_object_set_new(addr, "pvalue",
			    sum->pvalue < 0 ? json_null()
					    : json_real(sum->pvalue));
	json_object_set_new(o, "addresses", addr);
	blocks = output_blocks_begin(o, sum, ri->blocks);
	json_object_set_new(o, "methods", methods_object(plan, tg));
	json_object_set_new(o, "unreachable",
			    unreachable_array(&tg->st,
					      blocks_bounded(ri->blocks,
							     sum->n_blocks)
						      ? UNREACH_LISTED_MAX
						      : SIZE_MAX,
					      &unreach_omitted));
	json_object_set_new(o, "unreachable_omitted",
			    json_integer((json_int_t)unreach_omitted));
	if (sum->has_rtt) {
		rtt = json_object();
		json_object_set_new(rtt, "min", json_ms(sum->rtt_min));
		json_object_set_new(rtt, "median", json_ms(sum->rtt_median));
		json_object_set_new(rtt, "max", json_ms(sum->rtt_max));
	} else {
		rtt = json_null();
	}
	json_object_set_new(o, "rtt_ms", rtt);
	json_object_set_new(o, "instability", instability_json(&sum->instab));
	json_object_set_new(o, "duration_s",
			    json_real(round(ri->duration_s * 1000) / 1000));
	/* Last: the /24s that fit beside everything else. */
	output_blocks_fill(o, blocks, plan, tg, sum, ri->blocks);
	return o;
}

json_t *
output_probe_line(uint32_t round, unsigned wave, const char *target,
		  uint32_t dst, const struct method *m, const struct cookie *c)
{
	const struct method_ops *ops = method_ops(m->kind);
	uint32_t values[METHOD_FIELDS_MAX];
	json_t *o = json_object();
	char name[16];
	size_t i;

	json_object_set_new(o, "type", json_string("probe"));
	json_object_set_new(o, "round", json_integer(round));
	json_object_set_new(o, "wave", json_integer(wave));
	json_object_set_new(o, "target", json_string(target));
	json_object_set_new(o, "dst", json_ipv4(dst));
	json_object_set_new(o, "method",
			    json_string(method_format(m, name, sizeof(name))));
	ops->field_values(c, values);
	for (i = 0; i < METHOD_FIELDS_MAX && ops->fields[i] != NULL; i++)
		json_object_set_new(o, ops->fields[i], json_integer(values[i]));
	return o;
}
