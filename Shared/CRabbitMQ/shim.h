#ifndef METROLOGY_CRABBITMQ_SHIM_H
#define METROLOGY_CRABBITMQ_SHIM_H

// librabbitmq 0.11 (Debian librabbitmq-dev).
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <string.h>

// amqp_login is variadic, which Swift cannot call; this wrapper fixes the SASL method to PLAIN.
static inline amqp_rpc_reply_t metrology_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                          int channel_max, int frame_max, int heartbeat,
                                                          const amqp_table_t *properties,
                                                          const char *user, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

// Helpers so Swift does not have to spell out casts of the decoded method structs.
static inline amqp_basic_deliver_t *metrology_as_deliver(void *decoded) { return (amqp_basic_deliver_t *)decoded; }
static inline amqp_basic_ack_t *metrology_as_ack(void *decoded) { return (amqp_basic_ack_t *)decoded; }
static inline amqp_basic_nack_t *metrology_as_nack(void *decoded) { return (amqp_basic_nack_t *)decoded; }
static inline amqp_basic_return_t *metrology_as_return(void *decoded) { return (amqp_basic_return_t *)decoded; }
static inline amqp_channel_close_t *metrology_as_channel_close(void *decoded) { return (amqp_channel_close_t *)decoded; }
static inline amqp_connection_close_t *metrology_as_connection_close(void *decoded) { return (amqp_connection_close_t *)decoded; }
static inline amqp_basic_properties_t *metrology_as_properties(void *decoded) { return (amqp_basic_properties_t *)decoded; }

// Method ids and flags as plain constants: the library's macros contain casts that Swift does not import.
static const uint32_t METROLOGY_BASIC_DELIVER = 0x003C003C;
static const uint32_t METROLOGY_BASIC_ACK = 0x003C0050;
static const uint32_t METROLOGY_BASIC_NACK = 0x003C0078;
static const uint32_t METROLOGY_BASIC_RETURN = 0x003C0032;
static const uint32_t METROLOGY_BASIC_CANCEL = 0x003C001E;
static const uint32_t METROLOGY_CHANNEL_CLOSE = 0x00140028;
static const uint32_t METROLOGY_CONNECTION_CLOSE = 0x000A0032;
static const uint32_t METROLOGY_CONNECTION_BLOCKED = 0x000A003C;
static const uint32_t METROLOGY_CONNECTION_UNBLOCKED = 0x000A003D;
static const uint8_t METROLOGY_FRAME_METHOD = 1;
static const uint8_t METROLOGY_FRAME_HEADER = 2;
static const uint8_t METROLOGY_FRAME_BODY = 3;
static const uint16_t METROLOGY_FLAG_CONTENT_TYPE = (1 << 15);
static const uint16_t METROLOGY_FLAG_HEADERS = (1 << 13);
static const uint16_t METROLOGY_FLAG_DELIVERY_MODE = (1 << 12);
static const uint16_t METROLOGY_FLAG_CORRELATION_ID = (1 << 10);
static const uint16_t METROLOGY_FLAG_REPLY_TO = (1 << 9);
static const uint16_t METROLOGY_FLAG_EXPIRATION = (1 << 8);
static const uint16_t METROLOGY_FLAG_MESSAGE_ID = (1 << 7);
static const uint16_t METROLOGY_FLAG_TIMESTAMP = (1 << 6);
static const uint16_t METROLOGY_FLAG_TYPE = (1 << 5);
static const uint16_t METROLOGY_FLAG_APP_ID = (1 << 3);

// Sends connection.close-ok / channel.close-ok after the broker closed us, as the protocol asks.
static inline int metrology_send_connection_close_ok(amqp_connection_state_t state) {
    amqp_connection_close_ok_t ok;
    return amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
}

// --- One send(2) per publish ------------------------------------------------------------------------------------
// librabbitmq's amqp_basic_publish sends the method, the content header and each body frame with a send(2) of its
// own, and amqp_basic_ack one more. These encode the same frames (with librabbitmq's own method and property
// encoders) into one buffer, so a publish, or a reply with its ack, leaves in a single system call and TCP segment.

static inline void metrology_put16(uint8_t *at, uint16_t value) { at[0] = (uint8_t)(value >> 8); at[1] = (uint8_t)value; }
static inline void metrology_put32(uint8_t *at, uint32_t value) {
    metrology_put16(at, (uint16_t)(value >> 16));
    metrology_put16(at + 2, (uint16_t)value);
}
static inline void metrology_put64(uint8_t *at, uint64_t value) {
    metrology_put32(at, (uint32_t)(value >> 32));
    metrology_put32(at + 4, (uint32_t)value);
}

// A frame is: type (1), channel (2), payload size (4), payload, 0xCE.
static inline void metrology_frame_envelope(uint8_t *frame, uint8_t type, amqp_channel_t channel, size_t payload) {
    frame[0] = type;
    metrology_put16(frame + 1, channel);
    metrology_put32(frame + 3, (uint32_t)payload);
    frame[7 + payload] = AMQP_FRAME_END;
}

// Appends a method frame at out[*offset]; returns 0 or a negative amqp_status_enum.
static inline int metrology_encode_method_frame(uint8_t *out, size_t capacity, size_t *offset, amqp_channel_t channel,
                                                amqp_method_number_t method, void *decoded) {
    if (capacity < *offset + 7 + 4 + 1) return AMQP_STATUS_NO_MEMORY;
    uint8_t *frame = out + *offset;
    metrology_put32(frame + 7, method);
    amqp_bytes_t encoded = {capacity - *offset - 7 - 4 - 1, frame + 7 + 4};
    int written = amqp_encode_method(method, decoded, encoded);
    if (written < 0) return written;
    metrology_frame_envelope(frame, AMQP_FRAME_METHOD, channel, (size_t)written + 4);
    *offset += 7 + (size_t)written + 4 + 1;
    return 0;
}

// basic.publish with its content header and body frames (body split at frame_max), then basic.ack of ack_tag when
// ack_tag is not 0. Returns the number of bytes written to out, or a negative amqp_status_enum (AMQP_STATUS_NO_MEMORY:
// out is too small).
static inline long metrology_encode_publish(uint8_t *out, size_t capacity, amqp_channel_t channel, amqp_bytes_t exchange,
                                            amqp_bytes_t routing_key, amqp_boolean_t mandatory,
                                            amqp_basic_properties_t *properties, amqp_bytes_t body, size_t frame_max,
                                            uint64_t ack_tag) {
    size_t offset = 0;
    amqp_basic_publish_t publish = {0, exchange, routing_key, mandatory, 0};
    int status = metrology_encode_method_frame(out, capacity, &offset, channel, AMQP_BASIC_PUBLISH_METHOD, &publish);
    if (status < 0) return status;

    // Content header: class (2), weight (2), body size (8), properties.
    if (capacity < offset + 7 + 12 + 1) return AMQP_STATUS_NO_MEMORY;
    uint8_t *header = out + offset;
    metrology_put16(header + 7, AMQP_BASIC_CLASS);
    metrology_put16(header + 9, 0);
    metrology_put64(header + 11, (uint64_t)body.len);
    amqp_bytes_t encoded = {capacity - offset - 7 - 12 - 1, header + 7 + 12};
    int written = amqp_encode_properties(AMQP_BASIC_CLASS, properties, encoded);
    if (written < 0) return written;
    metrology_frame_envelope(header, AMQP_FRAME_HEADER, channel, (size_t)written + 12);
    offset += 7 + (size_t)written + 12 + 1;

    size_t chunk_max = frame_max - 8;
    for (size_t sent = 0; sent < body.len;) {
        size_t chunk = body.len - sent < chunk_max ? body.len - sent : chunk_max;
        if (capacity < offset + 7 + chunk + 1) return AMQP_STATUS_NO_MEMORY;
        memcpy(out + offset + 7, (const uint8_t *)body.bytes + sent, chunk);
        metrology_frame_envelope(out + offset, AMQP_FRAME_BODY, channel, chunk);
        offset += 7 + chunk + 1;
        sent += chunk;
    }

    if (ack_tag != 0) {
        amqp_basic_ack_t ack = {ack_tag, 0};
        status = metrology_encode_method_frame(out, capacity, &offset, channel, AMQP_BASIC_ACK_METHOD, &ack);
        if (status < 0) return status;
    }
    return (long)offset;
}

#endif
