/* hiredis (Debian's libhiredis-dev), used as a C service does: a small mutex-guarded pool
 * of redisContexts shared by threads, redisAppendCommand pipelines, TTLs, counters,
 * hashes, sorted sets, lists, WATCH/MULTI retries, and a subscriber context.
 * Speaks the check protocol of Tests/clients/README.md.
 *
 * Each reply is rendered as short text (+OK, :5, "abc", nil, [..]) and compared with the
 * expected text, so one line states one check. */
#include <hiredis/hiredis.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define P "c:"
#define POOL_SIZE 4
#define WORKERS 8
#define REPLY_TEXT_MAX 4096

static const char *section_name = "-";
static int failed;
static const char *host;
static int port;

static void check(const char *name, int ok, const char *detail) {
    if (ok) {
        printf("ok %s %s\n", section_name, name);
    } else {
        failed++;
        printf("not ok %s %s: %s\n", section_name, name, detail);
    }
    fflush(stdout);
}

/* Appends the reply's text form to out (at most REPLY_TEXT_MAX bytes in all). */
static void render(const redisReply *r, char *out) {
    size_t used = strlen(out);
    size_t room = REPLY_TEXT_MAX - used;
    if (r == NULL) {
        snprintf(out + used, room, "<no reply>");
        return;
    }
    switch (r->type) {
    case REDIS_REPLY_STATUS: snprintf(out + used, room, "+%s", r->str); break;
    case REDIS_REPLY_ERROR: snprintf(out + used, room, "-%s", r->str); break;
    case REDIS_REPLY_INTEGER: snprintf(out + used, room, ":%lld", r->integer); break;
    case REDIS_REPLY_NIL: snprintf(out + used, room, "nil"); break;
    case REDIS_REPLY_STRING: snprintf(out + used, room, "\"%.*s\"", (int)r->len, r->str); break;
    case REDIS_REPLY_ARRAY:
        snprintf(out + used, room, "[");
        for (size_t i = 0; i < r->elements; i++) {
            if (i > 0) strncat(out, ",", REPLY_TEXT_MAX - strlen(out) - 1);
            render(r->element[i], out);
        }
        strncat(out, "]", REPLY_TEXT_MAX - strlen(out) - 1);
        break;
    default: snprintf(out + used, room, "<type %d>", r->type);
    }
}

/* Checks that a reply renders as `want`, then frees it. */
static void expect(const char *name, redisReply *reply, const char *want) {
    char got[REPLY_TEXT_MAX] = "";
    char detail[2 * REPLY_TEXT_MAX + 32];
    render(reply, got);
    snprintf(detail, sizeof detail, "got %s, want %s", got, want);
    check(name, strcmp(got, want) == 0, detail);
    if (reply) freeReplyObject(reply);
}

/* Runs one command and checks its reply. */
static void run(redisContext *c, const char *name, const char *want, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    redisReply *reply = redisvCommand(c, format, ap);
    va_end(ap);
    if (reply == NULL) {
        check(name, 0, c->errstr);
        return;
    }
    expect(name, reply, want);
}

static long long integer_reply(redisContext *c, const char *format, const char *key) {
    redisReply *r = redisCommand(c, format, key);
    long long v = -1;
    if (r && r->type == REDIS_REPLY_INTEGER) v = r->integer;
    if (r && r->type == REDIS_REPLY_STRING) v = atoll(r->str);
    if (r) freeReplyObject(r);
    return v;
}

static redisContext *connect_one(void) {
    struct timeval timeout = {10, 0};
    redisContext *c = redisConnectWithTimeout(host, port, timeout);
    if (c == NULL || c->err) {
        printf("not ok connection connect: %s\n", c ? c->errstr : "out of memory");
        exit(1);
    }
    redisSetTimeout(c, timeout);
    return c;
}

/* ---- the pool: borrowed and returned under a mutex, waited for on a condition ---- */
static redisContext *pool[POOL_SIZE];
static int pool_free[POOL_SIZE];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_returned = PTHREAD_COND_INITIALIZER;

static int borrow(void) {
    pthread_mutex_lock(&pool_lock);
    for (;;) {
        for (int i = 0; i < POOL_SIZE; i++) {
            if (pool_free[i]) {
                pool_free[i] = 0;
                pthread_mutex_unlock(&pool_lock);
                return i;
            }
        }
        pthread_cond_wait(&pool_returned, &pool_lock);
    }
}

static void give_back(int i) {
    pthread_mutex_lock(&pool_lock);
    pool_free[i] = 1;
    pthread_cond_signal(&pool_returned);
    pthread_mutex_unlock(&pool_lock);
}

static void cleanup_and_strings(redisContext *c) {
    section_name = "connection";
    run(c, "PING", "+PONG", "PING");
    /* Leftovers of an earlier run: SCAN MATCH, then DEL each key. */
    unsigned long long cursor = 0;
    do {
        redisReply *r = redisCommand(c, "SCAN %llu MATCH " P "* COUNT 100", cursor);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
            expect("SCAN", r, "[cursor,[keys]]");
            break;
        }
        cursor = strtoull(r->element[0]->str, NULL, 10);
        for (size_t i = 0; i < r->element[1]->elements; i++)
            freeReplyObject(redisCommand(c, "DEL %b", r->element[1]->element[i]->str,
                                         r->element[1]->element[i]->len));
        freeReplyObject(r);
    } while (cursor != 0);
    run(c, "no keys left under the prefix", "[]", "KEYS " P "*");

    section_name = "strings";
    run(c, "SET EX", "+OK", "SET " P "greeting %s EX 80", "hi there");
    run(c, "GET", "\"hi there\"", "GET " P "greeting");
    long long ttl = integer_reply(c, "TTL %s", P "greeting");
    check("TTL after SET EX", ttl > 75 && ttl <= 80, "out of range");
    run(c, "SET binary value", "+OK", "SET " P "bin %b", "a\0b\r\n", (size_t)5);
    run(c, "STRLEN of a binary value", ":5", "STRLEN " P "bin");
    run(c, "GETRANGE of a binary value", "\"\r\n\"", "GETRANGE " P "bin 3 4");
    run(c, "EXPIRE", ":1", "EXPIRE " P "bin 20");
    ttl = integer_reply(c, "TTL %s", P "bin");
    check("TTL after EXPIRE", ttl > 15 && ttl <= 20, "out of range");
    run(c, "INCR", ":1", "INCR " P "counter");
    run(c, "INCRBY", ":100", "INCRBY " P "counter 99");
    run(c, "SET NX on an existing key", "nil", "SET " P "counter 0 NX");
    run(c, "MGET", "[\"hi there\",\"100\",nil]", "MGET " P "greeting " P "counter " P "none");
}

static void hashes_sorted_sets_lists(redisContext *c) {
    section_name = "hashes";
    run(c, "HSET", ":2", "HSET " P "cfg host %s port %d", "db1", 5432);
    run(c, "HINCRBY", ":5433", "HINCRBY " P "cfg port 1");
    run(c, "HGETALL", "[\"host\",\"db1\",\"port\",\"5433\"]", "HGETALL " P "cfg");
    run(c, "HGET", "\"db1\"", "HGET " P "cfg host");
    run(c, "HEXISTS", ":0", "HEXISTS " P "cfg user");

    section_name = "sorted-sets";
    run(c, "ZADD", ":3", "ZADD " P "lat 1.5 a 0.5 b 2.25 c");
    run(c, "ZRANGE WITHSCORES", "[\"b\",\"0.5\",\"a\",\"1.5\",\"c\",\"2.25\"]", "ZRANGE " P "lat 0 -1 WITHSCORES");
    run(c, "ZINCRBY", "\"3\"", "ZINCRBY " P "lat 2.5 b");
    run(c, "ZRANK", ":2", "ZRANK " P "lat b");
    run(c, "ZRANGEBYSCORE", "[\"a\",\"c\"]", "ZRANGEBYSCORE " P "lat 1 (3");
    run(c, "ZREM", ":1", "ZREM " P "lat a");

    section_name = "lists";
    run(c, "RPUSH", ":3", "RPUSH " P "log e1 e2 e3");
    run(c, "LPUSH", ":4", "LPUSH " P "log e0");
    run(c, "LRANGE", "[\"e0\",\"e1\",\"e2\",\"e3\"]", "LRANGE " P "log 0 -1");
    run(c, "LINDEX", "\"e2\"", "LINDEX " P "log 2");
    run(c, "RPOP", "\"e3\"", "RPOP " P "log");
}

static void pipeline(redisContext *c) {
    section_name = "pipeline";
    enum { N = 100 };
    for (int i = 0; i < N; i++) redisAppendCommand(c, "SET " P "p:%d %d EX 300", i, i);
    for (int i = 0; i < N; i++) redisAppendCommand(c, "GET " P "p:%d", i);
    int sets_ok = 0, gets_ok = 0;
    for (int i = 0; i < 2 * N; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) break;
        char want[32];
        snprintf(want, sizeof want, "%d", i - N);
        if (i < N && r->type == REDIS_REPLY_STATUS && strcmp(r->str, "OK") == 0) sets_ok++;
        if (i >= N && r->type == REDIS_REPLY_STRING && strcmp(r->str, want) == 0) gets_ok++;
        freeReplyObject(r);
    }
    check("100 SET EX replies", sets_ok == N, "some replies were not +OK");
    check("100 GET replies in order", gets_ok == N, "some replies were wrong or out of order");
}

static void *pool_worker(void *arg) {
    for (int i = 0; i < 25; i++) {
        int slot = borrow();
        redisReply *r = redisCommand(pool[slot], "INCR " P "hits");
        if (r) freeReplyObject(r);
        give_back(slot);
    }
    int slot = borrow();
    freeReplyObject(redisCommand(pool[slot], "SET " P "worker:%ld %ld EX 60", (long)arg, (long)arg));
    give_back(slot);
    return NULL;
}

static void pooled_workers(redisContext *c) {
    section_name = "pool";
    pthread_t threads[WORKERS];
    for (long n = 0; n < WORKERS; n++) pthread_create(&threads[n], NULL, pool_worker, (void *)n);
    for (int n = 0; n < WORKERS; n++) pthread_join(threads[n], NULL);
    run(c, "200 INCRs from 8 threads over 4 connections", "\"200\"", "GET " P "hits");
    run(c, "every worker's key", "[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"]",
        "MGET " P "worker:0 " P "worker:1 " P "worker:2 " P "worker:3 " P "worker:4 " P "worker:5 " P
        "worker:6 " P "worker:7");
}

/* What ops code and health checks call: INFO, CLIENT SETNAME, SELECT, CONFIG GET. */
static void server(redisContext *c) {
    section_name = "server";
    redisReply *info = redisCommand(c, "INFO server");
    check("INFO has redis_version", info && info->type == REDIS_REPLY_STRING && strstr(info->str, "\r\nredis_version:"),
          "missing");
    if (info) freeReplyObject(info);
    redisContext *named = connect_one();
    run(named, "SELECT 3", "+OK", "SELECT 3");
    run(named, "CLIENT SETNAME", "+OK", "CLIENT SETNAME matrix-c");
    run(named, "CLIENT GETNAME", "\"matrix-c\"", "CLIENT GETNAME");
    run(named, "SET PX in db 3", "+OK", "SET " P "db3 x PX 100");
    run(c, "db 3 key not in db 0", ":0", "EXISTS " P "db3");
    for (int i = 0; i < 100 && integer_reply(named, "EXISTS %s", P "db3") == 1; i++) usleep(50000);
    run(named, "a PX 100 key expires", "nil", "GET " P "db3");
    redisFree(named);
    run(c, "CONFIG GET maxmemory", "[\"maxmemory\",\"0\"]", "CONFIG GET maxmemory");
}

/* WATCH, read, MULTI, SET, EXEC; a nil EXEC means another client won: try again. */
static int optimistic_increment(redisContext *c) {
    for (int attempt = 1;; attempt++) {
        freeReplyObject(redisCommand(c, "WATCH " P "acct"));
        long long value = integer_reply(c, "GET %s", P "acct");
        freeReplyObject(redisCommand(c, "MULTI"));
        freeReplyObject(redisCommand(c, "SET " P "acct %lld", value + 1));
        redisReply *r = redisCommand(c, "EXEC");
        int done = r && r->type == REDIS_REPLY_ARRAY;
        int error = r == NULL || r->type == REDIS_REPLY_ERROR;
        if (r) freeReplyObject(r);
        if (done) return attempt;
        if (error || attempt > 1000) return -1;
    }
}

static void *txn_worker(void *arg) {
    (void)arg;
    long bad = 0;
    for (int i = 0; i < 5; i++) {
        int slot = borrow();
        if (optimistic_increment(pool[slot]) < 0) bad++;
        give_back(slot);
    }
    return (void *)bad;
}

static void transactions(redisContext *c, redisContext *other) {
    section_name = "transactions";
    run(c, "MULTI", "+OK", "MULTI");
    run(c, "SET queued", "+QUEUED", "SET " P "acct 40");
    run(c, "INCR queued", "+QUEUED", "INCR " P "acct");
    run(c, "EXEC", "[+OK,:41]", "EXEC");
    pthread_t threads[POOL_SIZE];
    for (int n = 0; n < POOL_SIZE; n++) pthread_create(&threads[n], NULL, txn_worker, NULL);
    long bad = 0;
    for (int n = 0; n < POOL_SIZE; n++) {
        void *result;
        pthread_join(threads[n], &result);
        bad += (long)result;
    }
    check("no increment failed", bad == 0, "an EXEC failed or never succeeded");
    run(c, "20 WATCH increments from 4 threads", "\"61\"", "GET " P "acct");
    run(c, "WATCH", "+OK", "WATCH " P "acct");
    run(other, "conflicting SET", "+OK", "SET " P "acct 0");
    run(c, "MULTI after WATCH", "+OK", "MULTI");
    run(c, "INCR queued", "+QUEUED", "INCR " P "acct");
    run(c, "EXEC after a conflicting write is nil", "nil", "EXEC");
    run(c, "conflicting write kept", "\"0\"", "GET " P "acct");
}

static void pubsub(redisContext *publisher) {
    section_name = "pubsub";
    redisContext *sub = connect_one();
    run(sub, "SUBSCRIBE", "[\"subscribe\",\"" P "alerts\",:1]", "SUBSCRIBE " P "alerts");
    run(publisher, "PUBLISH reaches one subscriber", ":1", "PUBLISH " P "alerts %s", "disk full");
    redisReply *r = NULL;
    redisGetReply(sub, (void **)&r);
    expect("message", r, "[\"message\",\"" P "alerts\",\"disk full\"]");
    run(sub, "UNSUBSCRIBE", "[\"unsubscribe\",\"" P "alerts\",:0]", "UNSUBSCRIBE");
    run(publisher, "PUBLISH after unsubscribe", ":0", "PUBLISH " P "alerts late");
    redisFree(sub);
}

int main(void) {
    host = getenv("REDIS_HOST") ? getenv("REDIS_HOST") : "127.0.0.1";
    port = getenv("REDIS_PORT") ? atoi(getenv("REDIS_PORT")) : 6379;
    printf("library hiredis %d.%d.%d\n", HIREDIS_MAJOR, HIREDIS_MINOR, HIREDIS_PATCH);
    for (int i = 0; i < POOL_SIZE; i++) {
        pool[i] = connect_one();
        pool_free[i] = 1;
    }
    redisContext *c = connect_one();
    redisContext *other = connect_one();
    cleanup_and_strings(c);
    hashes_sorted_sets_lists(c);
    pipeline(c);
    pooled_workers(c);
    server(c);
    transactions(c, other);
    pubsub(other);
    for (int i = 0; i < POOL_SIZE; i++) redisFree(pool[i]);
    redisFree(c);
    redisFree(other);
    return failed ? 1 : 0;
}
