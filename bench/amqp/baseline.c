/*
 * C baseline for the AMQP benchmark: librabbitmq used directly, no Swift.
 *
 * One thread publishes COUNT persistent messages of SIZE bytes to QUEUE (via the default exchange)
 * with publisher confirms, keeping up to WINDOW unconfirmed; another thread consumes them with
 * manual acknowledgements (prefetch PREFETCH, a multiple-ack every ACK_EVERY deliveries). Prints
 * one line: "baseline messages=N seconds=S publish_seconds=P".
 *
 *   baseline HOST PORT QUEUE COUNT SIZE WINDOW PREFETCH ACK_EVERY
 */
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *host, *queue;
static int port, count, size, window, prefetch, ack_every;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die_on(amqp_rpc_reply_t r, const char *what) {
    if (r.reply_type != AMQP_RESPONSE_NORMAL) {
        fprintf(stderr, "baseline: %s failed (reply type %d, library error %s)\n", what, r.reply_type,
                amqp_error_string2(r.library_error));
        exit(1);
    }
}

static amqp_connection_state_t open_connection(void) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(conn);
    if (!socket || amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) {
        fprintf(stderr, "baseline: cannot connect to %s:%d\n", host, port);
        exit(1);
    }
    die_on(amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest"), "login");
    amqp_channel_open(conn, 1);
    die_on(amqp_get_rpc_reply(conn), "channel.open");
    return conn;
}

static void *consume(void *done_at) {
    amqp_connection_state_t conn = open_connection();
    amqp_basic_qos(conn, 1, 0, (uint16_t)prefetch, 0);
    die_on(amqp_get_rpc_reply(conn), "basic.qos");
    amqp_basic_consume(conn, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    die_on(amqp_get_rpc_reply(conn), "basic.consume");
    for (int received = 0; received < count;) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(conn);
        die_on(amqp_consume_message(conn, &envelope, NULL, 0), "consume");
        received++;
        if (received % ack_every == 0 || received == count) {
            amqp_basic_ack(conn, 1, envelope.delivery_tag, 1);
        }
        amqp_destroy_envelope(&envelope);
    }
    *(double *)done_at = now();
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    return NULL;
}

/* Reads one frame (waiting when block is set) and counts the confirms it carries. */
static int read_confirms(amqp_connection_state_t conn, unsigned char *confirmed, int *confirmed_count,
                         uint64_t *lowest, int block) {
    amqp_frame_t frame;
    struct timeval zero = {0, 0};
    int status = block ? amqp_simple_wait_frame(conn, &frame) : amqp_simple_wait_frame_noblock(conn, &frame, &zero);
    if (status == AMQP_STATUS_TIMEOUT) return 0;
    if (status != AMQP_STATUS_OK) {
        fprintf(stderr, "baseline: read failed: %s\n", amqp_error_string2(status));
        exit(1);
    }
    if (frame.frame_type != AMQP_FRAME_METHOD) return 1;
    if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
        fprintf(stderr, "baseline: the broker nacked a message\n");
        exit(1);
    }
    if (frame.payload.method.id != AMQP_BASIC_ACK_METHOD) return 1;
    amqp_basic_ack_t *ack = frame.payload.method.decoded;
    uint64_t from = ack->multiple ? *lowest : ack->delivery_tag;
    for (uint64_t t = from; t <= ack->delivery_tag; t++) {
        if (!confirmed[t]) { confirmed[t] = 1; (*confirmed_count)++; }
    }
    while (*lowest <= (uint64_t)count && confirmed[*lowest]) (*lowest)++;
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: baseline HOST PORT QUEUE COUNT SIZE WINDOW PREFETCH ACK_EVERY\n");
        return 2;
    }
    host = argv[1]; port = atoi(argv[2]); queue = argv[3]; count = atoi(argv[4]); size = atoi(argv[5]);
    window = atoi(argv[6]); prefetch = atoi(argv[7]); ack_every = atoi(argv[8]);

    amqp_connection_state_t conn = open_connection();
    amqp_confirm_select(conn, 1);
    die_on(amqp_get_rpc_reply(conn), "confirm.select");

    char *body = malloc(size);
    memset(body, 'x', size);
    unsigned char *confirmed = calloc(count + 2, 1);
    int confirmed_count = 0;
    uint64_t lowest = 1;

    double consumer_done = 0;
    pthread_t consumer;
    double start = now();
    pthread_create(&consumer, NULL, consume, &consumer_done);

    amqp_basic_properties_t props;
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.delivery_mode = 2;
    props.content_type = amqp_cstring_bytes("application/octet-stream");
    amqp_bytes_t payload = {.len = (size_t)size, .bytes = body};
    for (int sent = 0; sent < count; sent++) {
        while (sent - confirmed_count >= window) read_confirms(conn, confirmed, &confirmed_count, &lowest, 1);
        int status = amqp_basic_publish(conn, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 1, 0, &props, payload);
        if (status != AMQP_STATUS_OK) {
            fprintf(stderr, "baseline: publish failed: %s\n", amqp_error_string2(status));
            return 1;
        }
        while (read_confirms(conn, confirmed, &confirmed_count, &lowest, 0)) {}
        amqp_maybe_release_buffers(conn);
    }
    while (confirmed_count < count) read_confirms(conn, confirmed, &confirmed_count, &lowest, 1);
    double published = now();
    pthread_join(consumer, NULL);
    double end = consumer_done > published ? consumer_done : published;
    printf("baseline messages=%d seconds=%.6f publish_seconds=%.6f\n", count, end - start, published - start);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
    free(body);
    free(confirmed);
    return 0;
}
