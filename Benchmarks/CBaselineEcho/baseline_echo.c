#include "baseline_echo.h"

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failed(amqp_rpc_reply_t reply, const char *what, char *error) {
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return 0;
    snprintf(error, 256, "%s failed (reply type %d, library error %d)", what, reply.reply_type, reply.library_error);
    return 1;
}

static amqp_connection_state_t open_connection(const char *host, int port, char *error) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (!socket || amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) {
        snprintf(error, 256, "cannot open socket to %s:%d", host, port);
        amqp_destroy_connection(conn);
        return NULL;
    }
    if (failed(amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest"), "login", error)) {
        amqp_destroy_connection(conn);
        return NULL;
    }
    amqp_channel_open(conn, 1);
    if (failed(amqp_get_rpc_reply(conn), "channel.open", error)) {
        amqp_destroy_connection(conn);
        return NULL;
    }
    return conn;
}

static void close_connection(amqp_connection_state_t conn) {
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int baseline_echo_server(const char *host, int port, const char *queue, int prefetch, volatile int *stop, char *error) {
    amqp_connection_state_t conn = open_connection(host, port, error);
    if (!conn) return -1;
    amqp_queue_declare(conn, 1, amqp_cstring_bytes(queue), 0, 1, 0, 0, amqp_empty_table);
    if (failed(amqp_get_rpc_reply(conn), "queue.declare", error)) goto fail;
    amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
    if (failed(amqp_get_rpc_reply(conn), "basic.qos", error)) goto fail;
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    if (failed(amqp_get_rpc_reply(conn), "basic.consume", error)) goto fail;

    while (!*stop) {
        amqp_envelope_t envelope;
        struct timeval timeout = {0, 100000};
        amqp_maybe_release_buffers(conn);
        amqp_rpc_reply_t reply = amqp_consume_message(conn, &envelope, &timeout, 0);
        if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) continue;
        if (failed(reply, "consume", error)) goto fail;
        amqp_basic_properties_t props;
        props._flags = AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
        props.correlation_id = envelope.message.properties.correlation_id;
        props.content_type = amqp_cstring_bytes("application/x-protobuf");
        amqp_basic_publish(conn, 1, amqp_empty_bytes, envelope.message.properties.reply_to, 0, 0, &props, envelope.message.body);
        amqp_basic_ack(conn, 1, envelope.delivery_tag, 0);
        amqp_destroy_envelope(&envelope);
    }
    close_connection(conn);
    return 0;
fail:
    amqp_destroy_connection(conn);
    return -1;
}

int baseline_echo_client(const char *host, int port, const char *queue, int calls, int payload_size, long long *latencies,
                         char *error) {
    amqp_connection_state_t conn = open_connection(host, port, error);
    if (!conn) return -1;
    amqp_basic_consume(conn, 1, amqp_cstring_bytes("amq.rabbitmq.reply-to"), amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
    if (failed(amqp_get_rpc_reply(conn), "basic.consume reply-to", error)) goto fail;

    char *payload = calloc((size_t)payload_size + 1, 1);
    memset(payload, 'x', (size_t)payload_size);
    amqp_bytes_t body = {(size_t)payload_size, payload};
    char correlation[32];
    for (int i = 0; i < calls; i++) {
        snprintf(correlation, sizeof correlation, "%d", i);
        amqp_basic_properties_t props;
        props._flags = AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_REPLY_TO_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
        props.correlation_id = amqp_cstring_bytes(correlation);
        props.reply_to = amqp_cstring_bytes("amq.rabbitmq.reply-to");
        props.content_type = amqp_cstring_bytes("application/x-protobuf");
        long long start = now_ns();
        if (amqp_basic_publish(conn, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, &props, body) != AMQP_STATUS_OK) {
            snprintf(error, 256, "publish failed");
            free(payload);
            goto fail;
        }
        for (;;) {
            amqp_envelope_t envelope;
            amqp_maybe_release_buffers(conn);
            struct timeval timeout = {10, 0};
            amqp_rpc_reply_t reply = amqp_consume_message(conn, &envelope, &timeout, 0);
            if (failed(reply, "consume reply", error)) {
                free(payload);
                goto fail;
            }
            int match = envelope.message.properties.correlation_id.len == strlen(correlation) &&
                        memcmp(envelope.message.properties.correlation_id.bytes, correlation, strlen(correlation)) == 0;
            amqp_destroy_envelope(&envelope);
            if (match) break;
        }
        latencies[i] = now_ns() - start;
    }
    free(payload);
    close_connection(conn);
    return 0;
fail:
    amqp_destroy_connection(conn);
    return -1;
}
