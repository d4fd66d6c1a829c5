/*
 * targets_cmd.c - `blackout targets`: options, the source files read in
 * turn, and the targets file written to stdout (targets_cmd.h).
 *
 * Invariant: nothing reaches stdout before every file has been read and
 * every code asked for has space, so a refused input leaves stdout empty
 * and a shell redirect never keeps half a targets file.
 */
#define _GNU_SOURCE
#include "blackout/sources/targets_cmd.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blackout/sources/sources.h"

enum source_kind { SRC_NONE, SRC_DELEGATED, SRC_PFX2AS };

struct targets_opts {
	enum source_kind kind;
	const char **files;
	size_t n_files;
	struct source_set set;
};

enum {
	OPT_DELEGATED = 256,
	OPT_PFX2AS,
	OPT_COUNTRY,
	OPT_ASN,
};

static const struct option long_options[] = {
	{ "delegated", required_argument, NULL, OPT_DELEGATED },
	{ "pfx2as", required_argument, NULL, OPT_PFX2AS },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "asn", required_argument, NULL, OPT_ASN },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void
targets_usage(FILE *f)
{
	fputs("usage: blackout targets --delegated FILE --country CC[,CC...]\n"
	      "       blackout targets --pfx2as FILE --asn N[,N...]\n"
	      "\n"
	      "      --delegated FILE  an RIR delegated-statistics file "
	      "(- for stdin)\n"
	      "      --country CC      one target per country code asked "
	      "for\n"
	      "      --pfx2as FILE     a CAIDA RouteViews prefix-to-AS file "
	      "(- for stdin)\n"
	      "      --asn N           one target per AS number asked for\n"
	      "  -h, --help            this text\n"
	      "\n"
	      "Writes a targets file to stdout. See blackout-targets(8).\n",
	      f);
}

/* Sets the kind of source from an option; the two kinds do not mix. */
static int
set_kind(struct targets_opts *o, enum source_kind k, const char *opt,
	 struct bo_error *err)
{
	if (o->kind != SRC_NONE && o->kind != k) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: --delegated and --country do not mix with "
			  "--pfx2as and --asn; run blackout targets once for "
			  "each",
			  opt);
		return -1;
	}
	o->kind = k;
	return 0;
}

static int
take_option(struct targets_opts *o, int c, struct bo_error *err)
{
	switch (c) {
	case OPT_DELEGATED:
	case OPT_PFX2AS:
		if (set_kind(o, c == OPT_DELEGATED ? SRC_DELEGATED : SRC_PFX2AS,
			     c == OPT_DELEGATED ? "--delegated" : "--pfx2as",
			     err) < 0)
			return -1;
		o->files = xrealloc(o->files, o->n_files + 1,
				    sizeof(*o->files));
		o->files[o->n_files++] = optarg;
		return 0;
	case OPT_COUNTRY:
		if (set_kind(o, SRC_DELEGATED, "--country", err) < 0)
			return -1;
		return source_set_countries(&o->set, optarg, "--country", err);
	case OPT_ASN:
		if (set_kind(o, SRC_PFX2AS, "--asn", err) < 0)
			return -1;
		return source_set_asns(&o->set, optarg, "--asn", err);
	default:
		error_set(err, BO_EXIT_USAGE, "unknown option; see --help");
		return -1;
	}
}

/* Returns 1 for --help, 0 to run, -1 with err. */
static int
parse_args(int argc, char **argv, struct targets_opts *o, struct bo_error *err)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		if (c == 'h')
			return 1;
		if (c == ':') {
			error_set(err, BO_EXIT_USAGE,
				  "option '%s' needs a value",
				  argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			error_set(err, BO_EXIT_USAGE,
				  "unknown option '%s'; see --help",
				  argv[optind - 1]);
			return -1;
		}
		if (take_option(o, c, err) < 0)
			return -1;
	}
	if (optind < argc) {
		error_set(err, BO_EXIT_USAGE,
			  "unexpected operand '%s': files go with --delegated "
			  "or --pfx2as",
			  argv[optind]);
		return -1;
	}
	if (o->kind == SRC_NONE || o->n_files == 0 || o->set.n == 0) {
		error_set(
			err, BO_EXIT_USAGE,
			o->kind == SRC_PFX2AS
				? "give --pfx2as FILE and --asn N"
				: "give --delegated FILE and --country CC, or "
				  "--pfx2as FILE and --asn N");
		return -1;
	}
	return 0;
}

static int
read_file(const struct targets_opts *o, const char *path,
	  struct source_set *set, struct bo_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	const char *name = f == stdin ? "stdin" : path;
	int rc;

	if (f == NULL) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		return -1;
	}
	rc = o->kind == SRC_DELEGATED ? delegated_read(f, name, set, err)
				      : pfx2as_read(f, name, set, err);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* One target: its name, its AS, and its prefixes; NULL when it has none. */
static json_t *
target_json(struct source_group *g, bool with_asn)
{
	struct prefix *p;
	size_t n = range_list_prefixes(&g->ranges, &p), i;
	json_t *o, *a;
	char buf[24];

	if (n == 0) {
		free(p);
		return NULL;
	}
	o = json_object();
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a,
				      json_string(prefix_format(&p[i], buf,
								sizeof(buf))));
	json_object_set_new(o, "name", json_string(g->name));
	if (with_asn)
		json_object_set_new(o, "asn", json_integer(g->asn));
	json_object_set_new(o, "prefixes", a);
	free(p);
	return o;
}

/* The targets file, or NULL with err when a code found no space. */
static json_t *
targets_json(struct targets_opts *o, struct bo_error *err)
{
	json_t *root = json_object(), *arr = json_array(), *t;
	char desc[300];
	size_t i;

	snprintf(desc, sizeof(desc), "made by blackout targets from %s%s",
		 o->files[0], o->n_files > 1 ? " and others" : "");
	json_object_set_new(root, "description", json_string(desc));
	for (i = 0; i < o->set.n; i++) {
		t = target_json(&o->set.g[i], o->kind == SRC_PFX2AS);
		if (t == NULL) {
			error_set(err, BO_EXIT_DATAERR,
				  o->kind == SRC_DELEGATED
					  ? "%s: no allocated or assigned IPv4 "
					    "space for %s"
					  : "%s: no prefix originated by %s "
					    "(alone, or first among the ASes "
					    "asked for)",
				  o->files[0], o->set.g[i].name);
			json_decref(arr);
			json_decref(root);
			return NULL;
		}
		json_array_append_new(arr, t);
	}
	json_object_set_new(root, "targets", arr);
	return root;
}

static int
write_targets(json_t *root, struct bo_error *err)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc = -1;

	if (text != NULL &&
	    write_full(STDOUT_FILENO, text, strlen(text)) == 0 &&
	    write_full(STDOUT_FILENO, "\n", 1) == 0)
		rc = 0;
	else
		error_set(err, BO_EXIT_OSERR, "writing the targets file: %s",
			  strerror(errno));
	free(text);
	return rc;
}

static int
run(struct targets_opts *o, struct bo_error *err)
{
	json_t *root;
	size_t i;
	int rc;

	for (i = 0; i < o->n_files; i++)
		if (read_file(o, o->files[i], &o->set, err) < 0)
			return -1;
	root = targets_json(o, err);
	if (root == NULL)
		return -1;
	rc = write_targets(root, err);
	json_decref(root);
	return rc;
}

int
targets_cmd_main(int argc, char **argv)
{
	struct targets_opts o;
	struct bo_error err = { 0, "" };
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_args(argc, argv, &o, &err);
	if (rc == 1) {
		targets_usage(stdout);
		rc = 0;
	} else if (rc == 0) {
		rc = run(&o, &err) < 0 ? -1 : 0;
	}
	if (rc < 0) {
		fprintf(stderr, "blackout: targets: %s\n", err.msg);
		rc = err.status;
	}
	source_set_free(&o.set);
	free(o.files);
	return rc;
}
