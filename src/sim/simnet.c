/*
 * simnet.c - the simulated network: clock, sender and receiver source over
 * the model (see simnet.h).
 *
 * Invariants: `now` only moves forward; the queue is a binary min-heap of
 * answers ordered by (arrival time, order of sending), so answers due at
 * the same nanosecond come out in the order their probes left and a run
 * is deterministic; an answer leaves the queue only once now has reached
 * its arrival time.
 */
#include "blackout/sim/simnet.h"

#include <stdlib.h>
#include <string.h>

#include "blackout/sim/model.h"
#include "blackout/util.h"

struct pending {
	int64_t at;   /* arrival, ns since the scenario's start */
	uint64_t seq; /* order of sending, to break ties */
	uint16_t len;
	uint8_t bytes[SIM_ANSWER_MAX];
};

struct simnet {
	const struct scenario *sc;
	struct sim_model *model;
	int64_t now; /* ns since the scenario's start */
	struct clock clock;
	struct pending *heap;
	size_t n, cap;
	uint64_t seq;
	struct pending out; /* the answer next() handed out last */
	size_t batch_sent;  /* probes of the current batch that left */
};

/* The clock. */

static int64_t
sim_mono(void *ctx)
{
	return ((struct simnet *)ctx)->now;
}

static int64_t
sim_real(void *ctx)
{
	struct simnet *sn = ctx;

	return sn->sc->start_ns + sn->now;
}

static void
sim_sleep_until(void *ctx, int64_t until)
{
	struct simnet *sn = ctx;

	if (until > sn->now)
		sn->now = until;
}

static const struct clock_ops sim_clock_ops = {
	.name = "simulated",
	.mono_ns = sim_mono,
	.real_ns = sim_real,
	.sleep_until = sim_sleep_until,
	.exact = true,
};

/* The queue of answers on their way. */

static bool
earlier(const struct pending *a, const struct pending *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void
heap_swap(struct pending *a, struct pending *b)
{
	struct pending t = *a;

	*a = *b;
	*b = t;
}

static void
heap_push(struct simnet *sn, const struct pending *p)
{
	size_t i;

	if (sn->n == sn->cap) {
		sn->cap = sn->cap ? sn->cap * 2 : 1024;
		sn->heap = xrealloc(sn->heap, sn->cap, sizeof(*sn->heap));
	}
	i = sn->n++;
	sn->heap[i] = *p;
	while (i > 0 && earlier(&sn->heap[i], &sn->heap[(i - 1) / 2])) {
		heap_swap(&sn->heap[i], &sn->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

static void
heap_pop(struct simnet *sn, struct pending *out)
{
	size_t i = 0;

	*out = sn->heap[0];
	sn->heap[0] = sn->heap[--sn->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < sn->n && earlier(&sn->heap[l], &sn->heap[m]))
			m = l;
		if (r < sn->n && earlier(&sn->heap[r], &sn->heap[m]))
			m = r;
		if (m == i)
			break;
		heap_swap(&sn->heap[i], &sn->heap[m]);
		i = m;
	}
}

/* The sender: every probe meets the model at the clock's time. */

static void
sim_send_start(void *ctx, const struct probe_desc *p, size_t n, int *err)
{
	struct simnet *sn = ctx;
	int64_t real = sim_real(sn);
	struct sim_answer ans;
	struct pending q;
	size_t i;

	sn->batch_sent = 0;
	for (i = 0; i < n; i++) {
		err[i] = sim_model_probe(sn->model, real, p[i].pkt, p[i].len,
					 &ans);
		if (err[i] != 0)
			continue;
		sn->batch_sent++;
		if (ans.len == 0)
			continue;
		q.at = ans.at_ns - sn->sc->start_ns;
		q.seq = sn->seq++;
		q.len = (uint16_t)ans.len;
		memcpy(q.bytes, ans.bytes, ans.len);
		heap_push(sn, &q);
	}
}

static size_t
sim_send_finish(void *ctx)
{
	return ((struct simnet *)ctx)->batch_sent;
}

static void
sim_close(void *ctx)
{
	(void)ctx; /* the network outlives its sender */
}

static const struct sender_ops sim_sender_ops = {
	.name = "simulated",
	.send_start = sim_send_start,
	.send_finish = sim_send_finish,
	.close = sim_close,
};

/* The receiver's source: answers whose time has come. */

static size_t
sim_next(void *ctx, const uint8_t **pkt, int64_t *ts_ns)
{
	struct simnet *sn = ctx;

	if (sn->n == 0 || sn->heap[0].at > sn->now)
		return 0;
	heap_pop(sn, &sn->out);
	*pkt = sn->out.bytes;
	*ts_ns = sn->sc->start_ns + sn->out.at;
	return sn->out.len;
}

static void
sim_wait(void *ctx, int64_t deadline)
{
	struct simnet *sn = ctx;

	if (sn->n > 0 && sn->heap[0].at < deadline)
		deadline = sn->heap[0].at;
	sim_sleep_until(sn, deadline);
}

static const struct packet_source_ops sim_source_ops = {
	.name = "simulated",
	.next = sim_next,
	.wait = sim_wait,
};

void
simnet_resume(struct simnet *sn, int64_t real_ns)
{
	if (real_ns - sn->sc->start_ns > sn->now)
		sn->now = real_ns - sn->sc->start_ns;
	sim_model_redraw(sn->model, real_ns);
}

struct simnet *
simnet_new(const struct scenario *sc)
{
	struct simnet *sn = xcalloc(1, sizeof(*sn));

	sn->sc = sc;
	sn->model = sim_model_new(sc);
	sn->clock.ops = &sim_clock_ops;
	sn->clock.ctx = sn;
	return sn;
}

const struct clock *
simnet_clock(struct simnet *sn)
{
	return &sn->clock;
}

void
simnet_sender(struct simnet *sn, struct sender *s)
{
	s->ops = &sim_sender_ops;
	s->ctx = sn;
}

struct receiver *
simnet_receiver(struct simnet *sn)
{
	return receiver_open_source(&sim_source_ops, sn);
}

size_t
simnet_pending(const struct simnet *sn)
{
	return sn->n;
}

void
simnet_free(struct simnet *sn)
{
	if (sn == NULL)
		return;
	sim_model_free(sn->model);
	free(sn->heap);
	free(sn);
}
