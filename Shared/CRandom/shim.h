#ifndef METROLOGY_CRANDOM_SHIM_H
#define METROLOGY_CRANDOM_SHIM_H

// Random bytes from the kernel, many per call; Swift's Glibc module does not export getrandom(2). Used for message
// ids and trace ids (RPCCore's RandomBytes). Its own module, not CRabbitMQ's shim, so that RPCCore and everything
// that only needs RPC errors and trace contexts (Auth, Persistence) does not link librabbitmq.
#include <sys/random.h>

static inline long metrology_getrandom(void *buffer, unsigned long length) {
    return (long)getrandom(buffer, length, 0);
}

#endif
