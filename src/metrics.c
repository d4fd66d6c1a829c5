/*
 * metrics.c - the Prometheus text file of --metrics (see metrics.h).
 *
 * Invariant: the file on disk is always a whole exposition: the text is
 * built in memory, written to a temporary file beside it and renamed; a
 * failed write removes the temporary file and leaves the old one.
 */
#define _GNU_SOURCE
#include "blackout/metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One target as the last round saw it. */
struct metric_target {
	char *name;
	char prefix[32]; /* the first prefix, "+N" when N more follow */
	enum target_state state;
	unsigned blocks[4]; /* per enum target_state (partial stays 0) */
	uint32_t responsive;
	bool has_belief, has_rtt;
	double belief;
	double rtt_min, rtt_median, rtt_max; /* milliseconds */
	double rtt_sum;			     /* this run's, milliseconds */
	uint64_t rtt_count;
	double outage_s; /* the open outage; 0 when none */
};

struct metrics {
	char *path, *tmp, *vantage;
	struct metric_target *t;
	size_t n;
	size_t next; /* where the next target is likely: rounds go in order */
};

struct metrics *
metrics_new(const char *path, const char *vantage)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	char *d = xstrdup(path), *b = xstrdup(path);

	m->path = xstrdup(path);
	m->vantage = xstrdup(vantage);
	if (asprintf(&m->tmp, "%s/.%s.%ld.tmp", dirname(d), basename(b),
		     (long)getpid()) < 0)
		abort();
	free(d);
	free(b);
	return m;
}

void
metrics_free(struct metrics *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->t[i].name);
	free(m->t);
	free(m->path);
	free(m->tmp);
	free(m->vantage);
	free(m);
}

int
metrics_check_writable(const struct metrics *m, struct bo_error *err)
{
	int fd = open(m->tmp,
		      O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		      0644);

	if (fd < 0) {
		error_set(err, BO_EXIT_CANTCREAT,
			  "--metrics: cannot create %s: %s (the directory "
			  "must be writable by the user blackout runs as; see "
			  "--user)",
			  m->tmp, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(m->tmp);
	return 0;
}

/*
 * The target called name, added if new. Each round reports the targets in
 * the same order, so the search starts where the last one ended: a round
 * of n targets costs n comparisons, not n^2 / 2.
 */
static struct metric_target *
target_get(struct metrics *m, const char *name)
{
	size_t k, i;

	for (k = 0; k < m->n; k++) {
		i = (m->next + k) % m->n;
		if (strcmp(m->t[i].name, name) == 0) {
			m->next = i + 1;
			return &m->t[i];
		}
	}
	m->t = xrealloc(m->t, m->n + 1, sizeof(*m->t));
	memset(&m->t[m->n], 0, sizeof(m->t[0]));
	m->t[m->n].name = xstrdup(name);
	m->next = m->n + 1;
	return &m->t[m->n++];
}

void
metrics_target(struct metrics *m, const char *name, const struct prefix *pfx,
	       size_t n_pfx, const struct target_summary *sum,
	       const struct target_stats *st, const struct target_memory *tm,
	       int64_t now_ns)
{
	struct metric_target *t = target_get(m, name);
	size_t b;

	for (b = 0; st != NULL && b < st->n_rtt; b++)
		t->rtt_sum += st->rtt_ms[b];
	t->rtt_count += st != NULL ? st->n_rtt : 0;
	t->prefix[0] = '\0';
	if (n_pfx > 0)
		prefix_format(pfx, t->prefix, sizeof(t->prefix));
	if (n_pfx > 1) {
		size_t len = strlen(t->prefix);

		snprintf(t->prefix + len, sizeof(t->prefix) - len, "+%zu",
			 n_pfx - 1);
	}
	t->state = sum->state;
	memset(t->blocks, 0, sizeof(t->blocks));
	for (b = 0; b < sum->n_blocks; b++)
		t->blocks[sum->blocks[b].state]++;
	t->responsive = sum->responsive;
	t->has_belief = sum->has_belief;
	t->belief = sum->belief;
	t->has_rtt = sum->has_rtt;
	t->rtt_min = sum->rtt_min;
	t->rtt_median = sum->rtt_median;
	t->rtt_max = sum->rtt_max;
	t->outage_s = 0;
	if (tm != NULL && tm->in_outage && now_ns > tm->outage_start_ns)
		t->outage_s = (double)(now_ns - tm->outage_start_ns) / 1e9;
}

/* A growing string. */
struct text {
	char *s;
	size_t len, cap;
};

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = 2 * t->cap + (size_t)n + 1;
		t->s = xrealloc(t->s, t->cap, 1);
	}
	t->len += (size_t)n;
}

/* A label value, escaped as the exposition format says (\\ \" \n). */
static void
put_label(struct text *t, const char *key, const char *value, bool first)
{
	const char *p;

	put(t, "%s%s=\"", first ? "" : ",", key);
	for (p = value; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			put(t, "\\%c", *p);
		else if (*p == '\n')
			put(t, "\\n");
		else
			put(t, "%c", *p);
	}
	put(t, "\"");
}

static void
family(struct text *t, const char *name, const char *type, const char *help)
{
	put(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{target="..",vantage=".." and one more label, if any} value */
static void
sample(struct text *t, const struct metrics *m, const char *name,
       const struct metric_target *mt, const char *key, const char *value,
       double v)
{
	put(t, "%s{", name);
	put_label(t, "target", mt->name, true);
	if (strcmp(name, "blackout_target_state") == 0)
		put_label(t, "prefix", mt->prefix, false);
	put_label(t, "vantage", m->vantage, false);
	if (key != NULL)
		put_label(t, key, value, false);
	put(t, "} %.15g\n", v); /* as the JSON lines: 0.99 */
}

static void
put_states(struct text *t, const struct metrics *m)
{
	static const enum target_state block_states[] = { STATE_UP, STATE_DOWN,
							  STATE_UNKNOWN };
	size_t i, s;

	family(t, "blackout_target_state", "gauge",
	       "1 for the target's state in the last round, 0 for the others.");
	for (i = 0; i < m->n; i++)
		for (s = 0; s < 4; s++)
			sample(t, m, "blackout_target_state", &m->t[i], "state",
			       state_name((enum target_state)s),
			       m->t[i].state == (enum target_state)s);
	family(t, "blackout_blocks", "gauge",
	       "The target's /24s in each state in the last round.");
	for (i = 0; i < m->n; i++)
		for (s = 0; s < 3; s++)
			sample(t, m, "blackout_blocks", &m->t[i], "state",
			       state_name(block_states[s]),
			       m->t[i].blocks[block_states[s]]);
}

static void
put_figures(struct text *t, const struct metrics *m)
{
	static const char *const q[] = { "0", "0.5", "1" };
	size_t i;

	family(t, "blackout_responsive_addresses", "gauge",
	       "Addresses that answered in the last round.");
	for (i = 0; i < m->n; i++)
		sample(t, m, "blackout_responsive_addresses", &m->t[i], NULL,
		       NULL, m->t[i].responsive);
	family(t, "blackout_belief", "gauge",
	       "Mean belief that the judged /24s are up (Trinocular).");
	for (i = 0; i < m->n; i++)
		if (m->t[i].has_belief)
			sample(t, m, "blackout_belief", &m->t[i], NULL, NULL,
			       m->t[i].belief);
	family(t, "blackout_rtt_seconds", "summary",
	       "Round-trip times: the last round's minimum (quantile 0), "
	       "median (0.5) and maximum (1); sum and count over this run.");
	for (i = 0; i < m->n; i++) {
		const struct metric_target *mt = &m->t[i];
		double v[3] = { mt->rtt_min, mt->rtt_median, mt->rtt_max };
		size_t k;

		for (k = 0; k < 3 && mt->has_rtt; k++)
			sample(t, m, "blackout_rtt_seconds", mt, "quantile",
			       q[k], v[k] / 1000.0);
		sample(t, m, "blackout_rtt_seconds_sum", mt, NULL, NULL,
		       mt->rtt_sum / 1000.0);
		sample(t, m, "blackout_rtt_seconds_count", mt, NULL, NULL,
		       (double)mt->rtt_count);
	}
	family(t, "blackout_outage_seconds", "gauge",
	       "How long the open outage has lasted; 0 when there is none.");
	for (i = 0; i < m->n; i++)
		sample(t, m, "blackout_outage_seconds", &m->t[i], NULL, NULL,
		       m->t[i].outage_s);
}

static void
counter(struct text *t, const struct metrics *m, const char *name,
	const char *help, uint64_t v)
{
	family(t, name, "counter", help);
	put(t, "%s{", name);
	put_label(t, "vantage", m->vantage, true);
	put(t, "} %llu\n", (unsigned long long)v);
}

char *
metrics_text(const struct metrics *m, const struct run_totals *tot,
	     int64_t round_real_ns)
{
	struct text t = { NULL, 0, 0 };

	t.cap = 4096;
	t.s = xmalloc(t.cap);
	t.s[0] = '\0';
	put_states(&t, m);
	put_figures(&t, m);
	counter(&t, m, "blackout_probes_sent_total",
		"Probes sent, over every run with this state file.", tot->sent);
	counter(&t, m, "blackout_replies_total",
		"Live answers credited to probes.", tot->replies);
	counter(&t, m, "blackout_invalid_replies_total",
		"Replies that failed the cookie check.", tot->invalid);
	counter(&t, m, "blackout_pcap_drops_total",
		"Packets the capture dropped (kernel or queue).",
		tot->pcap_drops);
	family(&t, "blackout_last_round_timestamp_seconds", "gauge",
	       "When the last round ended, in seconds since the epoch.");
	put(&t, "blackout_last_round_timestamp_seconds{");
	put_label(&t, "vantage", m->vantage, true);
	put(&t, "} %.3f\n", (double)round_real_ns / 1e9);
	return t.s;
}

static int
io_status(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EIO ? BO_EXIT_IOERR
						      : BO_EXIT_OSERR;
}

int
metrics_write(const struct metrics *m, const struct run_totals *tot,
	      int64_t round_real_ns, struct bo_error *err)
{
	char *text = metrics_text(m, tot, round_real_ns);
	int rc = metrics_save(m, text, strlen(text), err);

	free(text);
	return rc;
}

int
metrics_save(const struct metrics *m, const char *text, size_t len,
	     struct bo_error *err)
{
	int fd, rc = -1;

	fd = open(m->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0) {
		error_set(err, BO_EXIT_CANTCREAT,
			  "--metrics: cannot create %s: %s", m->tmp,
			  strerror(errno));
		goto out;
	}
	if (write_full(fd, text, len) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		fd = -1;
	}
	if (fd < 0 || close(fd) < 0) {
		int e = errno;

		unlink(m->tmp);
		error_set(err, io_status(e), "--metrics: writing %s: %s",
			  m->tmp, strerror(e));
		goto out;
	}
	if (rename(m->tmp, m->path) < 0) {
		error_set(err, io_status(errno), "--metrics: rename to %s: %s",
			  m->path, strerror(errno));
		unlink(m->tmp);
		goto out;
	}
	rc = 0;
out:
	return rc;
}
