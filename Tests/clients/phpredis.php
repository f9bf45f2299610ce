<?php
// phpredis (Debian's php-redis), used as PHP applications do: persistent connections
// shared by worker processes (forked here, as PHP-FPM workers would be), pipelines,
// TTLs, counters, hashes, sorted sets, lists, WATCH/MULTI retries, and a subscriber
// process. Speaks the check protocol of Tests/clients/README.md.

const P = 'php:';
const WORKERS = 4;

$section = '-';
$failed = 0;

function check(string $name, bool $ok, string $detail = ''): void
{
    global $section, $failed;
    if ($ok) {
        echo "ok $section $name\n";
    } else {
        $failed++;
        echo "not ok $section $name: $detail\n";
    }
}

function equal(string $name, $got, $want): void
{
    check($name, $got === $want, 'got ' . json_encode($got) . ', want ' . json_encode($want));
}

function section(string $name, callable $body): void
{
    global $section;
    $section = $name;
    try {
        $body();
    } catch (Throwable $e) {
        check('aborted', false, get_class($e) . ': ' . $e->getMessage());
    }
}

function connect(bool $persistent = true): Redis
{
    $r = new Redis();
    $host = getenv('REDIS_HOST') ?: '127.0.0.1';
    $port = (int)(getenv('REDIS_PORT') ?: 6379);
    $ok = $persistent ? $r->pconnect($host, $port, 10.0, 'matrix') : $r->connect($host, $port, 10.0);
    if (!$ok) {
        throw new RuntimeException("cannot connect to $host:$port");
    }
    $r->setOption(Redis::OPT_READ_TIMEOUT, 10);
    return $r;
}

// Runs $work in WORKERS child processes; returns how many exited 0.
function in_workers(callable $work): int
{
    $pids = [];
    for ($n = 0; $n < WORKERS; $n++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            exit($work($n) ? 0 : 1);
        }
        $pids[] = $pid;
    }
    $succeeded = 0;
    foreach ($pids as $pid) {
        pcntl_waitpid($pid, $status);
        $succeeded += (pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0) ? 1 : 0;
    }
    return $succeeded;
}

function basics(Redis $r): void
{
    section('connection', function () use ($r) {
        equal('PING', $r->ping(), true);
        $it = null;
        $r->setOption(Redis::OPT_SCAN, Redis::SCAN_RETRY);
        while (($keys = $r->scan($it, P . '*', 100)) !== false) {
            $r->del($keys);
        }
        equal('no keys left under the prefix', $r->keys(P . '*'), []);
    });
    section('strings', function () use ($r) {
        equal('SET EX', $r->set(P . 'page', '<html>', ['ex' => 70]), true);
        equal('GET', $r->get(P . 'page'), '<html>');
        $ttl = $r->ttl(P . 'page');
        check('TTL after SET EX', $ttl > 65 && $ttl <= 70, (string)$ttl);
        equal('SETEX', $r->setex(P . 'otp', 30, '123456'), true);
        equal('EXPIRE', $r->expire(P . 'otp', 90), true);
        $ttl = $r->ttl(P . 'otp');
        check('TTL after EXPIRE', $ttl > 85 && $ttl <= 90, (string)$ttl);
        equal('SET NX on an existing key', $r->set(P . 'otp', 'x', ['nx']), false);
        equal('INCR', $r->incr(P . 'visits'), 1);
        equal('INCRBY', $r->incrBy(P . 'visits', 4), 5);
        equal('GET of a missing key', $r->get(P . 'nothing'), false);
        equal('MGET', $r->mGet([P . 'otp', P . 'visits', P . 'nothing']), ['123456', '5', false]);
    });
    section('hashes', function () use ($r) {
        equal('HMSET', $r->hMSet(P . 'cart', ['apple' => 2, 'pear' => 1]), true);
        equal('HINCRBY', $r->hIncrBy(P . 'cart', 'pear', 3), 4);
        equal('HGETALL', $r->hGetAll(P . 'cart'), ['apple' => '2', 'pear' => '4']);
        equal('HSET new field', $r->hSet(P . 'cart', 'plum', 9), 1);
        equal('HLEN', $r->hLen(P . 'cart'), 3);
    });
    section('sorted-sets', function () use ($r) {
        equal('ZADD', $r->zAdd(P . 'top', 12, 'x', 7, 'y', 30, 'z'), 3);
        equal('ZRANGE WITHSCORES', $r->zRange(P . 'top', 0, -1, true), ['y' => 7.0, 'x' => 12.0, 'z' => 30.0]);
        equal('ZINCRBY', $r->zIncrBy(P . 'top', 20, 'y'), 27.0);
        equal('ZRANK', $r->zRank(P . 'top', 'y'), 1);
        equal('ZREVRANGE', $r->zRevRange(P . 'top', 0, 1), ['z', 'y']);
        equal('ZSCORE', $r->zScore(P . 'top', 'x'), 12.0);
    });
    section('lists', function () use ($r) {
        equal('RPUSH', $r->rPush(P . 'mail', 'm1', 'm2'), 2);
        equal('LPUSH', $r->lPush(P . 'mail', 'm0'), 3);
        equal('LRANGE', $r->lRange(P . 'mail', 0, -1), ['m0', 'm1', 'm2']);
        equal('RPOP', $r->rPop(P . 'mail'), 'm2');
        equal('LLEN', $r->lLen(P . 'mail'), 2);
    });
    section('pipeline', function () use ($r) {
        $pipe = $r->pipeline();
        for ($i = 0; $i < 100; $i++) {
            $pipe->set(P . "p:$i", (string)$i, ['ex' => 300]);
        }
        for ($i = 0; $i < 100; $i++) {
            $pipe->get(P . "p:$i");
        }
        $replies = $pipe->exec();
        equal('100 SET EX replies', array_slice($replies, 0, 100), array_fill(0, 100, true));
        equal('100 GET replies', array_slice($replies, 100), array_map('strval', range(0, 99)));
    });
}

function pool_workers(Redis $r): void
{
    // Each worker process opens its own persistent connection, as FPM workers do.
    $ok = in_workers(function (int $n) {
        $w = connect();
        for ($i = 0; $i < 25; $i++) {
            $w->incr(P . 'hits');
        }
        return $w->set(P . "worker:$n", (string)$n, ['ex' => 60]);
    });
    equal('workers succeeded', $ok, WORKERS);
    equal('100 INCRs from 4 worker processes', $r->get(P . 'hits'), '100');
    equal("every worker's key", $r->mGet([P . 'worker:0', P . 'worker:1', P . 'worker:2', P . 'worker:3']),
        ['0', '1', '2', '3']);
}

// What ops code and health checks call: INFO, CLIENT, CONFIG GET, another database.
function server(Redis $r): void
{
    check('INFO has redis_version', isset($r->info()['redis_version']));
    $named = connect(false);
    equal('SELECT 3', $named->select(3), true);
    equal('CLIENT SETNAME', $named->client('setname', 'matrix-php'), true);
    equal('CLIENT GETNAME', $named->client('getname'), 'matrix-php');
    $names = array_column($r->client('list'), 'name');
    check('CLIENT LIST shows the name', in_array('matrix-php', $names, true), json_encode($names));
    equal('SET PX in db 3', $named->set(P . 'db3', 'x', ['px' => 100]), true);
    equal('db 3 key not in db 0', $r->exists(P . 'db3'), 0);
    $deadline = microtime(true) + 5;
    while ($named->exists(P . 'db3') && microtime(true) < $deadline) {
        usleep(50000);
    }
    equal('a PX 100 key expires', $named->get(P . 'db3'), false);
    $named->close();
    check('CONFIG GET maxmemory', array_key_exists('maxmemory', $r->config('GET', 'maxmemory')));
    check('DBSIZE', $r->dbSize() > 0);
}

function optimistic_increment(Redis $w): bool
{
    for ($attempt = 0; $attempt < 1000; $attempt++) {
        $w->watch(P . 'acct');
        $value = (int)$w->get(P . 'acct');
        $result = $w->multi()->set(P . 'acct', (string)($value + 1))->exec();
        if (is_array($result)) {
            return true;
        }
    }
    return false;
}

function transactions(Redis $r): void
{
    equal('MULTI/EXEC', $r->multi()->set(P . 'acct', '70')->incrBy(P . 'acct', 10)->exec(), [true, 80]);
    $ok = in_workers(function () {
        $w = connect(false);
        for ($i = 0; $i < 5; $i++) {
            if (!optimistic_increment($w)) {
                return false;
            }
        }
        return true;
    });
    equal('every worker finished its increments', $ok, WORKERS);
    equal('20 WATCH increments from 4 processes', $r->get(P . 'acct'), '100');
    $other = connect(false);
    $r->watch(P . 'acct');
    $other->set(P . 'acct', '3');
    equal('EXEC after a conflicting write is false', $r->multi()->incr(P . 'acct')->exec(), false);
    equal('conflicting write kept', $r->get(P . 'acct'), '3');
    $other->close();
}

function pubsub(Redis $r): void
{
    $pid = pcntl_fork();
    if ($pid === 0) {
        $sub = connect(false);
        $sub->setOption(Redis::OPT_READ_TIMEOUT, 5);
        $got = null;
        try {
            // phpredis 5.3 leaves its subscribe loop neither on UNSUBSCRIBE, nor on a false
            // return or an exception from the callback, only at the read timeout; closing the
            // connection ends it at once (phpredis issues 2060, 1524).
            $sub->subscribe([P . 'feed'], function ($redis, $channel, $message) use (&$got) {
                $got = [$channel, $message];
                $redis->close();
            });
        } catch (Throwable $e) {
            $got = $got ?? $e->getMessage();
        }
        if ($got !== [P . 'feed', 'post-1']) {
            fwrite(STDERR, 'subscriber: ' . json_encode($got) . "\n");
            exit(1);
        }
        exit(0);
    }
    // Wait until the subscriber process is subscribed before publishing.
    $deadline = microtime(true) + 5;
    while (microtime(true) < $deadline && ($r->pubsub('numsub', [P . 'feed'])[P . 'feed'] ?? 0) < 1) {
        usleep(10000);
    }
    equal('PUBSUB NUMSUB sees the subscriber', $r->pubsub('numsub', [P . 'feed']), [P . 'feed' => 1]);
    equal('PUBLISH reaches one subscriber', $r->publish(P . 'feed', 'post-1'), 1);
    pcntl_waitpid($pid, $status);
    check('the subscriber process got the message', pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0,
        'subscriber exited with ' . pcntl_wexitstatus($status));
}

// PHP's session handler backed by phpredis: start, write, read back through a second start,
// destroy. It runs before anything is printed, as PHP refuses sessions after output.
function session_round_trip(): array
{
    ini_set('session.save_handler', 'redis');
    $host = getenv('REDIS_HOST') ?: '127.0.0.1';
    $port = (int)(getenv('REDIS_PORT') ?: 6379);
    ini_set('session.save_path', "tcp://$host:$port?timeout=10&prefix=" . P . 'sess:');
    ini_set('session.gc_maxlifetime', '600');
    ini_set('session.use_cookies', '0');
    $seen = ['start' => null, 'write' => null, 'stored' => null, 'ttl' => -2, 'read' => null, 'destroy' => null,
        'left' => null];
    try {
        session_once($seen);
    } catch (Throwable $e) {
        $seen['error'] = get_class($e) . ': ' . $e->getMessage();
    }
    return $seen;
}

function session_once(array &$seen): void
{
    session_id('matrix1');
    $seen['start'] = session_start();
    $_SESSION['user'] = 'ada';
    $seen['write'] = session_write_close();
    $r = connect(false);
    $seen['stored'] = $r->get(P . 'sess:matrix1');
    $seen['ttl'] = $r->ttl(P . 'sess:matrix1');
    session_id('matrix1');
    session_start();
    $seen['read'] = $_SESSION;
    $seen['destroy'] = session_destroy();
    $seen['left'] = $r->exists(P . 'sess:matrix1');
}

function sessions(array $seen): void
{
    check('no exception', !isset($seen['error']), $seen['error'] ?? '');
    equal('session_start', $seen['start'], true);
    equal('session_write_close', $seen['write'], true);
    equal('stored session (SETEX)', $seen['stored'], 'user|s:3:"ada";');
    check('session TTL is gc_maxlifetime', $seen['ttl'] > 590 && $seen['ttl'] <= 600, (string)$seen['ttl']);
    equal('session read back', $seen['read'], ['user' => 'ada']);
    equal('session_destroy', $seen['destroy'], true);
    equal('destroyed session is gone', $seen['left'], 0);
}

$sessionResults = session_round_trip();
echo 'library phpredis ' . phpversion('redis') . ' (PHP ' . PHP_VERSION . ")\n";
// The parent's own connection is not persistent: forked workers must not inherit it.
$r = connect(false);
basics($r);
section('sessions', fn() => sessions($sessionResults));
section('pool', fn() => pool_workers($r));
section('server', fn() => server($r));
section('transactions', fn() => transactions($r));
section('pubsub', fn() => pubsub($r));
exit($failed ? 1 : 0);
