#ifndef METROLOGY_CRABBITMQ_SHIM_H
#define METROLOGY_CRABBITMQ_SHIM_H

// librabbitmq 0.11 (Debian librabbitmq-dev).
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>

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

// Random bytes from the kernel, many per call; Swift's Glibc module does not export getrandom(2). Used for message
// ids and trace ids next to the messaging code that needs them.
static inline long metrology_getrandom(void *buffer, unsigned long length) {
    return (long)getrandom(buffer, length, 0);
}

#endif
