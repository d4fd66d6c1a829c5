/*
 * test_receiver.c - the receiver's pcap-file backend, without root: writes
 * small savefiles (Ethernet, with and without a VLAN tag, and raw IPv4)
 * holding replies built by hand, replays them through the capture thread,
 * and checks what the prober would drain (every field, in file order, with
 * the file's timestamps), what was refused and why, and the counters. The
 * live backend shares everything after the read, so this is its parse
 * path too.
 */
#include "blackout/probe/receiver.h"

#include <pcap/pcap.h>

#include "testhelp.h"
#include "testpkt.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define US A(198, 18, 0, 1)
#define HOST A(198, 18, 1, 5)
#define HOST2 A(198, 18, 1, 7)
#define ROUTER A(198, 19, 255, 2)
#define T0 1418000000 /* the first packet's second; one a second after */
#define T0_US 250000

#define FRAME_MAX 256
#define FRAMES_MAX 16
#define ETHERTYPE_ARP 0x0806

/* One record of a savefile: bytes, and how many of them were captured. */
struct frame {
	uint8_t bytes[FRAME_MAX];
	size_t len, caplen;
};

struct capture {
	struct frame f[FRAMES_MAX];
	size_t n;
};

static const char payload[] = "blackout";

/*
 * Appends the IPv4 packet ip[0..len) behind an Ethernet header (with a
 * VLAN tag when vlan is set), or alone for DLT_RAW. Returns the frame.
 */
static struct frame *
add(struct capture *c, int linktype, int vlan, const uint8_t *ip, size_t len)
{
	struct frame *f = &c->f[c->n++];
	size_t off = 0;

	memset(f, 0, sizeof(*f));
	if (linktype == DLT_EN10MB) {
		memcpy(f->bytes, "\x02\x00\x00\x00\x00\x01", 6); /* to us */
		memcpy(f->bytes + 6, "\x02\x00\x00\x00\x00\x02", 6);
		off = 12;
		if (vlan) {
			tp_put16(f->bytes + off, 0x8100);
			tp_put16(f->bytes + off + 2, 42);
			off += 4;
		}
		tp_put16(f->bytes + off, 0x0800);
		off += 2;
	}
	memcpy(f->bytes + off, ip, len);
	f->len = f->caplen = off + len;
	return f;
}

/* Writes c to a new temporary savefile of linktype; path >= 64 bytes. */
static int
write_capture(const struct capture *c, int linktype, char *path, size_t n)
{
	pcap_t *dead = pcap_open_dead(linktype, 65535);
	pcap_dumper_t *d;
	size_t i;

	if (dead == NULL || th_tempfile("", path, n) < 0)
		return -1;
	d = pcap_dump_open(dead, path);
	if (d == NULL) {
		pcap_close(dead);
		return -1;
	}
	for (i = 0; i < c->n; i++) {
		struct pcap_pkthdr h = {
			.ts = { .tv_sec = T0 + (time_t)i, .tv_usec = T0_US },
			.caplen = (bpf_u_int32)c->f[i].caplen,
			.len = (bpf_u_int32)c->f[i].len,
		};

		pcap_dump((u_char *)d, &h, c->f[i].bytes);
	}
	pcap_dump_close(d);
	pcap_close(dead);
	return 0;
}

/* The timestamp of the i-th record, as a reply carries it. */
static int64_t
ts_of(size_t i)
{
	return (int64_t)(T0 + i) * 1000000000 + (int64_t)T0_US * 1000;
}

/*
 * Opens path, starts the thread and drains it to the end of the file (5 s
 * at most), two replies at a time, as the prober would: drain, and wait
 * when nothing is there. Returns how many replies; fills st.
 */
static size_t
replay(const char *path, struct reply *out, size_t max,
       struct receiver_stats *st)
{
	int64_t deadline = clock_mono_ns() + 5000000000LL;
	struct bo_error err = { 0 };
	struct receiver *r = receiver_open_file(path, &clock_system, &err);
	size_t n = 0, k;
	int eof;

	memset(st, 0, sizeof(*st));
	CHECK(r != NULL);
	if (r == NULL || receiver_start(r, &err) < 0) {
		receiver_free(r);
		return 0;
	}
	do {
		/* Everything queued before eof was published is there now. */
		receiver_stats(r, st);
		eof = st->eof;
		while ((k = receiver_drain(r, out + n,
					   max - n < 2 ? max - n : 2)) > 0)
			n += k;
		if (!eof)
			receiver_wait(r, deadline);
	} while (!eof && clock_mono_ns() < deadline);
	CHECK(eof);
	/* At the end of its file, a receiver no longer makes anyone wait. */
	deadline = clock_mono_ns();
	receiver_wait(r, deadline + 10000000000LL);
	CHECK(clock_mono_ns() - deadline < 1000000000LL);
	CHECK_EQ(receiver_drain(r, out, max), 0);
	receiver_free(r);
	return n;
}

/*
 * An Ethernet capture: five replies, of every kind (one in a VLAN-tagged
 * frame), then five packets that are not replies, each for a reason.
 */
static void
ethernet_capture(struct capture *c)
{
	uint8_t b[FRAME_MAX], q[FRAME_MAX];
	size_t len;

	/* 0: an echo reply. */
	len = tp_echo(b, 0, HOST, US, 0x1234, 7, payload, sizeof(payload));
	add(c, DLT_EN10MB, 0, b, len);
	/* 1: a SYN-ACK from port 80 to our port 40000, acking seq + 1. */
	len = tp_tcp(b, HOST2, US, 80, 40000, 0x600dcafe, 0xabcdef01 + 1,
		     TP_SYN | TP_ACK);
	add(c, DLT_EN10MB, 0, b, len);
	/* 2: a RST from port 443. */
	len = tp_tcp(b, HOST2, US, 443, 40001, 0, 0x11111111 + 1,
		     TP_RST | TP_ACK);
	add(c, DLT_EN10MB, 0, b, len);
	/* 3: the router's net-unreachable quoting our echo request. */
	tp_echo(q, 8, US, HOST, 0x4321, 9, payload, sizeof(payload));
	len = tp_icmp_error(b, ROUTER, US, 3, 0, q, 28);
	add(c, DLT_EN10MB, 0, b, len);
	/* 4: an echo reply in a VLAN-tagged frame. */
	len = tp_echo(b, 0, HOST2, US, 0x1235, 8, payload, sizeof(payload));
	add(c, DLT_EN10MB, 1, b, len);
	/* 5: an echo reply cut short by the capture: truncated. */
	len = tp_echo(b, 0, HOST, US, 0x1236, 1, payload, sizeof(payload));
	add(c, DLT_EN10MB, 0, b, len)->caplen -= 4;
	/* 6: an echo reply with a byte changed: bad ICMP checksum. */
	len = tp_echo(b, 0, HOST, US, 0x1237, 1, payload, sizeof(payload));
	b[len - 1] ^= 0x20;
	add(c, DLT_EN10MB, 0, b, len);
	/* 7: a SYN-ACK with a bad TCP checksum. */
	len = tp_tcp(b, HOST2, US, 80, 40002, 1, 2, TP_SYN | TP_ACK);
	b[36] ^= 0x01;
	add(c, DLT_EN10MB, 0, b, len);
	/* 8: not IPv4 at all (ARP): malformed. */
	len = tp_echo(b, 0, HOST, US, 1, 1, payload, sizeof(payload));
	tp_put16(add(c, DLT_EN10MB, 0, b, len)->bytes + 12, ETHERTYPE_ARP);
	/* 9: an echo request: well formed, of no interest. */
	len = tp_echo(b, 8, HOST, US, 1, 1, payload, sizeof(payload));
	add(c, DLT_EN10MB, 0, b, len);
}

/* Ethernet, a VLAN tag, every kind of reply and every kind of refusal. */
static void
test_ethernet(void)
{
	struct capture c = { .n = 0 };
	struct receiver_stats st;
	struct reply got[FRAMES_MAX];
	char path[256];
	size_t n;

	TEST("ethernet");
	ethernet_capture(&c);
	CHECK(write_capture(&c, DLT_EN10MB, path, sizeof(path)) == 0);
	n = replay(path, got, FRAMES_MAX, &st);
	unlink(path);

	CHECK_EQ(n, 5);
	CHECK_EQ(st.captured, 10);
	CHECK_EQ(st.queued, 5);
	CHECK_EQ(st.rejected, 5);
	CHECK_EQ(st.rejected_truncated, 1);
	CHECK_EQ(st.rejected_checksum, 2);
	CHECK_EQ(st.rejected_malformed, 1);
	CHECK_EQ(st.queue_drops, 0);
	CHECK_EQ(st.pcap_received, 0);
	CHECK_EQ(st.pcap_drops, 0);
	CHECK_EQ(st.eof, 1);
	if (n != 5)
		return;

	CHECK_EQ(got[0].kind, REPLY_ECHO);
	CHECK_EQ(got[0].src, HOST);
	CHECK_EQ(got[0].dst, US);
	CHECK_EQ(got[0].probe_dst, HOST);
	CHECK_EQ(got[0].probe_proto, TP_ICMP);
	CHECK_EQ(got[0].echo_id, 0x1234);
	CHECK_EQ(got[0].echo_seq, 7);
	CHECK_EQ(got[0].ttl, 57);
	CHECK_EQ(got[0].ts_ns, ts_of(0));

	CHECK_EQ(got[1].kind, REPLY_SYNACK);
	CHECK_EQ(got[1].probe_dst, HOST2);
	CHECK_EQ(got[1].probe_proto, TP_TCP);
	CHECK_EQ(got[1].tcp_sport, 40000);
	CHECK_EQ(got[1].tcp_dport, 80);
	CHECK_EQ(got[1].tcp_seq, 0xabcdef01);
	CHECK_EQ(got[1].ts_ns, ts_of(1));

	CHECK_EQ(got[2].kind, REPLY_RST);
	CHECK_EQ(got[2].tcp_sport, 40001);
	CHECK_EQ(got[2].tcp_dport, 443);
	CHECK_EQ(got[2].tcp_seq, 0x11111111);
	CHECK_EQ(got[2].ts_ns, ts_of(2));

	CHECK_EQ(got[3].kind, REPLY_ICMP_ERROR);
	CHECK_EQ(got[3].src, ROUTER);
	CHECK_EQ(got[3].probe_dst, HOST);
	CHECK_EQ(got[3].probe_proto, TP_ICMP);
	CHECK_EQ(got[3].icmp_type, 3);
	CHECK_EQ(got[3].icmp_code, 0);
	CHECK_EQ(got[3].echo_id, 0x4321);
	CHECK_EQ(got[3].echo_seq, 9);
	CHECK_EQ(got[3].ttl, 250);
	CHECK_EQ(got[3].ts_ns, ts_of(3));

	CHECK_EQ(got[4].kind, REPLY_ECHO);
	CHECK_EQ(got[4].src, HOST2);
	CHECK_EQ(got[4].echo_id, 0x1235);
	CHECK_EQ(got[4].ts_ns, ts_of(4));
}

/* Raw IPv4 records (no link header): a reply and a fragment. */
static void
test_raw(void)
{
	struct capture c = { .n = 0 };
	struct receiver_stats st;
	struct reply got[FRAMES_MAX];
	uint8_t b[FRAME_MAX];
	char path[256];
	size_t len, n;

	TEST("raw");
	len = tp_tcp(b, HOST, US, 80, 40000, 5, 0x01020304 + 1,
		     TP_SYN | TP_ACK);
	add(&c, DLT_RAW, 0, b, len);
	/* A fragment (more fragments set) is refused as malformed. */
	len = tp_echo(b, 0, HOST, US, 1, 1, payload, sizeof(payload));
	tp_put16(b + 6, 0x2000);
	tp_fix_ip(b);
	add(&c, DLT_RAW, 0, b, len);

	CHECK(write_capture(&c, DLT_RAW, path, sizeof(path)) == 0);
	n = replay(path, got, FRAMES_MAX, &st);
	unlink(path);
	CHECK_EQ(n, 1);
	CHECK_EQ(st.captured, 2);
	CHECK_EQ(st.queued, 1);
	CHECK_EQ(st.rejected, 1);
	CHECK_EQ(st.rejected_malformed, 1);
	CHECK_EQ(st.eof, 1);
	CHECK_EQ(got[0].kind, REPLY_SYNACK);
	CHECK_EQ(got[0].tcp_seq, 0x01020304);
	CHECK_EQ(got[0].ts_ns, ts_of(0));
}

/* An empty savefile ends at once, with nothing queued. */
static void
test_empty(void)
{
	struct capture c = { .n = 0 };
	struct receiver_stats st;
	struct reply got[1];
	char path[256];

	TEST("empty");
	CHECK(write_capture(&c, DLT_EN10MB, path, sizeof(path)) == 0);
	CHECK_EQ(replay(path, got, 1, &st), 0);
	unlink(path);
	CHECK_EQ(st.captured, 0);
	CHECK_EQ(st.eof, 1);
}

/* What is not a savefile is refused at open, naming the file. */
static void
test_refused(void)
{
	struct bo_error err = { 0 };
	char path[256];

	TEST("refused");
	CHECK(receiver_open_file("/nonexistent/blackout.pcap", &clock_system,
				 &err) == NULL);
	CHECK_EQ(err.status, 66);
	CHECK_HAS(err.msg, "/nonexistent/blackout.pcap");

	CHECK(th_tempfile("not a capture\n", path, sizeof(path)) == 0);
	memset(&err, 0, sizeof(err));
	CHECK(receiver_open_file(path, &clock_system, &err) == NULL);
	CHECK_EQ(err.status, 66);
	CHECK_HAS(err.msg, path);
	unlink(path);
	receiver_free(NULL);
}

int
main(void)
{
	test_ethernet();
	test_raw();
	test_empty();
	test_refused();
	return test_report("test_receiver");
}
