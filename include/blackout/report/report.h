/*
 * report.h - `blackout report`: reads the JSON lines blackout wrote and
 * tells, per target, what happened over a window of time: a one-line
 * timeline, the outages with their scope and duration, availability and
 * instability, as text, as JSON (--json) or as an SVG drawing (--svg).
 * blackout-report(8) is its contract.
 *
 * It needs no privilege and sends nothing. main.c hands it the command
 * line when argv[1] is "report"; it returns the exit status and leaves the
 * exiting to main.c.
 */
#ifndef BLACKOUT_REPORT_H
#define BLACKOUT_REPORT_H

/*
 * Runs the report command. argv[0] is "report"; the options and LOG
 * operands follow. Prints the report on stdout and messages on stderr.
 * Returns the exit status: 0, 64 (usage), 65 (no valid line at all), 66 (a
 * LOG that cannot be read), 71 or 73 (the --svg file cannot be written or
 * created).
 */
int report_main(int argc, char **argv);

#endif /* BLACKOUT_REPORT_H */
