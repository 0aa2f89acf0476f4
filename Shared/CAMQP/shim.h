// The C surface of librabbitmq (rabbitmq-c) that Shared/Messaging uses. Nothing else imports it.
#ifndef RBN_CAMQP_SHIM_H
#define RBN_CAMQP_SHIM_H

#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/framing.h>
#include <rabbitmq-c/tcp_socket.h>
#include <rabbitmq-c/ssl_socket.h>
#else
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#endif

// amqp_login and amqp_login_with_properties are variadic, which Swift cannot call. These wrappers
// fix the SASL method to PLAIN with a user name and password.
static inline amqp_rpc_reply_t rbn_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                                    int channel_max, int frame_max, int heartbeat,
                                                    const amqp_table_t *properties, const char *user,
                                                    const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

// SASL EXTERNAL: the identity comes from the TLS client certificate.
static inline amqp_rpc_reply_t rbn_amqp_login_external(amqp_connection_state_t state, const char *vhost,
                                                       int channel_max, int frame_max, int heartbeat,
                                                       const amqp_table_t *properties, const char *identity) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat, properties,
                                      AMQP_SASL_METHOD_EXTERNAL, identity);
}

#endif
