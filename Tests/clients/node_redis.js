// node-redis 4 (Debian's node-redis), used as a Node service does: one client whose
// commands issued in the same tick are pipelined, executeIsolated() over its connection
// pool for WATCH, MULTI/EXEC, and a duplicate() connection for pub/sub.
// Speaks the check protocol of Tests/clients/README.md.
'use strict';

const { createClient, WatchError } = require('redis');

const P = 'node:';
let sectionName = '-';
let failed = 0;

function check(name, ok, detail) {
    if (ok) {
        console.log(`ok ${sectionName} ${name}`);
    } else {
        failed += 1;
        console.log(`not ok ${sectionName} ${name}: ${detail}`);
    }
}

function equal(name, got, want) {
    const g = JSON.stringify(got);
    const w = JSON.stringify(want);
    check(name, g === w, `got ${g}, want ${w}`);
}

async function section(name, body) {
    sectionName = name;
    try {
        await body();
    } catch (e) {
        check('aborted', false, `${e.name}: ${e.message}`);
    }
}

async function main() {
    const version = require('redis/package.json').version;
    const clientVersion = require('@redis/client/package.json').version;
    console.log(`library node-redis ${version} (@redis/client ${clientVersion})`);
    const client = createClient({
        socket: { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT || 6379) },
        isolationPoolOptions: { min: 1, max: 4 },
    });
    client.on('error', (e) => check('client error event', false, e.message));
    await client.connect();

    await section('connection', async () => {
        equal('PING', await client.ping(), 'PONG');
        const stale = [];
        for await (const key of client.scanIterator({ MATCH: P + '*', COUNT: 100 })) stale.push(key);
        if (stale.length) await client.del(stale);
        equal('no keys left under the prefix', await client.keys(P + '*'), []);
    });
    await section('strings', async () => {
        equal('SET EX', await client.set(P + 'session', 'token', { EX: 60 }), 'OK');
        equal('GET', await client.get(P + 'session'), 'token');
        const ttl = await client.ttl(P + 'session');
        check('TTL after SET EX', ttl > 55 && ttl <= 60, ttl);
        await client.set(P + 'plain', 'v');
        equal('EXPIRE', await client.expire(P + 'plain', 40), true);
        const ttl2 = await client.ttl(P + 'plain');
        check('TTL after EXPIRE', ttl2 > 35 && ttl2 <= 40, ttl2);
        equal('SET NX on an existing key', await client.set(P + 'plain', 'w', { NX: true }), null);
        equal('INCR', await client.incr(P + 'views'), 1);
        equal('INCRBY', await client.incrBy(P + 'views', 9), 10);
        equal('MGET', await client.mGet([P + 'plain', P + 'views', P + 'none']), ['v', '10', null]);
    });
    await section('hashes', async () => {
        equal('HSET object', await client.hSet(P + 'user', { name: 'grace', logins: 1 }), 2);
        equal('HINCRBY', await client.hIncrBy(P + 'user', 'logins', 2), 3);
        equal('HGETALL', await client.hGetAll(P + 'user'), { name: 'grace', logins: '3' });
        equal('HGET', await client.hGet(P + 'user', 'name'), 'grace');
        equal('HDEL', await client.hDel(P + 'user', 'name'), 1);
    });
    await section('sorted-sets', async () => {
        equal('ZADD', await client.zAdd(P + 'board', [
            { score: 30, value: 'ann' }, { score: 10, value: 'ben' }, { score: 20, value: 'cy' }]), 3);
        equal('ZRANGE WITHSCORES', await client.zRangeWithScores(P + 'board', 0, -1),
            [{ value: 'ben', score: 10 }, { value: 'cy', score: 20 }, { value: 'ann', score: 30 }]);
        equal('ZINCRBY', await client.zIncrBy(P + 'board', 15, 'ben'), 25);
        equal('ZRANK', await client.zRank(P + 'board', 'ben'), 1);
        equal('ZRANGE REV', await client.zRange(P + 'board', 0, 0, { REV: true }), ['ann']);
        equal('ZSCORE', await client.zScore(P + 'board', 'cy'), 20);
    });
    await section('lists', async () => {
        equal('RPUSH', await client.rPush(P + 'queue', ['j1', 'j2', 'j3']), 3);
        equal('LPUSH', await client.lPush(P + 'queue', 'j0'), 4);
        equal('LRANGE', await client.lRange(P + 'queue', 0, -1), ['j0', 'j1', 'j2', 'j3']);
        equal('LPOP', await client.lPop(P + 'queue'), 'j0');
        equal('LLEN', await client.lLen(P + 'queue'), 3);
    });
    await section('pipeline', async () => {
        // Commands issued in one tick go out as one pipeline.
        const writes = [];
        for (let i = 0; i < 100; i++) writes.push(client.set(`${P}p:${i}`, String(i), { EX: 300 }));
        equal('100 SET EX in one tick', await Promise.all(writes), Array(100).fill('OK'));
        const reads = [];
        for (let i = 0; i < 100; i++) reads.push(client.get(`${P}p:${i}`));
        equal('100 GET in one tick', await Promise.all(reads), [...Array(100).keys()].map(String));
        const replies = await client.multi().incr(P + 'views').get(P + 'views').execAsPipeline();
        equal('execAsPipeline', replies, [11, '11']);
    });
    await section('pool', async () => {
        // executeIsolated borrows a dedicated connection from the isolation pool.
        await Promise.all([...Array(8).keys()].map((n) => client.executeIsolated(async (c) => {
            for (let i = 0; i < 10; i++) await c.incr(P + 'hits');
            await c.set(`${P}worker:${n}`, String(n), { EX: 60 });
        })));
        equal('80 INCRs over isolated connections', await client.get(P + 'hits'), '80');
        equal('every worker\'s key', await client.mGet([...Array(8).keys()].map((n) => `${P}worker:${n}`)),
            [...Array(8).keys()].map(String));
    });
    await section('server', () => server(client));
    await section('transactions', () => transactions(client));
    await section('pubsub', () => pubsub(client));
    await client.quit();
    process.exit(failed ? 1 : 0);
}

// What ops code and health checks call: INFO, CLIENT, CONFIG GET, another database.
async function server(client) {
    check('INFO has redis_version', /^redis_version:/m.test(await client.info('server')), 'missing');
    const named = client.duplicate({ name: 'matrix-node', database: 3 });
    await named.connect();
    try {
        equal('CLIENT GETNAME of a client created with a name', await named.clientGetName(), 'matrix-node');
        equal('SET PX in db 3', await named.set(P + 'db3', 'x', { PX: 100 }), 'OK');
        equal('db 3 key not in db 0', await client.exists(P + 'db3'), 0);
        const deadline = Date.now() + 5000;
        while (await named.exists(P + 'db3') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        equal('a PX 100 key expires', await named.get(P + 'db3'), null);
    } finally {
        await named.disconnect();
    }
    check('CONFIG GET maxmemory', 'maxmemory' in await client.configGet('maxmemory'), 'missing');
    check('DBSIZE', await client.dbSize() > 0, 'empty');
}

async function transactions(client) {
    equal('MULTI/EXEC', await client.multi().set(P + 'acct', '5').incrBy(P + 'acct', 5).get(P + 'acct').exec(),
        ['OK', 10, '10']);
    const addOne = () => client.executeIsolated(async (c) => {
        for (;;) {
            await c.watch(P + 'acct');
            const value = Number(await c.get(P + 'acct'));
            try {
                await c.multi().set(P + 'acct', String(value + 1)).exec();
                return;
            } catch (e) {
                if (!(e instanceof WatchError)) throw e;
            }
        }
    });
    await Promise.all([...Array(12).keys()].map(addOne));
    equal('12 concurrent WATCH increments', await client.get(P + 'acct'), '22');
    await client.executeIsolated(async (c) => {
        await c.watch(P + 'acct');
        await client.set(P + 'acct', '0');
        try {
            await c.multi().incr(P + 'acct').exec();
            check('EXEC after a conflicting write throws WatchError', false, 'EXEC succeeded');
        } catch (e) {
            check('EXEC after a conflicting write throws WatchError', e instanceof WatchError, String(e));
        }
    });
    equal('conflicting write kept', await client.get(P + 'acct'), '0');
}

async function pubsub(client) {
    const subscriber = client.duplicate();
    await subscriber.connect();
    try {
        await subscribeAndPublish(client, subscriber);
    } finally {
        await subscriber.disconnect();
    }
}

async function subscribeAndPublish(client, subscriber) {
    const received = [];
    let wake = () => {};
    const arrived = (n) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} messages`)), 5000);
        wake = () => { if (received.length >= n) { clearTimeout(timer); resolve(); } };
        wake();
    });
    await subscriber.subscribe(P + 'orders', (message, channel) => { received.push([channel, message]); wake(); });
    await subscriber.pSubscribe(P + 'audit.*', (message, channel) => { received.push([channel, message]); wake(); });
    equal('PUBLISH reaches one subscriber', await client.publish(P + 'orders', 'o1'), 1);
    equal('PUBLISH reaches one pattern', await client.publish(P + 'audit.login', 'a1'), 1);
    await arrived(2);
    equal('messages received', received, [[P + 'orders', 'o1'], [P + 'audit.login', 'a1']]);
    await subscriber.unsubscribe(P + 'orders');
    equal('PUBLISH after unsubscribe', await client.publish(P + 'orders', 'late'), 0);
}

main().catch((e) => {
    console.log(`not ok ${sectionName} aborted: ${e.stack}`);
    process.exit(1);
});
