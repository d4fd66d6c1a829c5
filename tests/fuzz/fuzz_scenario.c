/*
 * fuzz_scenario.c - libFuzzer target for the scenario file of blackout
 * simulate.
 *
 * Every input goes through scenario_load_buffer(). Beyond the sanitizers
 * it checks that every refusal is one printable line with status 65, that
 * whatever loads keeps the invariants scenario.h promises, and that a
 * model over it answers a few truth questions without growing.
 */
#include <stdbool.h>
#include <stdint.h>

#include "blackout/sim/model.h"
#include "fuzzhelp.h"

static bool
share(double x)
{
	return x >= 0 && x <= 1;
}

static void
check_network(const struct sim_network *n)
{
	size_t i;

	FUZZ_ASSERT(n->pfx.len <= 32, "a prefix longer than /32");
	FUZZ_ASSERT(!n->has_hosts || n->hosts <= prefix_size(&n->pfx),
		    "more hosts than addresses");
	FUZZ_ASSERT(n->has_hosts || share(n->density), "a bad density");
	FUZZ_ASSERT(share(n->availability) && share(n->amplitude),
		    "a bad availability or amplitude");
	FUZZ_ASSERT(n->rtt_min_ms >= 0 && n->rtt_min_ms <= n->rtt_max_ms,
		    "a bad rtt range");
	FUZZ_ASSERT(n->n_tcp <= SIM_PORTS_MAX, "too many ports");
	for (i = 0; i < n->n_tcp; i++)
		FUZZ_ASSERT(n->tcp[i].port != 0 &&
				    (n->tcp[i].density
					     ? share(n->tcp[i].value)
					     : n->tcp[i].value <=
						       (double)prefix_size(
							       &n->pfx)),
			    "a bad port");
}

static void
check_invariants(const struct scenario *sc)
{
	size_t i, j;

	FUZZ_ASSERT(!sc->has_end || sc->end_ns > sc->start_ns,
		    "an end before the start");
	for (i = 0; i < sc->n_net; i++) {
		check_network(&sc->net[i]);
		for (j = 0; j < i && j < 64; j++)
			FUZZ_ASSERT(!prefix_overlaps(&sc->net[i].pfx,
						     &sc->net[j].pfx),
				    "overlapping networks");
	}
	for (i = 0; i < sc->n_ev; i++) {
		const struct sim_event *e = &sc->ev[i];

		FUZZ_ASSERT(e->start_ns < e->end_ns, "an empty event");
		FUZZ_ASSERT(share(e->fraction) && share(e->duty) &&
				    share(e->rate),
			    "a bad share in an event");
		FUZZ_ASSERT(e->kind != SIM_FLAP || e->period_s > 0,
			    "a flap without a period");
		FUZZ_ASSERT(e->kind != SIM_RATELIMIT || e->pps > 0,
			    "a ratelimit without a rate");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bo_error err = { 0, "" };
	struct scenario sc;
	struct sim_model *m;
	size_t i;

	if (scenario_load_buffer(&sc, (const char *)data, size, "fuzz.json",
				 &err) < 0) {
		fuzz_check_error(&err, BO_EXIT_DATAERR, BO_EXIT_DATAERR);
		scenario_free(&sc);
		return 0;
	}
	check_invariants(&sc);
	m = sim_model_new(&sc);
	for (i = 0; i < sc.n_net && i < 16; i++) {
		sim_model_icmp_host(m, sc.net[i].pfx.base);
		sim_model_icmp_host(m, prefix_last(&sc.net[i].pfx));
		if (sc.net[i].n_tcp > 0)
			sim_model_tcp_host(m, sc.net[i].pfx.base,
					   sc.net[i].tcp[0].port);
	}
	sim_model_free(m);
	scenario_free(&sc);
	return 0;
}
