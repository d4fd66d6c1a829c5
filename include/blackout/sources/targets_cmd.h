/*
 * targets_cmd.h - `blackout targets`: standard address sources (RIR
 * delegated statistics, CAIDA pfx2as) become a targets file on stdout,
 * one target per country code or AS number asked for.
 * blackout-targets(8) is its contract.
 *
 * It needs no privilege and sends nothing. main.c hands it the command
 * line when argv[1] is "targets"; it returns the exit status and leaves
 * the exiting to main.c.
 */
#ifndef BLACKOUT_SOURCES_TARGETS_CMD_H
#define BLACKOUT_SOURCES_TARGETS_CMD_H

/*
 * Runs the command. argv[0] is "targets". Prints the targets file on
 * stdout and messages on stderr. Returns the exit status: 0, 64 (usage),
 * 65 (a bad line, or nothing found for a code), 66 (a file that cannot be
 * read), 71 (stdout cannot be written).
 */
int targets_cmd_main(int argc, char **argv);

#endif /* BLACKOUT_SOURCES_TARGETS_CMD_H */
