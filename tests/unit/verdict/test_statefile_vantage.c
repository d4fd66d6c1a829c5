/*
 * test_statefile_vantage.c - the state file (statefile.c) and the vantage
 * it belongs to: refused under another name, adopted when it names none,
 * and the run totals kept across versions.
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/statefile.h"

#include <jansson.h>
#include <string.h>

#include "testhelp.h"
#include "testplan.h"
#include "teststate.h"

/*
 * A state file belongs to one vantage: loaded under another name it is
 * refused (65, one line naming both); a file that names none (an older
 * version) is adopted; the run totals come back as saved, from a version
 * 2 file as from a version 1 one (migrated: saved again as version 2,
 * they are still there).
 */
static void
test_vantage_and_totals(void)
{
	struct target_set set;
	struct method_list m;
	struct baseline a, b;
	struct bo_error err;
	char *doc, *v1;
	json_t *root;

	TEST("vantage_and_totals");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	ts_fill(&a);
	snprintf(a.vantage, sizeof(a.vantage), "ams1");
	a.totals = (struct run_totals){ 1ULL << 40, 12345, 6, 7 };
	doc = statefile_dump(&a, &m, 0);
	root = json_loads(doc, 0, NULL);
	CHECK_EQ(json_integer_value(json_object_get(root, "version")), 2);
	CHECK_STREQ(json_string_value(json_object_get(root, "vantage")),
		    "ams1");
	json_decref(root);
	baseline_init(&b, &set);
	snprintf(b.vantage, sizeof(b.vantage), "ams1");
	CHECK(ts_load(doc, strlen(doc), &b, &m, &err) == 0);
	CHECK_EQ(b.totals.sent, 1ULL << 40);
	CHECK_EQ(b.totals.replies, 12345);
	CHECK_EQ(b.totals.invalid, 6);
	CHECK_EQ(b.totals.pcap_drops, 7);
	baseline_free(&b);
	/* Version 1 with a vantage and totals: read, and kept when saved as
	 * version 2. */
	v1 = statefile_dump_version(&a, &m, 0, 1);
	baseline_init(&b, &set);
	CHECK(ts_load(v1, strlen(v1), &b, &m, &err) == 0);
	CHECK_STREQ(b.vantage, "ams1");
	CHECK_EQ(b.totals.sent, 1ULL << 40);
	CHECK_EQ(b.totals.pcap_drops, 7);
	free(v1);
	v1 = statefile_dump(&b, &m, 0);
	CHECK_STREQ(v1, doc);
	free(v1);
	baseline_free(&b);
	baseline_init(&b, &set);
	snprintf(b.vantage, sizeof(b.vantage), "fra2");
	CHECK(ts_load(doc, strlen(doc), &b, &m, &err) == -1);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "fuzz.json");
	CHECK_HAS(err.msg, "'ams1'");
	CHECK_HAS(err.msg, "'fra2'");
	CHECK(strchr(err.msg, '\n') == NULL);
	CHECK_EQ(b.last_round, 0); /* nothing of it loaded */
	baseline_free(&b);
	/* An older file: no vantage, no totals. */
	root = json_loads(doc, 0, NULL);
	json_object_del(root, "vantage");
	json_object_del(root, "totals");
	free(doc);
	doc = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	baseline_init(&b, &set);
	snprintf(b.vantage, sizeof(b.vantage), "fra2");
	CHECK(ts_load(doc, strlen(doc), &b, &m, &err) == 0);
	CHECK_STREQ(b.vantage, "fra2");
	CHECK_EQ(b.totals.sent, 0);
	CHECK_EQ(b.last_round, 4242);
	baseline_free(&b);
	free(doc);
	baseline_free(&a);
	target_set_free(&set);
}

int
main(void)
{
	test_vantage_and_totals();
	return test_report("test_statefile_vantage");
}
