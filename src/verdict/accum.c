/*
 * accum.c - a target's counters and RTTs summed over windows (accum.h).
 */
#include "blackout/verdict/accum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t
bin_of(double ms)
{
	double x;

	if (!(ms > 0))
		return 0;
	x = (log2(ms) - RTT_LOG2_MIN) * RTT_BINS_PER_DOUBLING;
	if (x < 0)
		return 0;
	if (x >= RTT_BINS)
		return RTT_BINS - 1;
	return (size_t)x;
}

/* The middle of bin b, in milliseconds (geometric: the bins are). */
static double
bin_mid(size_t b)
{
	return exp2(RTT_LOG2_MIN + ((double)b + 0.5) / RTT_BINS_PER_DOUBLING);
}

void
rtt_hist_add(struct rtt_hist *h, const double *ms, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (h->bin == NULL)
		h->bin = xcalloc(RTT_BINS, sizeof(*h->bin));
	for (i = 0; i < n; i++) {
		if (h->n == 0 || ms[i] < h->min)
			h->min = ms[i];
		if (h->n == 0 || ms[i] > h->max)
			h->max = ms[i];
		h->bin[bin_of(ms[i])]++;
		h->n++;
	}
}

/* The bin holding the k-th smallest sample (from 0). */
static size_t
kth_bin(const struct rtt_hist *h, uint64_t k)
{
	uint64_t seen = 0;
	size_t b;

	for (b = 0; b < RTT_BINS; b++) {
		seen += h->bin[b];
		if (seen > k)
			return b;
	}
	return RTT_BINS - 1;
}

double
rtt_hist_median(const struct rtt_hist *h)
{
	double m = bin_mid(kth_bin(h, (h->n - 1) / 2));

	if (h->n % 2 == 0)
		m = (m + bin_mid(kth_bin(h, h->n / 2))) / 2;
	return fmin(fmax(m, h->min), h->max);
}

void
rtt_hist_free(struct rtt_hist *h)
{
	free(h->bin);
	memset(h, 0, sizeof(*h));
}

void
target_stats_merge(struct target_stats *dst, const struct target_stats *src)
{
	size_t m, k, i;

	dst->sent += src->sent;
	dst->send_errors += src->send_errors;
	dst->replies += src->replies;
	dst->icmp_errors += src->icmp_errors;
	dst->invalid += src->invalid;
	dst->late += src->late;
	dst->duplicate += src->duplicate;
	for (m = 0; m < METHOD_MAX; m++) {
		dst->method_sent[m] += src->method_sent[m];
		dst->method_resp[m] += src->method_resp[m];
		for (k = 0; k < METHOD_COUNTERS_MAX; k++)
			dst->method_count[m][k] += src->method_count[m][k];
	}
	for (i = 0; i < src->n_unreach; i++) {
		const struct unreach_report *u = &src->unreach[i];
		size_t before = dst->n_unreach;

		target_stats_add_unreach(dst, u->router, u->type, u->code);
		if (dst->n_unreach == before) { /* one was there: count */
			for (k = 0; k < dst->n_unreach; k++)
				if (dst->unreach[k].router == u->router &&
				    dst->unreach[k].type == u->type &&
				    dst->unreach[k].code == u->code)
					dst->unreach[k].count += u->count - 1;
		} else {
			dst->unreach[dst->n_unreach - 1].count = u->count;
		}
	}
}

static int
double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

bool
rtt_exact(struct target_stats *st, double *min, double *median, double *max)
{
	size_t n = st->n_rtt;

	if (n == 0)
		return false;
	qsort(st->rtt_ms, n, sizeof(double), double_cmp);
	*min = st->rtt_ms[0];
	*max = st->rtt_ms[n - 1];
	*median = n % 2 ? st->rtt_ms[n / 2]
			: (st->rtt_ms[n / 2 - 1] + st->rtt_ms[n / 2]) / 2;
	return true;
}
