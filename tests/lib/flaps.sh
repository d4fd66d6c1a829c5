# flaps.sh - the timing of the outages of tests/scenarios/flapping.json and
# tests/sim/flapwide.json: 8 of 35 minutes every 100 from 06:00 on 5 March
# 2024, the last cut to 20 by the end at 18:00. Sourced; needs jq.
#
#	flap_starts FILE	[outages, the 2nd to 8th starts within a quarter
#				round (165 s)], e.g. [8,true]
#	flap_durations FILE	[outages, every duration within half a round
#				(330 s)]

flap_starts() {
	jq -s '[.[] | select(.type == "event" and .event == "outage-start") |
		.start | fromdateiso8601] | . as $s | [length, ([range(1; 8) |
		($s[.] - ((1709618400 + . * 6000))) | fabs <= 165] | all)]' "$1" |
		jq -c .
}

flap_durations() {
	jq -s '[.[] | select(.type == "event" and .event == "outage-end") |
		.duration_s] | [length, ([.[:7][] | . - 2100] + [.[7] - 1200] |
		map(fabs <= 330) | all)]' "$1" | jq -c .
}
