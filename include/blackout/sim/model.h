/*
 * model.h - the simulated network of `blackout simulate`: given a scenario,
 * decides the fate of each probe (lost, unanswered, answered and when) and
 * builds the answer as the real bytes a host or router would send.
 *
 * Invariants: liveness is decided by keyed hashing of (seed, network,
 * address), never stored, so the model's memory does not grow with the
 * address space the scenario covers; every dice roll comes from one PRNG
 * seeded by the scenario's seed, drawn in call order, so the same sequence
 * of calls gives the same answers.
 */
#ifndef BLACKOUT_SIM_MODEL_H
#define BLACKOUT_SIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/sim/scenario.h"

struct sim_model;

/*
 * Memory independent of the address space the scenario covers. The
 * scenario must outlive the model. Never returns NULL.
 */
struct sim_model *sim_model_new(const struct scenario *sc);
void sim_model_free(struct sim_model *m);

/*
 * Draws the model's chances from here on afresh, from the scenario's dice
 * and at_ns: a run that resumes a scenario at at_ns (simnet_resume()).
 */
void sim_model_redraw(struct sim_model *m, int64_t at_ns);

#define SIM_ANSWER_MAX 96

struct sim_answer {
	int64_t at_ns; /* wall-clock time the answer reaches the vantage */
	size_t len;    /* 0: no answer */
	/* a complete IPv4 packet (no link header), valid checksums */
	uint8_t bytes[SIM_ANSWER_MAX];
};

/*
 * The fate of one probe: pkt[0..len) is the IPv4 packet exactly as the
 * sender got it (blackout's ICMP echo request or TCP SYN), sent at
 * wall-clock time now_ns. Returns 0 when the probe left (ans->len is 0 when
 * nothing answers), or an errno when the send fails (ENETUNREACH during a
 * no-route event). Calls must come in nondecreasing now_ns.
 */
int sim_model_probe(struct sim_model *m, int64_t now_ns, const uint8_t *pkt,
		    size_t len, struct sim_answer *ans);

/*
 * Truth helpers for tests and the accuracy benchmark: is addr an ICMP host
 * / a TCP host on port? (ignoring events)
 */
bool sim_model_icmp_host(const struct sim_model *m, uint32_t addr);
bool sim_model_tcp_host(const struct sim_model *m, uint32_t addr,
			uint16_t port);

/*
 * The chance that a live host of n answers one probe at now_ns while no
 * event touches it: its availability times the diurnal factor
 * 1 - amplitude * (1 - cos(2 pi (t - peak) / 24 h)) / 2, t the second of
 * the UTC day.
 */
double sim_model_availability(const struct sim_network *n, int64_t now_ns);

#endif /* BLACKOUT_SIM_MODEL_H */
