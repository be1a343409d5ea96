#ifndef METROLOGY_BASELINE_ECHO_H
#define METROLOGY_BASELINE_ECHO_H

// The benchmark's baseline: request/reply over RabbitMQ written directly against librabbitmq, with no framework,
// the way its own examples do it. The Swift framework's numbers are reported as ratios against these.

#ifdef __cplusplus
extern "C" {
#endif

// Serves `queue` until *stop becomes non-zero: each request is answered with its own body on its reply_to, then
// acknowledged. Returns 0, or -1 when the connection or a broker call failed (message in error, 256 bytes).
int baseline_echo_server(const char *host, int port, const char *queue, int prefetch, volatile int *stop, char *error);

// Makes `calls` request/reply round trips over direct reply-to, one at a time, and stores each one's latency in
// nanoseconds in latencies[0..calls). Each reply wait gives up after 10 s. Returns 0 or -1 (message in error).
int baseline_echo_client(const char *host, int port, const char *queue, int calls, int payload_size, long long *latencies,
                         char *error);

#ifdef __cplusplus
}
#endif

#endif
