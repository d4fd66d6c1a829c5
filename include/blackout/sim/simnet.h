/*
 * simnet.h - the simulated network behind `blackout simulate`: a clock, a
 * sender backend and a receiver source over one network model.
 *
 * The prober sees the same interfaces as in a live run. The sender hands
 * each finished probe (its real bytes) to the model, which says whether
 * the send fails (no route), whether an answer comes and when, and builds
 * that answer as real bytes; the answer waits in a queue, ordered by its
 * arrival time, until the clock reaches it, and the receiver then parses
 * it with reply_parse() like a captured packet. The clock is simulated:
 * it starts at the scenario's start, and every wait (the rate limiter's,
 * the timeout after a wave, the interval between rounds) moves it forward
 * at once, to the next answer or to the deadline. Nothing here opens a
 * socket or a capture, starts a thread or reads the system's time, so a
 * run is the same bytes every time for the same scenario, seed and
 * options.
 */
#ifndef BLACKOUT_SIM_SIMNET_H
#define BLACKOUT_SIM_SIMNET_H

#include <stdint.h>

#include "blackout/clock.h"
#include "blackout/probe/receiver.h"
#include "blackout/probe/sender.h"
#include "blackout/sim/scenario.h"

struct simnet;

/* A network for sc (which must outlive it), its clock at sc->start_ns. */
struct simnet *simnet_new(const struct scenario *sc);

/*
 * Moves the clock forward to real_ns, wall-clock time within the
 * scenario, and draws the network's chances from there afresh
 * (sim_model_redraw()): a run that goes on from a state file's last
 * round, as a cron job's next run would, the same bytes every time.
 */
void simnet_resume(struct simnet *sn, int64_t real_ns);

/* Its clock: monotonic time is nanoseconds since the scenario's start. */
const struct clock *simnet_clock(struct simnet *sn);

/* Fills s with a sender whose probes go into the simulated network. */
void simnet_sender(struct simnet *sn, struct sender *s);

/* A receiver of the network's answers (receiver_free() releases it). */
struct receiver *simnet_receiver(struct simnet *sn);

/* Answers queued, not yet delivered (for tests). */
size_t simnet_pending(const struct simnet *sn);

/* Frees the network; the sender and receiver must be closed first. */
void simnet_free(struct simnet *sn);

#endif /* BLACKOUT_SIM_SIMNET_H */
